// Revisit's service worker: the app shell is precached at install and served
// cache-first, so the app starts with no network after one online load.
// The BUILD object below is written by build/precache.mjs from the files of each
// build (Trunk's hashed .js/.wasm/.css included); nothing here is kept by hand.
/* global self, caches, fetch, location */
const BUILD = __REVISIT_PRECACHE__;
const CACHE_PREFIX = "revisit-shell-";
const CACHE = CACHE_PREFIX + BUILD.version;

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
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    // Every client route is the same app shell.
    event.respondWith(
      caches.match("/index.html", { cacheName: CACHE }).then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
});
