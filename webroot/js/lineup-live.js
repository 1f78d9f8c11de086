// Lineup live: follow one workshop in the browser.
//
// A plain ES module (no build step). It loads the vendored official clients (sockjs-client and
// the Vert.x event bus bridge client) as classic scripts, keeps a local copy of the workshop
// up to date event by event, strictly in seq order, and fetches what it missed over REST
// whenever it sees a gap, reconnects, or the server says it fell behind.
//
//   import { follow } from '/js/lineup-live.js';
//   const live = follow({ workshop: 'dali2018-theory', token,
//     onWorkshop: w => render(w), onEvent: (e, w) => flash(e), onPresence: p => showWho(p),
//     onStatus: s => badge(s) });
//   await live.send({ type: 'talk.move', talkId: 't3-1', start: '10:00', end: '10:30' });
//   live.setEditing('t3-1', 'title');

import * as Address from './addresses.js';

const { COMMANDS, Notice } = Address;
const { LAGGING, CHANGES_PAUSED, CHANGES_RESUMED } = Notice;

const VENDOR_SCRIPTS = [
  new URL('../vendor/sockjs-client/sockjs.min.js', import.meta.url).href,
  new URL('../vendor/vertx-eventbus/vertx-eventbus.js', import.meta.url).href,
];

/** After registering, one more catch-up: in a cluster the registration takes a moment to spread. */
const SETTLE_MS = 1000;
/** A command whose reply never comes (the socket died under it) is given up after this long. */
const SEND_TIMEOUT_MS = 35000;

export const Status = Object.freeze({
  ONLINE: 'online',
  OFFLINE: 'offline',
  CATCHING_UP: 'catching-up',
  PAUSED: 'paused',
});

let clientsLoading = null;

/** Loads sockjs-client, then the bridge client, once per page (they define SockJS, EventBus). */
function loadClients() {
  if (globalThis.SockJS && globalThis.EventBus) return Promise.resolve();
  if (!clientsLoading) {
    clientsLoading = VENDOR_SCRIPTS.reduce((done, src) => done.then(() => loadScript(src)), Promise.resolve())
      .catch((e) => {
        clientsLoading = null;
        throw e;
      });
  }
  return clientsLoading;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(script);
  });
}

/**
 * Follows a workshop live. Returns a handle:
 *   send(command) → Promise of the reply {version, seq, events}; rejects with an Error carrying
 *     status (the HTTP status), problem (the problem+json object) and retryable (true when the
 *     outcome is unknown: send the same command again, its commandId makes that safe);
 *   setEditing(talkId, field) / setEditing(null): what this user is editing, for presence;
 *   setToken(token); pause(); resume(); close();
 *   workshop (the current state), version, status.
 *
 * @param {object} options
 * @param {string} options.workshop   the workshop id
 * @param {string} [options.token]    a JWT: needed to send commands and to be present
 * @param {function} [options.onWorkshop] (workshop) after the snapshot and after each batch of events
 * @param {function} [options.onEvent]    (event, workshop) for every event applied, in seq order
 * @param {function} [options.onPresence] ({workshop, present: [{sub, roles, editing, since}]})
 * @param {function} [options.onStatus]   ('online' | 'offline' | 'catching-up' | 'paused')
 * @param {function} [options.onChanges]  (accepted: boolean) false when the server says changes are
 *   paused (its store is unreachable; commands answer 503), true when they resume
 * @param {string} [options.baseUrl]  where the server is ('' for this page's origin)
 * @param {boolean} [options.presence] announce this user as present (default: when a token is given)
 * @param {function} [options.fetch]  a fetch implementation (tests)
 */
export function follow(options) {
  const follower = new Follower(options);
  follower.start();
  return follower.handle();
}

