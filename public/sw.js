// Revisit's service worker: both apps (the technician's, index.html, and the
// office's, office.html) are precached at install and served cache-first, so
// either starts with no network after one online load.
// The BUILD object below is written by build/precache.mjs from the files of each
// build (Trunk's hashed .js/.wasm/.css included); nothing here is kept by hand.
/* global self, caches, fetch, location */
const BUILD = __REVISIT_PRECACHE__;
const CACHE_PREFIX = "revisit-shell-";
const CACHE = CACHE_PREFIX + BUILD.version;
/** Where the office app's screens are (src/office.rs, server/src/assets.rs). */
const OFFICE = "/office";
const shellOf = (pathname) =>
  pathname === OFFICE || pathname.startsWith(`${OFFICE}/`) ? "/office.html" : "/index.html";

self.addEventListener("install", (event) => {
  // No skipWaiting() here: a new version waits until no page uses the old one
  // (or the user taps "update"), so a half-filled form is never reloaded away.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(BUILD.files)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // The API is never cached: the app's data lives in IndexedDB, not in HTTP caches.
  // A customer's survey link (/s/…) is the server's own page, never the app's.
  if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/s/")) return;
  if (request.mode === "navigate") {
    // A client route is an app's page: the office app's under /office (as the
    // server answers, server/src/assets.rs), the technician's everywhere else.
    const shell = shellOf(url.pathname);
    event.respondWith(caches.match(shell, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
});
