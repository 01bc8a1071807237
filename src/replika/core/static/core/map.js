// Choropleth maps of Sumatera Barat: the shipped kab/kota or kecamatan boundaries coloured
// by a bucket the page gives per region code (in a JSON script element), drawn with the
// locally served Leaflet and no tile server. The table next to each map holds the same
// figures, so the page says everything without this script.
(() => {
  // The same colours as the .swatch-* classes of replika.css (the legend).
  const COLOURS = {
    none: "#eceff3",
    off: "#ffffff",
    0: "#f1eef6", 1: "#d0e3ef", 2: "#a6cfe0", 3: "#67a9cf", 4: "#2b8cbe", 5: "#045a8d",
    s0: "#fff5eb", s1: "#fdd0a2", s2: "#fdae6b", s3: "#f16913", s4: "#a63603",
  };

  function tooltipFor(info, name) {
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = (info && info.title) || name;
    box.appendChild(title);
    for (const line of (info && info.lines) || []) {
      const row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    }
    return box;
  }

  function draw(element) {
    if (typeof L === "undefined") return;
    const source = document.getElementById(element.dataset.values);
    const data = source ? JSON.parse(source.textContent) : { regions: {} };
    const regions = data.regions || {};
    const map = L.map(element, {
      attributionControl: false,
      scrollWheelZoom: false,
      zoomSnap: 0.25,
      dragging: !L.Browser.mobile,
      tap: false,
    });
    fetch(element.dataset.geojson)
      .then((response) => response.json())
      .then((shapes) => {
        const layer = L.geoJSON(shapes, {
          style: (feature) => {
            const info = regions[feature.properties.kode];
            // A region the page says nothing about (the programme is not live there) is blank.
            const bucket = info && info.bucket !== undefined ? info.bucket : "off";
            return {
              color: "#4d5a66",
              weight: 1,
              fillColor: COLOURS[bucket] || COLOURS.none,
              fillOpacity: 0.9,
            };
          },
          onEachFeature: (feature, shape) => {
            const info = regions[feature.properties.kode];
            shape.bindTooltip(tooltipFor(info, feature.properties.nama), { sticky: true });
            if (info && info.href) {
              shape.on("click", () => { window.location.href = info.href; });
            }
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        element.classList.add("map-ready");
      })
      .catch(() => element.classList.add("map-failed"));
  }

  const start = () => document.querySelectorAll("[data-region-map]").forEach(draw);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
