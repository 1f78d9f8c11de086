// Working without the network: the service worker (/sw.js) keeps the pages and their scripts;
// what a page last had (its workshops, the shifts of the day, when it was last online) it keeps
// itself in localStorage (saved/save, under lineup.<key>), to show after a reload or a reboot with
// no network.

const PREFIX = 'lineup.';

/** Registers the service worker (a secure context only: https, or http on localhost). */
export function keepPagesOffline() {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => {
    console.warn('offline: no service worker', e);
    return null;
  });
}

/** What this page saved under `key` (JSON), or null. */
export function saved(key) {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text === null ? null : JSON.parse(text);
  } catch (e) {
    return null;
  }
}

/** Saves `value` (JSON) under `key`; a full or disabled storage only loses the offline copy. */
export function save(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (e) {
    console.warn('offline: cannot save', key, e.name);
  }
}

/**
 * Saves what the page shows at most once every `everyMs` (a change storm is one write), and at
 * once when the page is hidden or unloaded.
 */
export function saver(key, everyMs = 2000) {
  let value;
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (value !== undefined) save(key, value());
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  return (current) => {
    value = current;
    if (!timer) timer = setTimeout(flush, everyMs);
  };
}

/**
 * When this browser last had a live connection (ms since the epoch), kept across reloads, so that
 * a screen rebooted without the network can say since when it is offline.
 */
export const lastOnline = {
  get() {
    const ms = Number(saved('offline.last-online'));
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  },
  touch() {
    save('offline.last-online', Date.now());
  },
};
