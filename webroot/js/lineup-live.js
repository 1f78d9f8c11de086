// Lineup live: follow workshops in the browser, over one connection.
//
// A plain ES module (no build step). It loads the vendored official clients (sockjs-client and
// the Vert.x event bus bridge client) as classic scripts, opens one SockJS connection per page,
// keeps a local copy of every workshop it follows up to date event by event, strictly in seq order
// per workshop, and fetches what it missed over REST whenever it sees a gap, reconnects, or the
// server says it fell behind.
//
//   import { connect, follow } from '/js/lineup-live.js';
//   const connection = connect({ token, onStatus: s => badge(s) });
//   const live = connection.follow('dali2018-theory', {
//     onWorkshop: w => render(w), onEvent: (e, w) => flash(e), onPresence: p => showWho(p) });
//   await live.send({ type: 'talk.move', talkId: 't3-1', start: '10:00', end: '10:30' });
//   live.setEditing('t3-1', 'title');
//
//   // one workshop, its own connection (as before):
//   const one = follow({ workshop: 'dali2018-theory', token, onWorkshop, onStatus });
//
// Reconnecting: after a drop the connection retries quickly with jitter (at most
// RECONNECT_CAP_MS apart, so that a page is back within seconds of the server, and a hall of
// screens does not knock all at once), at once when the browser says it is online again or the
// page becomes visible. After each (re)connection every workshop catches up as soon as the server
// acknowledges its registration (lineup.registered), or after REGISTERED_WAIT_MS from a server
// that sends no acknowledgement.

import * as Address from './addresses.js';

const { COMMANDS, Notice } = Address;
const { LAGGING, CHANGES_PAUSED, CHANGES_RESUMED, REGISTERED, CLOSING } = Notice;

const VENDOR_SCRIPTS = [
  new URL('../vendor/sockjs-client/sockjs.min.js', import.meta.url).href,
  new URL('../vendor/vertx-eventbus/vertx-eventbus.js', import.meta.url).href,
];

/** The first retry after a drop comes after about this long, then twice as long each time… */
export const RECONNECT_FIRST_MS = 250;
/** …up to this (each delay drawn at random in [ceiling / 2, ceiling]: screens spread out). */
export const RECONNECT_CAP_MS = 1500;
/** A retry prompted by the browser (online again, page visible) waits at most this, at random. */
const PROMPTED_JITTER_MS = 250;
/** A server that sends no lineup.registered: catch up once after this long instead. */
export const REGISTERED_WAIT_MS = 500;
/** A command whose reply never comes (the socket died under it) is given up after this long. */
const SEND_TIMEOUT_MS = 35000;
/** Catch-up rounds in a row before giving up until the next reason to catch up. */
const CATCH_UP_ROUNDS = 5;

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
 * The delay before reconnect attempt number `attempt` (0 for the first): grows from
 * RECONNECT_FIRST_MS, capped at RECONNECT_CAP_MS, drawn at random in [ceiling / 2, ceiling].
 */
