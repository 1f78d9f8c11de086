// The service worker of the venue display, the lobby and the programme: keeps these pages and
// everything they load, so that a screen rebooted while the venue network is down still starts.
// Network first (a new version shows at once), the kept copy when the network does not answer
// within NETWORK_WAIT_MS. Data is not kept here: the pages save what they showed last themselves
// (js/offline.js) and lineup-live catches up from there. Every other request passes through.

const SHELL_CACHE = 'lineup-shell-v1';
const NETWORK_WAIT_MS = 3000;

const PAGES = ['/', '/index.html', '/display.html'];
const SHELL = [
  ...PAGES,
  '/favicon.ico',
  '/css/lineup.css',
  '/css/display.css',
  '/js/addresses.js',
  '/js/agenda.js',
  '/js/display.js',
  '/js/fit.js',
  '/js/lineup-live.js',
  '/js/lobby.js',
  '/js/offline.js',
  '/js/programme.js',
  '/js/room.js',
  '/js/screen.js',
  '/js/stars.js',
  '/js/ui.js',
  '/vendor/sockjs-client/sockjs.min.js',
  '/vendor/vertx-eventbus/vertx-eventbus.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('lineup-shell-') && n !== SHELL_CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith(networkFirst(request, url));
});

async function networkFirst(request, url) {
  const cache = await caches.open(SHELL_CACHE);
  // A page is kept once, whatever its query (?workshop=, ?meeting=, ?category=).
  const key = PAGES.includes(url.pathname) ? url.pathname : request;
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (e) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw e;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
