/* global self, caches */
/* Yiwang citizen app service worker (hand-written; the build fills in the shell list).
 *
 * - precaches the citizen app shell so the app opens offline;
 * - navigations: network first, falling back to the cached shell;
 * - hashed build assets under /assets/: cache first (they never change);
 * - never touches /api/ or the staff console (/console/).
 */
const VERSION = '__VERSION__';
const CACHE = `yiwang-citizen-${VERSION}`;
const SHELL = /*__SHELL_FILES__*/ ['/'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('yiwang-citizen-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/') || path.startsWith('/console') || path === '/readyz' || path === '/healthz') return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((r) => r || Response.error())),
    );
    return;
  }

  if (path.startsWith('/assets/') || path.startsWith('/icons/') || path === '/manifest.webmanifest') {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
  }
});
