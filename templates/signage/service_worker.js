/* Lets a signage screen start, or reload, while the server cannot be reached.
 *
 * The kiosk pages under /signage/ and the files under {{ static_prefix }} are fetched from the
 * network first and kept; when the network fails (or answers with a server error) the kept copy
 * is used. The API and heartbeats are left alone: the page keeps its last content itself.
 */
const CACHE = "kamagaya-signage-v1";
const SHELL_FILES = {{ shell_files|safe }};
const STATIC_PREFIX = "{{ static_prefix }}";
const NETWORK_TIMEOUT_MS = 8000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    if (response.ok) {
      await cache.put(request, response.clone());
      return response;
    }
    return (await cache.match(request)) || response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && url.pathname.startsWith("/signage/");
  if (page || url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(networkFirst(request));
  }
});
