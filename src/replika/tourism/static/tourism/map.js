/* The portal's map: region outlines from the boundary files, attractions and villages as
   points. No tile server is needed; a region may set its own tile address. */
(function () {
  "use strict";

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function start() {
    var el = document.getElementById("tourism-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
    map.setView([-0.74, 100.8], 7);
    if (el.dataset.tiles) {
      // Leaflet writes attributions as HTML: the region's text goes in escaped.
      L.tileLayer(el.dataset.tiles, {
        maxZoom: 18,
        attribution: text(el.dataset.attribution || "").outerHTML
      }).addTo(map);
    }
    var focus = el.dataset.focus || "";
    var detail = el.dataset.detail || "";
    Promise.all([getJson(el.dataset.regions), getJson(el.dataset.boundaries)]).then(function (res) {
      var live = res[0].regions || [];
      var outline = L.geoJSON(res[1], {
        style: function (f) {
          var on = live.indexOf(f.properties.kode) >= 0;
          return { color: "#355", weight: 1, fillColor: on ? "#9cc9a8" : "#dde3e6", fillOpacity: on ? 0.5 : 0.3 };
        },
        onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.nama); }
      }).addTo(map);
      // Fit the chosen region, else the regions with a portal, else the province.
      var wanted = focus ? [focus.slice(0, 5)] : live;
      var chosen = L.geoJSON(res[1], { filter: function (f) { return wanted.indexOf(f.properties.kode) >= 0; } });
      var target = chosen.getLayers().length ? chosen : outline;
      map.fitBounds(target.getBounds(), { padding: [8, 8] });
      if (focus.length > 5) {
        getJson(el.dataset.districts).then(function (d) {
          L.geoJSON(d, {
            filter: function (f) { return f.properties.kode === focus; },
            style: { color: "#b35", weight: 2, fillOpacity: 0.05 }
          }).addTo(map);
        });
      }
    }).catch(function () { el.classList.add("map-failed"); });
    getJson(el.dataset.points).then(function (points) {
      L.geoJSON(points, {
        pointToLayer: function (f, latlng) {
          var village = f.properties.kind === "desa_wisata";
          return L.circleMarker(latlng, { radius: 6, weight: 2, color: village ? "#7a3" : "#c52", fillOpacity: 0.8 });
        },
        onEachFeature: function (f, layer) {
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = detail.replace("/0/", "/" + f.properties.id + "/");
          link.textContent = f.properties.name;
          box.appendChild(link);
          box.appendChild(document.createElement("br"));
          box.appendChild(text((f.properties.category || "") + " · " + f.properties.region));
          layer.bindPopup(box);
        }
      }).addTo(map);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