class Follower {
  constructor({
    workshop, token = null, onWorkshop = () => {}, onEvent = () => {}, onPresence = () => {},
    onStatus = () => {}, onChanges = () => {}, baseUrl = '', presence, fetch: fetchImpl,
  } = {}) {
    if (!workshop) throw new Error('follow() needs a workshop id');
    this.id = workshop;
    this.token = token;
    this.callbacks = { onWorkshop, onEvent, onPresence, onStatus, onChanges };
    this.changesAccepted = true;
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.announce = presence ?? Boolean(token);
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.eventsAddress = Address.workshop(workshop);
    this.presenceAddress = Address.presence(workshop);

    this.state = null;
    this.version = null; // null until the snapshot is loaded
    this.buffer = new Map(); // seq → event, waiting for its turn
    this.eb = null;
    this.status = null;
    this.closed = false;
    this.paused = false;
    this.catching = false;
    this.again = false;
    this.attempts = 0;
    this.timers = { reconnect: null, settle: null, retry: null };
    this.editing = null;
    this.pending = new Set(); // rejecters of commands awaiting their reply
  }

  handle() {
    const self = this;
    return {
      send: (command) => self.send(command),
      setEditing: (talkId, field) => self.setEditing(talkId, field),
      setToken: (token) => self.setToken(token),
      pause: () => self.pause(),
      resume: () => self.resume(),
      close: () => self.close(),
      get workshop() { return self.state; },
      get version() { return self.version; },
      get status() { return self.status; },
      get changesAccepted() { return self.changesAccepted; },
    };
  }

  start() {
    this.setStatus(Status.CATCHING_UP);
    this.connect();
  }

  // ---- connection ---------------------------------------------------------------------

  async connect() {
    if (this.closed || this.paused) return;
    try {
      await loadClients();
    } catch (e) {
      console.warn('lineup-live:', e.message);
      this.setStatus(Status.OFFLINE);
      this.scheduleReconnect();
      return;
    }
    if (this.closed || this.paused || this.eb) return;
    const eb = new globalThis.EventBus(`${this.baseUrl}/eventbus`);
    this.eb = eb;
    this.applyHeaders();
    eb.onopen = () => {
      if (eb !== this.eb) return;
      this.attempts = 0;
      eb.registerHandler(this.eventsAddress, (err, msg) => this.onBusMessage(err, msg));
      eb.registerHandler(this.presenceAddress, (err, msg) => {
        // Notices (the registration's acknowledgement) carry a type; presence lists do not.
        if (!err && msg && msg.body && !msg.body.type) this.callbacks.onPresence(msg.body);
      });
      this.sendPresence();
      this.catchUp();
      clearTimeout(this.timers.settle);
      this.timers.settle = setTimeout(() => this.catchUp(), SETTLE_MS);
    };
    eb.onclose = () => {
      if (eb !== this.eb) return;
      this.eb = null;
      this.failPending(connectionLost());
      if (this.closed || this.paused) return;
      this.setStatus(Status.OFFLINE);
      this.scheduleReconnect();
    };
    eb.onerror = (err) => console.warn('lineup-live: bridge error', err);
  }

  isOpen() {
    return Boolean(this.eb) && this.eb.state === globalThis.EventBus.OPEN;
  }

  scheduleReconnect() {
    clearTimeout(this.timers.reconnect);
    const delay = backoff(this.attempts++);
    this.timers.reconnect = setTimeout(() => this.connect(), delay);
  }

  applyHeaders() {
    if (this.eb) this.eb.defaultHeaders = this.token ? { authorization: `Bearer ${this.token}` } : null;
  }

  setToken(token) {
    this.token = token;
    this.applyHeaders();
    this.sendPresence();
  }

  pause() {
    if (this.closed || this.paused) return;
    this.paused = true;
    this.dropConnection();
    this.setStatus(Status.PAUSED);
  }

  resume() {
    if (this.closed || !this.paused) return;
    this.paused = false;
    this.setStatus(Status.CATCHING_UP);
    this.connect();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.dropConnection();
    this.setStatus(Status.OFFLINE);
  }

  dropConnection() {
    Object.values(this.timers).forEach(clearTimeout);
    const eb = this.eb;
    this.eb = null;
    if (eb) eb.close();
    this.failPending(connectionLost());
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.callbacks.onStatus(status);
  }

  // ---- events, strictly by seq --------------------------------------------------------

  onBusMessage(err, msg) {
    if (err || !msg || !msg.body || typeof msg.body !== 'object') return;
    if (msg.body.type === LAGGING) {
      this.catchUp();
      return;
    }
    if (msg.body.type === CHANGES_PAUSED || msg.body.type === CHANGES_RESUMED) {
      this.changesAccepted = msg.body.type === CHANGES_RESUMED;
      this.callbacks.onChanges(this.changesAccepted);
      if (this.changesAccepted) this.catchUp();
      return;
    }
    this.offer([msg.body]);
  }