export function reconnectDelay(attempt, random = Math.random) {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_FIRST_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The log of a workshop after seq `after`, page by page: GET /api/workshops/<id>/events?after=
 * until an empty page, each page in seq order and only with seqs above what came before. Ends
 * at once for a workshop that does not exist (404); throws when the server answers otherwise.
 *
 *   for await (const page of eventPages('theory', 0)) page.forEach(remember);
 *
 * @param {string} workshopId
 * @param {number} after the last seq already held (0 for the whole log)
 * @param {object} [options] {baseUrl ('' for this origin), fetch (an implementation, for tests)}
 */
export async function* eventPages(workshopId, after = 0, { baseUrl = '', fetch: fetchImpl } = {}) {
  const get = fetchImpl ?? globalThis.fetch.bind(globalThis);
  const base = baseUrl.replace(/\/$/, '');
  let last = after;
  for (;;) {
    const path = `/api/workshops/${encodeURIComponent(workshopId)}/events?after=${last}`;
    const response = await get(`${base}${path}`, { headers: { accept: 'application/json' } });
    if (response.status === 404) return;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    const body = await response.json();
    const page = (Array.isArray(body) ? body : [])
      .filter((e) => e && typeof e.seq === 'number' && e.seq > last)
      .sort((a, b) => a.seq - b.seq);
    if (page.length === 0) return;
    last = page[page.length - 1].seq;
    yield page;
  }
}

/**
 * Opens one connection to the server, for as many workshops as the page follows. Returns a
 * Connection:
 *   follow(workshopId, {onWorkshop, onEvent, onPresence, presence, offline}) → a workshop handle
 *     (below); onPresence given or presence true: also follows who is there; offline: a state of
 *     this workshop the page saved earlier, shown when the snapshot cannot be loaded (no network),
 *     and caught up from when the server is back;
 *   setToken(token); pause(); resume(); close(); status; changesAccepted.
 *
 * A workshop handle:
 *   send(command) → Promise of the reply {version, seq, events}; rejects with an Error carrying
 *     status (the HTTP status), problem (the problem+json object) and retryable (true when the
 *     outcome is unknown: send the same command again, its commandId makes that safe);
 *   setEditing(talkId, field) / setEditing(null): what this user is editing, for presence;
 *   close() (stops following this workshop; the connection stays);
 *   setToken, pause, resume: the connection's;
 *   workshop (the current state), version, status, changesAccepted.
 *
 * @param {object} [options]
 * @param {string} [options.token]    a JWT: needed to send commands and to be present
 * @param {function} [options.onStatus]  ('online' | 'offline' | 'catching-up' | 'paused'): online
 *   once the connection is open and every workshop followed has caught up
 * @param {function} [options.onChanges] (accepted: boolean) false when the server says changes are
 *   paused (its store is unreachable; commands answer 503), true when they resume
 * @param {string} [options.baseUrl]  where the server is ('' for this page's origin)
 * @param {function} [options.fetch]  a fetch implementation (tests)
 */
export function connect(options = {}) {
  return new Connection(options).handle();
}

/**
 * Follows one workshop on a connection of its own (a page that follows one workshop).
 * Returns the workshop handle described at connect(), whose close() also closes the connection.
 *
 * @param {object} options as connect() and Connection#follow together: {workshop (the id), token,
 *   onWorkshop, onEvent, onPresence, onStatus, onChanges, baseUrl, presence (announce this user as
 *   present; default: when a token is given), offline, fetch}
 */
export function follow(options = {}) {
  const { workshop, onWorkshop, onEvent, onPresence, presence, offline, ...connectionOptions } = options;
  if (!workshop) throw new Error('follow() needs a workshop id');
  const connection = new Connection(connectionOptions);
  const follower = connection.follow(workshop, {
    onWorkshop, onEvent, onPresence: onPresence ?? (() => {}), presence, offline,
  });
  follower.ownsConnection = true;
  return follower.handle();
}

class Connection {
  constructor({
    token = null, onStatus = () => {}, onChanges = () => {}, baseUrl = '', fetch: fetchImpl,
  } = {}) {
    this.token = token;
    this.callbacks = { onStatus, onChanges };
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.followers = new Map(); // workshop id → Follower
    this.eb = null;
    this.attempted = false; // a first attempt to connect has ended (opened or failed)
    this.status = null;
    this.changesAccepted = true;
    this.closed = false;
    this.paused = false;
    this.attempts = 0;
    this.reconnectTimer = null;
    this.toldClosing = false;
    this.browserListeners = [];
    this.listenToBrowser();
    this.updateStatus();
    this.connect();
  }

  handle() {
    const self = this;
    return {
      follow: (workshopId, callbacks) => self.follow(workshopId, callbacks).handle(),
      setToken: (token) => self.setToken(token),
      pause: () => self.pause(),
      resume: () => self.resume(),
      close: () => self.close(),
      get status() { return self.status; },
      get changesAccepted() { return self.changesAccepted; },
    };
  }

  follow(workshopId, callbacks = {}) {
    if (!workshopId) throw new Error('follow() needs a workshop id');
    if (this.closed) throw new Error('this connection is closed');
    if (this.followers.has(workshopId)) throw new Error(`${workshopId} is followed already on this connection`);
    const follower = new Follower(this, workshopId, callbacks);
    this.followers.set(workshopId, follower);
    follower.start();
    this.updateStatus();
    return follower;
  }

  unfollow(follower) {
    if (this.followers.get(follower.id) !== follower) return;
    this.followers.delete(follower.id);
    if (this.isOpen()) follower.unregister(this.eb);
    this.updateStatus();
  }

  // ---- the connection -------------------------------------------------------------------

  async connect() {
    if (this.closed || this.paused || this.eb) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    try {
      await loadClients();
    } catch (e) {
      console.warn('lineup-live:', e.message);
      this.dropped();
      return;
    }
    if (this.closed || this.paused || this.eb) return;
    const eb = new globalThis.EventBus(`${this.baseUrl}/eventbus`);
    this.eb = eb;
    this.applyHeaders();
    eb.onopen = () => {
      if (eb !== this.eb) return;
      this.attempts = 0;
      this.attempted = true;
      for (const follower of this.followers.values()) follower.register(eb);
      this.updateStatus();
    };
    eb.onclose = () => {
      if (eb !== this.eb) return;
      this.eb = null;
      for (const follower of this.followers.values()) follower.disconnected();
      this.dropped();
    };
    eb.onerror = (err) => console.warn('lineup-live: bridge error', err);
  }

  dropped() {
    this.attempted = true; // from now on, not open means offline
    if (this.closed || this.paused) return;
    this.updateStatus();
    if (this.toldClosing) {
      // The server said it closes this socket (idle, lagging): it is there, so no backoff.
      this.toldClosing = false;
      this.attempts = 0;
      this.scheduleReconnect(Math.round(Math.random() * PROMPTED_JITTER_MS));
      return;
    }
    this.scheduleReconnect(reconnectDelay(this.attempts++));
  }

  /** The server announced it closes this socket: the next reconnect is prompt. */
  closingNotice() {
    this.toldClosing = true;
  }

  scheduleReconnect(delay) {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** The server or the network may be back: try now (with a little jitter), not at the end of a backoff. */
  retrySoon() {
    if (this.closed || this.paused) return;
    if (this.eb) return;
    this.attempts = 0;
    this.scheduleReconnect(Math.round(Math.random() * PROMPTED_JITTER_MS));
  }

  isOpen() {
    return Boolean(this.eb) && this.eb.state === globalThis.EventBus.OPEN;
  }

  listenToBrowser() {
    if (typeof globalThis.addEventListener !== 'function') return;
    const on = (target, type, fn) => {
      target.addEventListener(type, fn);
      this.browserListeners.push(() => target.removeEventListener(type, fn));
    };
    on(globalThis, 'online', () => this.retrySoon());
    // A socket whose network went away may look open for minutes: say offline now, retry when online.
    on(globalThis, 'offline', () => {
      if (this.eb) this.eb.close();
    });
    if (globalThis.document) {
      on(globalThis.document, 'visibilitychange', () => {
        if (globalThis.document.visibilityState !== 'visible') return;
        if (this.isOpen()) this.followers.forEach((f) => f.catchUp());
        else this.retrySoon();
      });
    }
  }

  applyHeaders() {
    if (this.eb) this.eb.defaultHeaders = this.token ? { authorization: `Bearer ${this.token}` } : null;
  }

  setToken(token) {
    this.token = token;
    this.applyHeaders();
    this.followers.forEach((f) => f.sendPresence());
  }

  pause() {
    if (this.closed || this.paused) return;
    this.paused = true;
    this.dropConnection();
    this.updateStatus();
  }

  resume() {
    if (this.closed || !this.paused) return;
    this.paused = false;
    this.attempts = 0;
    this.updateStatus();
    this.connect();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.dropConnection();
    this.browserListeners.forEach((remove) => remove());
    this.browserListeners = [];
    this.updateStatus();
  }

  dropConnection() {
    clearTimeout(this.reconnectTimer);
    const eb = this.eb;
    this.eb = null;
    if (eb) eb.close();
    this.followers.forEach((f) => f.disconnected());
  }

  /** online: open and every workshop caught up; catching-up: on the way there. */
  updateStatus() {
    let status;
    if (this.paused) status = Status.PAUSED;
    else if (this.closed) status = Status.OFFLINE;
    else if (!this.isOpen()) status = this.attempted ? Status.OFFLINE : Status.CATCHING_UP;
    else if ([...this.followers.values()].some((f) => f.catching || f.awaitingRegistration)) status = Status.CATCHING_UP;
    else if ([...this.followers.values()].some((f) => f.failed)) status = Status.OFFLINE;
    else status = Status.ONLINE;
    if (status === this.status) return;
    this.status = status;
    this.callbacks.onStatus(status);
  }

  /** Changes paused or resumed: the store is the server's, one state for every workshop. */
  noteChanges(accepted) {
    if (accepted === this.changesAccepted) return;
    this.changesAccepted = accepted;
    this.callbacks.onChanges(accepted);
  }
}

/** One workshop followed on a connection: its state, strictly by seq, and its catch-up. */
class Follower {
  constructor(connection, workshopId, {
    onWorkshop = () => {}, onEvent = () => {}, onPresence, presence, offline = null,
  } = {}) {
    this.connection = connection;
    this.id = workshopId;
    this.callbacks = { onWorkshop, onEvent, onPresence };
    this.listensToPresence = Boolean(onPresence) || Boolean(presence);
    this.announce = presence ?? Boolean(connection.token);
    this.ownsConnection = false;
    this.eventsAddress = Address.workshop(workshopId);
    this.presenceAddress = Address.presence(workshopId);
    this.handlers = null; // {events, presence} while registered on the open bus
    this.offline = offline && offline.id === workshopId ? offline : null;

    this.state = null;
    this.version = null; // null until the snapshot is loaded
    this.buffer = new Map(); // seq → event, waiting for its turn
    this.closed = false;
    this.catching = false;
    this.again = false;
    this.failed = false;
    this.awaitingRegistration = false;
    this.retries = 0;
    this.timers = { registered: null, retry: null };
    this.editing = null;
    this.pending = new Set(); // rejecters of commands awaiting their reply
  }

  handle() {
    const self = this;
    const connection = this.connection;
    return {
      send: (command) => self.send(command),
      setEditing: (talkId, field) => self.setEditing(talkId, field),
      setToken: (token) => connection.setToken(token),
      pause: () => connection.pause(),
      resume: () => connection.resume(),
      close: () => self.close(),
      get workshop() { return self.state; },
      get version() { return self.version; },
      get status() { return connection.status; },
      get changesAccepted() { return connection.changesAccepted; },
    };
  }

  /** The snapshot right away, over REST, whether the bus is up yet or not. */
  start() {
    this.catchUp();
    if (this.connection.isOpen()) this.register(this.connection.eb);
  }

  close() {
    if (this.closed) return;
    if (this.ownsConnection) {
      this.closed = true;
      this.connection.close();
    } else {
      this.connection.unfollow(this);
      this.closed = true;
    }
    Object.values(this.timers).forEach(clearTimeout);
    this.failPending(connectionLost());
  }

  // ---- registration ---------------------------------------------------------------------

  register(eb) {
    if (this.closed || this.handlers) return;
    this.handlers = {
      events: (err, msg) => this.onBusMessage(err, msg),
      presence: (err, msg) => {
        if (err || !msg || !msg.body || isNotice(msg.body)) return;
        if (this.callbacks.onPresence) this.callbacks.onPresence(msg.body);
      },
    };
    this.awaitingRegistration = true;
    eb.registerHandler(this.eventsAddress, this.handlers.events);
    if (this.listensToPresence) eb.registerHandler(this.presenceAddress, this.handlers.presence);
    this.sendPresence();
    clearTimeout(this.timers.registered);
    this.timers.registered = setTimeout(() => {
      if (this.awaitingRegistration) this.registered(); // a server that does not acknowledge
    }, REGISTERED_WAIT_MS);
  }

  /** In effect on the server (acknowledged, or assumed after a while): catch up, nothing is missed from here on. */
  registered() {
    clearTimeout(this.timers.registered);
    this.awaitingRegistration = false;
    this.retries = 0;
    this.catchUp();
  }

  unregister(eb) {
    if (!this.handlers) return;
    try {
      eb.unregisterHandler(this.eventsAddress, this.handlers.events);
      if (this.listensToPresence) eb.unregisterHandler(this.presenceAddress, this.handlers.presence);
    } catch (e) {
      // the bus closed meanwhile: nothing is registered any more
    }
    this.disconnected();
  }

  disconnected() {
    this.handlers = null;
    this.awaitingRegistration = false;
    clearTimeout(this.timers.registered);
    this.failPending(connectionLost());
  }

  // ---- events, strictly by seq --------------------------------------------------------

  onBusMessage(err, msg) {
    if (err || !msg || !msg.body || typeof msg.body !== 'object') return;
    const { type } = msg.body;
    if (type === REGISTERED) {
      this.registered();
      return;
    }
    if (type === LAGGING) {
      this.catchUp();
      return;
    }
    if (type === CLOSING) {
      // Registering again after the reconnect catches up from the version held.
      this.connection.closingNotice();
      return;
    }
    if (type === CHANGES_PAUSED || type === CHANGES_RESUMED) {
      this.connection.noteChanges(type === CHANGES_RESUMED);
      if (type === CHANGES_RESUMED) this.catchUp();
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
    if (this.closed || this.connection.closed || this.connection.paused) return;
    if (this.catching) {
      this.again = true;
      return;
    }
    this.catching = true;
    this.connection.updateStatus();
    this.runCatchUp().finally(() => {
      this.catching = false;
      this.connection.updateStatus();
    });
  }

  stopped() {
    return this.closed || this.connection.closed || this.connection.paused;
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
      } while (this.again && ++rounds < CATCH_UP_ROUNDS && !this.stopped());
      this.failed = false;
      this.retries = 0;
      if (this.version !== before) this.publishState();
      // The server answered: if the bus is still down, try it now rather than at the end of a backoff.
      if (!this.stopped() && !this.connection.eb) this.connection.retrySoon();
    } catch (e) {
      console.warn('lineup-live: catching up failed', e);
      if (this.version !== before) this.publishState();
      if (this.stopped()) return;
      this.failed = true;
      clearTimeout(this.timers.retry);
      this.timers.retry = setTimeout(() => this.catchUp(), reconnectDelay(this.retries++));
    }
  }

  async loadSnapshot() {
    let response;
    try {
      response = await this.get(`/api/workshops/${encodeURIComponent(this.id)}`);
    } catch (e) {
      // No server: show what the page saved last time, and catch up from there when it is back.
      if (this.offline && this.version === null) {
        this.state = normalizeWorkshop(this.offline);
        this.version = this.offline.version ?? 0;
        this.publishState();
      }
      this.offline = null;
      throw e;
    }
    this.offline = null;
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

  /** Applies the log after the current version; a log that does not continue it means a new snapshot. */
  async loadEventsAfterVersion() {
    const { baseUrl, fetch } = this.connection;
    for await (const page of eventPages(this.id, this.version, { baseUrl, fetch })) {
      if (page[0].seq !== this.version + 1) {
        this.version = null;
        this.again = true;
        return;
      }
      page.forEach((event) => this.apply(event));
    }
  }

  /** Reading is public: no token, so that an expired one cannot stop a display from reading. */
  async get(path) {
    const response = await this.connection.fetch(`${this.connection.baseUrl}${path}`,
      { headers: { accept: 'application/json' } });
    if (!response.ok && response.status !== 404) {
      throw new Error(`GET ${path}: ${response.status}`);
    }
    return response;
  }

  // ---- commands and presence ----------------------------------------------------------

  send(command) {
    return new Promise((resolve, reject) => {
      const { connection } = this;
      if (this.closed || !connection.isOpen()) {
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
      connection.eb.send(COMMANDS, body, {}, (err, reply) => {
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
    this.announce = this.announce || Boolean(this.connection.token);
    this.sendPresence();
  }

  sendPresence() {
    if (!this.announce || !this.connection.token || !this.handlers || !this.connection.isOpen()) return;
    this.connection.eb.send(this.presenceAddress, { editing: this.editing });
  }
}

/** A body on a workshop's address that is not an event: it has a notice type and no seq. */
function isNotice(body) {
  return typeof body.type === 'string' && Object.values(Notice).includes(body.type);
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
  const { warnings, truncated } = warningsOf(next);
  next.warnings = warnings;
  if (truncated > 0) next.warningsTruncated = truncated;
  else delete next.warningsTruncated;
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

/** A workshop keeps at most this many of its own warnings, as dev.lineup.schedule.Warnings#MAX_KEPT. */
export const MAX_WARNINGS = 200;

/**
 * A workshop's own warnings, as dev.lineup.schedule.Warnings#of: overlaps (grouped: one sweep over
 * start times) and untimed talks, at most MAX_WARNINGS; {truncated} says how many more there were.
 */
export function warningsOf(w) {
  const out = [];
  const timed = w.talks.filter((t) => t.status === 'scheduled' && isTimed(t))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const where = !w.room || w.room.trim() === '' ? '' : ` in ${w.room}`;
  for (const group of overlapping(timed)) out.push(overlap(group, where));
  for (const t of w.talks) {
    if (t.status === 'scheduled' && !isTimed(t)) {
      out.push(t.start !== undefined && t.start !== null
        ? { code: 'no-end', message: `"${label(t)}" (${t.start}) has no end time`, talkIds: [t.id] }
        : { code: 'untimed', message: `"${label(t)}" has no time`, talkIds: [t.id] });
    }
  }
  return { warnings: out.slice(0, MAX_WARNINGS), truncated: Math.max(0, out.length - MAX_WARNINGS) };
}

/**
 * A talk's end on the clock of its start, as Warnings#end: an end before its start is on the next
 * day (23:30–00:30 ends at "24:30").
 */
function endOf(t) {
  if (t.end >= t.start || !/^\d\d:/.test(t.end)) return t.end;
  return `${Number(t.end.slice(0, 2)) + 24}${t.end.slice(2)}`;
}

/** "24:30" on the clock, as written: "00:30". */
function onTheClock(time) {
  const hours = /^\d\d:/.test(time) ? Number(time.slice(0, 2)) : 0;
  return hours >= 24 ? `${String(hours - 24).padStart(2, '0')}${time.slice(2)}` : time;
}

/** Talks (sorted by start) that overlap one another, directly or through others. */
function overlapping(byStart) {
  const groups = [];
  let group = [];
  let groupEnd = null;
  for (const t of byStart) {
    if (groupEnd !== null && t.start < groupEnd) {
      group.push(t);
      if (endOf(t) > groupEnd) groupEnd = endOf(t);
      continue;
    }
    if (group.length > 1) groups.push(group);
    group = [t];
    groupEnd = endOf(t);
  }
  if (group.length > 1) groups.push(group);
  return groups;
}

function overlap(group, where) {
  if (group.length === 2) {
    const [a, b] = group;
    return {
      code: 'overlap',
      message: `"${label(a)}" (${a.start}–${a.end}) overlaps "${label(b)}" (${b.start}–${b.end})${where}`,
      talkIds: [a.id, b.id],
    };
  }
  const end = group.reduce((latest, t) => (endOf(t) > latest ? endOf(t) : latest), endOf(group[0]));
  return {
    code: 'overlap',
    message: `${group.length} talks overlap ${group[0].start}–${onTheClock(end)}${where}`,
    talkIds: group.map((t) => t.id),
  };
}
