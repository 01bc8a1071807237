// Service worker of a page used offline (the posyandu session, the field survey; its scope
// is the folder it is served from). The page and its assets are kept so that it can be
// reloaded offline; entries typed offline live in the page's outbox (IndexedDB), not here. Network first for pages (fresh data
// when there is a connection), cache first for static assets (their names change with
// their content).
const CACHE = "{{ cache|escapejs }}";
const FAMILY = "{{ family|escapejs }}";
const STATIC = "{{ static_prefix|escapejs }}";
const LOGIN = "{{ login_url|escapejs }}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(FAMILY) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The page asks to keep itself and its assets (the first visit is not yet controlled).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        event.data.urls.map((url) =>
          fetch(url, { credentials: "same-origin" })
            .then((response) => (response.ok && !response.redirected ? cache.put(url, response) : null))
            .catch(() => null)
        )
      )
    )
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith(STATIC)) {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          })
      )
    );
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.redirected && new URL(response.url).pathname.startsWith(LOGIN)) {
          // Signed out: nothing of the session stays on the phone.
          caches.delete(CACHE);
        } else if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        // Django's answers vary on the cookie and language, which a kept copy cannot
        // repeat: the copy is this phone's own, so the variation is ignored.
        caches
          .match(request, { ignoreVary: true })
          .then((hit) => hit || caches.match(request, { ignoreVary: true, ignoreSearch: true }))
          .then((hit) => hit || Response.error())
      )
  );
});