  /** Takes events from anywhere (the bus, a command's reply); each is applied once, in order. */
  offer(events) {
    for (const event of events) {
      if (typeof event.seq === 'number' && (this.version === null || event.seq > this.version)) {
        this.buffer.set(event.seq, event);
      }
    }
    if (this.catching || this.version === null) return;
    if (this.drain() > 0) this.publishState();
    if (this.buffer.size > 0) this.catchUp(); // a gap: something is missing before these
  }

  /** Applies the buffered events that follow the current version; returns how many. */
  drain() {
    let applied = 0;
    for (const seq of [...this.buffer.keys()]) {
      if (seq <= this.version) this.buffer.delete(seq);
    }
    while (this.buffer.has(this.version + 1)) {
      const event = this.buffer.get(this.version + 1);
      this.buffer.delete(event.seq);
      this.apply(event);
      applied++;
    }
    return applied;
  }

  apply(event) {
    this.state = evolve(this.state ?? absentWorkshop(this.id), event);
    this.version = event.seq;
    this.callbacks.onEvent(event, this.state);
  }

  publishState() {
    this.callbacks.onWorkshop(this.state);
  }

  catchUp() {
    if (this.closed || this.paused) return;
    if (this.catching) {
      this.again = true;
      return;
    }
    this.catching = true;
    this.setStatus(Status.CATCHING_UP);
    this.runCatchUp().finally(() => {
      this.catching = false;
    });
  }

  async runCatchUp() {
    const before = this.version;
    try {
      let rounds = 0;
      do {
        this.again = false;
        if (this.version === null) await this.loadSnapshot();
        await this.loadEventsAfterVersion();
        this.drain();
        // Events still waiting behind a hole: the log had not reached them yet; look again.
        if (this.buffer.size > 0) this.again = true;
      } while (this.again && ++rounds < 5 && !this.closed && !this.paused);
      if (this.version !== before) this.publishState();
      if (!this.closed && !this.paused) this.setStatus(this.isOpen() ? Status.ONLINE : Status.OFFLINE);
      // The server answered: if the bus is still down, try it now rather than at the end of a
      // backoff that grew while the server was away.
      if (!this.closed && !this.paused && !this.eb) {
        this.attempts = 0;
        clearTimeout(this.timers.reconnect);
        this.connect();
      }
    } catch (e) {
      console.warn('lineup-live: catching up failed', e);
      if (this.closed || this.paused) return;
      this.setStatus(Status.OFFLINE);
      clearTimeout(this.timers.retry);
      this.timers.retry = setTimeout(() => this.catchUp(), backoff(this.attempts++));
    }
  }

  async loadSnapshot() {
    const response = await this.get(`/api/workshops/${encodeURIComponent(this.id)}`);
    if (response.status === 404) {
      this.state = absentWorkshop(this.id);
      this.version = 0;
    } else {
      const snapshot = await response.json();
      this.state = normalizeWorkshop(snapshot);
      this.version = snapshot.version ?? 0;
    }
    this.publishState();
  }

  /** Pages through /events?after=<version> until an empty page. */
  async loadEventsAfterVersion() {
    for (;;) {
      const response = await this.get(
        `/api/workshops/${encodeURIComponent(this.id)}/events?after=${this.version}`);
      if (response.status === 404) return;
      const page = await response.json();
      if (!Array.isArray(page) || page.length === 0) return;
      const before = this.version;
      for (const event of [...page].sort((a, b) => a.seq - b.seq)) {
        if (event.seq <= this.version) continue;
        if (event.seq !== this.version + 1) {
          // The log does not continue our version: start again from a snapshot.
          this.version = null;
          this.again = true;
          return;
        }
        this.apply(event);
      }
      if (this.version === before) return;
    }
  }

  /** Reading is public: no token, so that an expired one cannot stop a display from reading. */
  async get(path) {
    const response = await this.fetch(`${this.baseUrl}${path}`, { headers: { accept: 'application/json' } });
    if (!response.ok && response.status !== 404) {
      throw new Error(`GET ${path}: ${response.status}`);
    }
    return response;
  }

