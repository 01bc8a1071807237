// The outbox of a page used offline: entries kept in the browser (IndexedDB) until the
// server has them. Each entry has an id made here, which the server stores with a unique
// constraint, so an entry sent twice (offline, then the answer lost) is written once.
// The one implementation for every offline page (the posyandu session, the field survey):
// window.ReplikaOutbox.open(name) gives one store per page kind.
//
// A phone is shared (a posyandu's cadres, a family's phone): an outbox belongs to the
// account that filled it. Its database is named after the signed-in account's opaque key
// (<html data-outbox-owner>), so another account signing in on the same phone neither sees
// nor sends those entries; they wait until their author signs in again. How many entries
// wait is mirrored in localStorage, so that signing out (replika.js) can warn at once.
(() => {
  "use strict";
  const STORE = "outbox";
  const COUNT_PREFIX = "replika-outbox:";

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  const owner = () => document.documentElement.dataset.outboxOwner || "";

  // Nobody signed in: an outbox that holds nothing and keeps nothing.
  const NOBODY = {
    put: async () => {},
    drop: async () => {},
    all: async () => [],
  };

  function open(name) {
    const who = owner();
    if (!who) return NOBODY;
    const countKey = `${COUNT_PREFIX}${who}:${name}`;
    let dbPromise = null;
    const db = () => {
      if (!dbPromise) {
        dbPromise = new Promise((resolve, reject) => {
          const request = indexedDB.open(`${name}@${who}`, 1);
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
    async function everything() {
      const all = (await tx("readonly", (s) => s.getAll())) || [];
      try {
        localStorage.setItem(countKey, String(all.length));
      } catch (_error) {
        // Private mode or a full disk: the warning at sign-out is lost, never an entry.
      }
      return all;
    }
    return {
      async put(entry) {
        await tx("readwrite", (s) => s.put(entry));
        await everything();
      },
      async drop(id) {
        await tx("readwrite", (s) => s.delete(id));
        await everything();
      },
      // Oldest first, optionally only those of one page.
      async all(page) {
        const all = await everything();
        return all.filter((e) => !page || e.page === page).sort((a, b) => a.at - b.at);
      },
    };
  }

  // Keep the page and its assets in the service worker's cache for a reload offline; after
  // the page has loaded, so that registering the worker and fetching the copies do not
  // compete with the first paint on a slow phone.
  function keepPage(workerUrl) {
    if (!("serviceWorker" in navigator) || !workerUrl || !owner()) return;
    const keep = () =>
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
    if (document.readyState === "complete") keep();
    else window.addEventListener("load", keep, { once: true });
  }

  window.ReplikaOutbox = { open, newId, keepPage };
})();
