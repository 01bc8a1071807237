// The outbox of a page used offline: entries kept in the browser (IndexedDB) until the
// server has them. Each entry has an id made here, which the server stores with a unique
// constraint, so an entry sent twice (offline, then the answer lost) is written once.
// Used by the field survey; window.ReplikaOutbox.open(name) gives one store per page kind.
(() => {
  "use strict";
  const STORE = "outbox";

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function open(name) {
    let dbPromise = null;
    const db = () => {
      if (!dbPromise) {
        dbPromise = new Promise((resolve, reject) => {
          const request = indexedDB.open(name, 1);
          request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      return dbPromise;
    };
    async function tx(mode, work) {
      const database = await db();
      return new Promise((resolve, reject) => {
        const t = database.transaction(STORE, mode);
        const result = work(t.objectStore(STORE));
        t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        t.onerror = () => reject(t.error);
      });
    }
    return {
      put: (entry) => tx("readwrite", (s) => s.put(entry)),
      drop: (id) => tx("readwrite", (s) => s.delete(id)),
      // Oldest first, optionally only those of one page.
      async all(page) {
        const all = (await tx("readonly", (s) => s.getAll())) || [];
        return all.filter((e) => !page || e.page === page).sort((a, b) => a.at - b.at);
      },
    };
  }

  // Keep the page and its assets in the service worker's cache for a reload offline.
  function keepPage(workerUrl) {
    if (!("serviceWorker" in navigator) || !workerUrl) return;
    navigator.serviceWorker
      .register(workerUrl)
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const assets = Array.from(
          document.querySelectorAll("script[src], link[rel=stylesheet]"),
          (el) => el.src || el.href
        );
        reg.active.postMessage({ type: "keep", urls: [location.href, ...assets] });
      })
      .catch(() => {});
  }

  window.ReplikaOutbox = { open, newId, keepPage };
})();