  // ---- commands and presence ----------------------------------------------------------

  send(command) {
    return new Promise((resolve, reject) => {
      if (!this.isOpen()) {
        reject(connectionLost('not connected'));
        return;
      }
      const body = { workshop: this.id, ...command };
      if (!body.commandId && globalThis.crypto && globalThis.crypto.randomUUID) {
        body.commandId = globalThis.crypto.randomUUID();
      }
      let settled = false;
      const fail = (error) => {
        if (settled) return;
        settled = true;
        this.pending.delete(fail);
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => fail(connectionLost('no reply')), SEND_TIMEOUT_MS);
      this.pending.add(fail);
      this.eb.send(COMMANDS, body, {}, (err, reply) => {
        if (settled) return;
        if (err) {
          fail(commandError(err));
          return;
        }
        settled = true;
        this.pending.delete(fail);
        clearTimeout(timer);
        const result = reply.body;
        if (result && Array.isArray(result.events)) {
          const mine = result.events.filter((e) => e.workshop === this.id);
          if (mine.length) this.offer(mine);
        }
        resolve(result);
      });
    });
  }

  failPending(error) {
    [...this.pending].forEach((fail) => fail(error));
  }

  setEditing(talkId = null, field = null) {
    this.editing = talkId || field ? withoutNulls({ talkId, field }) : null;
    this.announce = this.announce || Boolean(this.token);
    this.sendPresence();
  }

  sendPresence() {
    if (!this.announce || !this.token || !this.isOpen()) return;
    this.eb.send(this.presenceAddress, { editing: this.editing });
  }
}

