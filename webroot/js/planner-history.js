// A workshop's event log in the browser (for history in words and undo), read over REST page by
// page and kept up to date with the live events; and the publishing of a version (a release) with
// what changed since the last one, as text for the speakers. Shared by the planner and the editor.

import { eventPages } from './lineup-live.js';
import { getJson } from './ui.js';

/** The log of one workshop: events by seq, with every seq up to `upTo` present. */
export class EventLog {
  constructor(workshopId) {
    this.id = workshopId;
    this.events = new Map();
    this.upTo = 0;
    this.loading = null;
    this.listeners = new Set();
  }

  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Adds events from anywhere (REST pages, live); each seq once. */
  add(events, notify = true) {
    let added = false;
    for (const event of events) {
      if (event && typeof event.seq === 'number' && !this.events.has(event.seq)) {
        this.events.set(event.seq, event);
        added = true;
      }
    }
    while (this.events.has(this.upTo + 1)) this.upTo++;
    if (added && notify) this.listeners.forEach((fn) => fn(this));
  }

  /** Reads the log after the last seq held in order, page by page (lineup-live's eventPages). */
  load() {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        for await (const page of eventPages(this.id, this.upTo)) this.add(page, false);
      } catch (e) {
        console.warn(`lineup: the log of ${this.id} could not be read`, e.message);
      } finally {
        this.loading = null;
        this.listeners.forEach((fn) => fn(this));
      }
    })();
    return this.loading;
  }

  /** Events newest first, optionally only those concerning one talk. */
  newestFirst(talkId = null) {
    const out = [...this.events.values()].sort((a, b) => b.seq - a.seq);
    return talkId === null ? out : out.filter((e) => concerns(e.type, e.data || {}, talkId));
  }
}

/** Whether an event changed that talk. */
export function concerns(type, d, talkId) {
  if (!d) return false;
  switch (type) {
    case 'talk.added': return Boolean(d.talk && d.talk.id === talkId);
    case 'talk.updated':
    case 'talk.moved':
    case 'talk.removed': return d.talkId === talkId || Boolean(d.talk && d.talk.id === talkId);
    case 'schedule.shifted': return (d.talkIds || []).includes(talkId);
    case 'change.reverted': return Boolean(d.inverse) && concerns(d.inverse.type, d.inverse, talkId);
    default: return false;
  }
}

// ---- releases ---------------------------------------------------------------------------------

/** The latest release of a workshop (highest version), or null. */
export async function latestRelease(workshopId) {
  const list = await getJson(`/api/workshops/${encodeURIComponent(workshopId)}/releases`);
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.reduce((a, b) => (b.version > a.version || (b.version === a.version && b.at > a.at) ? b : a));
}

/** A name for the next release: one more than the highest "vN" among these, else "v1". */
export function nextReleaseName(releases) {
  let n = 0;
  for (const r of releases) {
    const m = r && /^v(\d+)$/.exec(r.name);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `v${n + 1}`;
}

/**
 * What changed in a workshop since its latest release (or since its first version when it has
 * none), as Markdown from GET /changes. Returns {from, text, empty}.
 */
export async function changesSinceRelease(workshopId) {
  const release = await latestRelease(workshopId);
  const from = release ? release.name : '1';
  const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/changes?from=${encodeURIComponent(from)}`, {
    headers: { accept: 'text/markdown' },
  });
  if (!response.ok) throw new Error(`changes of ${workshopId}: ${response.status}`);
  const text = await response.text();
  return { from: release, text, empty: /\nNo changes\.\n?$/.test(text) };
}

/** Names the current version of a workshop; resolves with the release, rejects with a message. */
export async function publish(workshopId, token, name, note) {
  const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/releases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(note ? { name, note } : { name }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.detail || body.title || `${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}