function backoff(attempt) {
  const ms = Math.min(30000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(ms * (0.5 + Math.random() / 2));
}

function connectionLost(why = 'connection lost') {
  const error = new Error(`${why}: the outcome is unknown, send the same command again`);
  error.retryable = true;
  error.status = 0;
  return error;
}

/** The bridge's failure {failureCode, failureType, message}; message is the problem+json text. */
function commandError(err) {
  let problem = null;
  try {
    problem = JSON.parse(err.message);
  } catch (e) {
    problem = null;
  }
  const detail = problem && (problem.detail || problem.title);
  const error = new Error(detail || err.message || err.failureType || 'command failed');
  error.status = err.failureCode;
  error.failureType = err.failureType;
  error.problem = problem;
  error.retryable = err.failureType === 'TIMEOUT' || err.failureType === 'NO_HANDLERS';
  return error;
}

function withoutNulls(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

// ---- the workshop model, as dev.lineup.schedule.Decider#evolve ------------------------------

const WORKSHOP_FIELDS = ['title', 'abstract', 'organizerUrl', 'categories', 'room', 'showAbstracts',
  'date', 'timezone', 'speakers', 'extra'];
const TALK_FIELDS = ['title', 'authors', 'start', 'end', 'abstract', 'youtube', 'kind', 'status', 'extra'];
const PERSON_FIELDS = ['given', 'family', 'url', 'institute', 'extra'];

/** The state before the first event: nothing exists yet (no title). */
export function absentWorkshop(id) {
  return normalizeWorkshop({ id, version: 0 });
}

/** Whether a workshop exists (created or imported, not deleted). */
export function exists(workshop) {
  return Boolean(workshop) && workshop.title !== undefined && workshop.title !== null;
}

/** The state after one event: the next version, warnings recomputed. Pure. */
export function evolve(state, event) {
  const next = applyEvent(state, event.type, event.data || {});
  next.version = event.seq;
  next.warnings = warningsOf(next);
  return next;
}

function applyEvent(w, type, d) {
  switch (type) {
    case 'workshop.created':
    case 'workshop.imported':
      return { ...normalizeWorkshop(d.workshop || {}), id: w.id, version: w.version };
    case 'workshop.updated':
      return patch(w, d.set, WORKSHOP_FIELDS);
    case 'workshop.deleted':
      return absentWorkshop(w.id);
    case 'organizer.added':
      return { ...w, organizers: [...w.organizers, d.organizer] };
    case 'organizer.updated':
      return {
        ...w,
        organizers: w.organizers.map((o) => (o.id === d.organizerId ? patch(o, d.set, PERSON_FIELDS) : o)),
      };
    case 'organizer.removed':
      return { ...w, organizers: w.organizers.filter((o) => o.id !== d.organizerId) };
    case 'talk.added':
      return { ...w, talks: insertByTime(w.talks, normalizeTalk(d.talk)) };
    case 'talk.updated':
      return { ...w, talks: w.talks.map((t) => (t.id === d.talkId ? patch(t, d.set, TALK_FIELDS) : t)) };
    case 'talk.moved':
      return { ...w, talks: w.talks.map((t) => (t.id === d.talkId ? withTimes(t, d.start, d.end) : t)) };
    case 'talk.removed':
      return { ...w, talks: w.talks.filter((t) => t.id !== d.talkId) };
    case 'schedule.shifted': {
      const moved = new Set(d.talkIds || []);
      return { ...w, talks: w.talks.map((t) => (moved.has(t.id) ? shifted(t, d.minutes) : t)) };
    }
    case 'change.reverted':
      // A revert did what its inverse says; the inverse carries its own event type.
      return applyEvent(w, d.inverse.type, d.inverse);
    default:
      throw new Error(`unknown event type ${type}`);
  }
}

/** Fields a patch sets (null and absent mean "leave as it is"). */
function patch(object, set, fields) {
  const out = { ...object };
  for (const field of fields) {
    if (set && set[field] !== undefined && set[field] !== null) out[field] = set[field];
  }
  return out;
}

function normalizeWorkshop(w) {
  return {
    ...w,
    categories: w.categories || [],
    organizers: w.organizers || [],
    talks: (w.talks || []).map(normalizeTalk),
    speakers: w.speakers || [],
    extra: w.extra || {},
    warnings: w.warnings || [],
  };
}

function normalizeTalk(t) {
  return {
    ...t,
    authors: t.authors || [],
    extra: t.extra || {},
    kind: t.kind || 'talk',
    status: t.status || 'scheduled',
  };
}

function withTimes(talk, start, end) {
  const out = { ...talk, start, end };
  if (start === null || start === undefined) delete out.start;
  if (end === null || end === undefined) delete out.end;
  return out;
}

function insertByTime(talks, added) {
  const list = [...talks];
  if (added.start === undefined || added.start === null) {
    list.push(added);
    return list;
  }
  let at = list.length;
  for (let i = 0; i < list.length; i++) {
    const s = list[i].start;
    if (s !== undefined && s !== null && s > added.start) {
      at = i;
      break;
    }
  }
  list.splice(at, 0, added);
  return list;
}

/** "HH:MM" plus minutes; null when it would leave the day. */
export function plusMinutes(hhmm, delta) {
  const m = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) + delta;
  if (!Number.isFinite(m) || m < 0 || m >= 24 * 60) return null;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function shifted(talk, minutes) {
  const start = talk.start == null ? null : (plusMinutes(talk.start, minutes) ?? talk.start);
  const end = talk.end == null ? null : (plusMinutes(talk.end, minutes) ?? talk.end);
  return withTimes(talk, start, end);
}

function isTimed(talk) {
  return talk.start !== undefined && talk.start !== null && talk.end !== undefined && talk.end !== null;
}

function label(talk) {
  return !talk.title || talk.title.trim() === '' ? '(untitled)' : talk.title.trim();
}

/** A workshop's own warnings, as dev.lineup.schedule.Warnings#of: overlaps and untimed talks. */
export function warningsOf(w) {
  const out = [];
  const timed = w.talks.filter((t) => t.status === 'scheduled' && isTimed(t))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const where = !w.room || w.room.trim() === '' ? '' : ` in ${w.room}`;
  for (let i = 0; i < timed.length; i++) {
    const a = timed[i];
    for (let j = i + 1; j < timed.length; j++) {
      const b = timed[j];
      if (b.start >= a.end) break;
      out.push({
        code: 'overlap',
        message: `"${label(a)}" (${a.start}–${a.end}) overlaps "${label(b)}" (${b.start}–${b.end})${where}`,
        talkIds: [a.id, b.id],
      });
    }
  }
  for (const t of w.talks) {
    if (t.status === 'scheduled' && !isTimed(t)) {
      out.push({ code: 'untimed', message: `"${label(t)}" has no time`, talkIds: [t.id] });
    }
  }
  return out;
}
