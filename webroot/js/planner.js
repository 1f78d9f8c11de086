// The meeting planner: /planner.html?meeting=<category>[&day=YYYY-MM-DD]
//
// The whole meeting on one live grid: a column per workshop (room) of the day, talks as cards on
// one time axis, moved and resized by drag and drop or the keyboard. Every finished gesture is one
// command (talk.move with the version seen); others' changes arrive live and move the cards into
// place; presence shows on the cards; a refused change (409) shows both values to the one whose
// change lost, and the one whose saved value someone later replaced is told so, with a restore.
// Undo/redo are change.revert commands. Changes made offline are kept, shown pending, and sent once
// when the connection is back.

import { connect, exists } from './lineup-live.js';
import { fill, formatDay, h, params, personName, validZone, wallClock } from './ui.js';
import { signInPage } from './planner-session.js';
import { Grid, timesText } from './planner-grid.js';
import { installGestures } from './planner-drag.js';
import { warningsOf } from './planner-warnings.js';
import { describe, plain, render as renderWords, touches, when } from './planner-words.js';
import { EventLog } from './planner-history.js';
import { Panel } from './planner-panel.js';

const $ = (id) => document.getElementById(id);
const query = params();
const meeting = query.get('meeting');
const simulatedAt = query.get('at');
const NOW_EVERY_MS = 20 * 1000;
const MAX_TIMINGS = 500;

const workshops = new Map(); // id → the workshop as followed live
let order = []; // workshop ids, as the meeting lists them (by date, then id)
const handles = new Map(); // id → lineup-live handle
const logs = new Map(); // id → EventLog
const presence = new Map(); // id → [{sub, editing}]
const previews = new Map(); // `${ws}|${talkId}` → {start, end} while a gesture lasts
const moves = new Map(); // `${ws}|${talkId}` → {start, end} sent (or waiting to be) and not yet applied
const queue = new Map(); // `${ws}|${key}` → {ws, command, opts}: changes waiting for the connection
const inflight = new Set(); // `${ws}|${key}` of changes on their way
const mine = new Map(); // `${ws}|${key}` → {value, seq}: fields whose value this user set last
const conflicts = new Map(); // `${ws}|${key}` → {notice, command}
const undoStack = [];
const redoStack = [];
const timings = {}; // kind → [{ms, …}]: first-render, remote-change, render
const remoteArrivals = [];

let session;
let showSignIn = () => {};
let showPage = () => {};
let me = null;
let connection = null;
let grid = null;
let panel = null;
let day = query.get('day');
let renderQueued = false;
let firstRender = null;
let sent = 0;
let undoBusy = false;
let changesAccepted = true; // false while the server says its store cannot take changes
let nowTimer = null;

window.lineupPlanner = {
  workshops, handles, logs, queue, moves, timings,
  get sent() { return sent; },
  get day() { return day; },
  versionOf,
};

init();

function init() {
  ({ session, showSignIn, showPage } = signInPage(
    { main: $('planner'), form: $('login'), error: $('login-error'), logout: $('logout'), who: $('who') },
    { onToken, onSignedOut }));
  me = session.claims;
  $('undo').addEventListener('click', undo);
  $('redo').addEventListener('click', redo);
  $('show-history').addEventListener('click', () => panel && panel.showHistory());
  $('show-publish').addEventListener('click', () => panel && panel.showPublish());
  document.addEventListener('keydown', onShortcut);
  if (!meeting) {
    $('message').textContent = 'Name a meeting: /planner.html?meeting=<category> (e.g. ?meeting=dali2018).';
    return;
  }
  $('title').textContent = meeting;
  document.title = `${meeting} — Lineup planner`;
  if (session.token) start();
  else showSignIn();
}

// ---- signing in ------------------------------------------------------------------------------

/** Signed in or renewed, here or in another tab. */
function onToken(token, claims) {
  me = claims;
  if (connection) connection.setToken(token);
  else if (meeting) start();
}

/** Signed out or expired, here or in another tab. */
function onSignedOut(why) {
  stop();
  showSignIn(why);
}

function stop() {
  if (connection) connection.close();
  connection = null;
  me = null;
  handles.clear();
  clearInterval(nowTimer);
}

// ---- the meeting, followed live --------------------------------------------------------------

async function start() {
  me = session.claims;
  showPage(me && me.sub ? me.sub : '', me && me.sub ? `Signed in as ${me.sub}` : '');
  if (!grid) {
    grid = new Grid($('grid'));
    installGestures(gestureApp());
    panel = new Panel($('panel'), panelApp());
  }
  let list;
  try {
    const response = await fetch(`/api/workshops?category=${encodeURIComponent(meeting)}`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status}`);
    const arrived = performance.now();
    list = await response.json();
    firstRender = { arrived, parsed: performance.now() };
  } catch (e) {
    $('message').textContent = `Cannot load the meeting: ${e.message}`;
    return;
  }
  if (!Array.isArray(list) || list.length === 0) {
    $('message').textContent = `No workshops in ${meeting}.`;
    return;
  }
  $('message').textContent = '';
  order = list.map((w) => w.id);
  list.forEach((w) => workshops.set(w.id, w));
  pickDay();
  renderNow();
  connection = openConnection();
  for (const id of order) follow(id);
  clearInterval(nowTimer);
  nowTimer = setInterval(updateNow, NOW_EVERY_MS);
  panel.showHistory();
}

/** One connection for the whole page (CONTRACTS §2), following every workshop of the meeting. */
function openConnection() {
  return connect({
    token: session.token,
    onStatus: setStatus,
    onChanges: setChanges,
  });
}

function follow(id) {
  const log = new EventLog(id);
  logs.set(id, log);
  log.onChange(() => panel.logChanged(id));
  const handle = connection.follow(id, {
    onWorkshop: (w) => {
      if (exists(w)) workshops.set(id, w);
      else workshops.delete(id);
      scheduleRender();
    },
    onEvent: (event, w) => onEvent(id, event, w),
    onPresence: (p) => {
      presence.set(id, (p && p.present) || []);
      scheduleRender();
    },
    presence: true,
  });
  handles.set(id, handle);
  log.load();
}

function onEvent(ws, event, w) {
  logs.get(ws).add([event]);
  if (!me || !event.by || event.by === me.sub) return;
  remoteArrivals.push(performance.now());
  checkOverwritten(ws, event, w);
  for (const key of touches(event)) {
    const m = /^talk\/([^/]+)/.exec(key);
    if (m) flashCard(ws, m[1]);
  }
}

function setStatus(status) {
  const badge = $('status');
  badge.hidden = false;
  badge.dataset.status = status;
  badge.textContent = status === 'online' ? 'live' : status;
  if (status === 'online') flushQueue();
}

function setChanges(accepted) {
  changesAccepted = accepted;
  const banner = $('changes-paused');
  banner.hidden = accepted;
  banner.textContent = accepted ? ''
    : 'Changes are paused: the server cannot store them right now. Your changes are kept and will be saved when changes resume.';
  if (accepted) flushQueue();
  renderUndo();
}

function versionOf(ws) {
  const handle = handles.get(ws);
  if (handle && handle.version !== null && handle.version !== undefined) return handle.version;
  const w = workshops.get(ws);
  return w ? w.version : 0;
}

// ---- days and rendering ----------------------------------------------------------------------

function days() {
  const set = new Set([...workshops.values()].map((w) => w.date || ''));
  return [...set].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

function pickDay() {
  const all = days();
  if (day !== null && all.includes(day)) return;
  const first = workshops.get(order[0]);
  const today = wallClock(first && first.timezone, simulatedAt).now().date;
  day = all.includes(today) ? today : all[0];
}

function setDay(next) {
  day = next;
  const url = new URL(location.href);
  url.searchParams.set('day', next);
  history.replaceState(null, '', url);
  renderNow();
  scrollToFirstTalk();
}

/** The day's first talk near the top (the axis starts an hour before it, room to drag to). */
function scrollToFirstTalk() {
  const scroller = $('grid-scroll');
  const cards = [...grid.root.querySelectorAll('[data-column-body] [data-talk-id]')];
  if (!cards.length) return;
  const first = Math.min(...cards.map((c) => c.getBoundingClientRect().top));
  const head = grid.root.querySelector('.column-head');
  const headBottom = head ? head.getBoundingClientRect().bottom : scroller.getBoundingClientRect().top;
  scroller.scrollTop += Math.max(0, first - headBottom - 24);
}

function editable(ws) {
  return Boolean(me) && session.mayEdit(ws);
}

function dayWorkshops() {
  const ids = order.filter((id) => workshops.has(id) && (workshops.get(id).date || '') === day);
  // The workshops one may edit first, each group in the meeting's order.
  return [...ids.filter(editable), ...ids.filter((id) => !editable(id))].map((id) => workshops.get(id));
}

function timesOf(w, talk) {
  const key = `${w.id}|${talk.id}`;
  return previews.get(key) || moves.get(key) || talk;
}

function baseTimesOf(w, talk) {
  return moves.get(`${w.id}|${talk.id}`) || talk;
}

function flagsOf(ws, talkId) {
  const prefix = `${ws}|talk/${talkId}/`;
  let pending = false;
  for (const key of queue.keys()) if (key.startsWith(prefix)) pending = true;
  let conflict = false;
  for (const key of conflicts.keys()) if (key.startsWith(prefix)) conflict = true;
  return { pending, conflict };
}

function presenceByCard() {
  const out = new Map();
  for (const [ws, list] of presence) {
    for (const p of list) {
      if (!p.editing || !p.editing.talkId || (me && p.sub === me.sub)) continue;
      const key = `${ws}|${p.editing.talkId}`;
      if (!out.has(key)) out.set(key, []);
      out.get(key).push({ sub: p.sub, field: p.editing.field });
    }
  }
  return out;
}

function scheduleRender() {
  if (renderQueued || !grid) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderNow();
  });
}

function renderNow() {
  if (!grid) return;
  const started = performance.now();
  if (day === null || !days().includes(day)) pickDay();
  const shown = dayWorkshops();
  renderTabs();
  grid.render(shown, {
    timesOf, rangeTimesOf: baseTimesOf, editable, flagsOf,
    warnings: warningsOf(shown, timesOf),
    presence: presenceByCard(),
  });
  $('empty-day').hidden = shown.length > 0;
  updateNow();
  renderPresenceList();
  renderUndo();
  renderPending();
  panel.refresh();
  const laidOutFrom = performance.now();
  grid.root.getBoundingClientRect(); // layout now, so that the figures below include it
  const done = performance.now();
  if (firstRender && !firstRender.ms) {
    firstRender.ms = done - firstRender.arrived;
    record('first-render', firstRender.ms, {
      parse: firstRender.parsed - firstRender.arrived, render: done - started, layout: done - laidOutFrom,
      cards: grid.root.querySelectorAll('[data-talk-id]').length,
    });
    requestAnimationFrame(() => grid.root.classList.add('is-animated')); // from now on, moves are animated
    scrollToFirstTalk();
  }
  record('render', done - started);
  while (remoteArrivals.length) record('remote-change', done - remoteArrivals.shift(), { render: done - started });
}

/** Figures for the bench harness (BENCHMARKS.md): the last MAX_TIMINGS of each kind, in ms. */
function record(what, ms, extra = {}) {
  if (!timings[what]) timings[what] = [];
  const list = timings[what];
  list.push({ ms, ...extra });
  if (list.length > MAX_TIMINGS) list.shift();
}

function renderTabs() {
  const all = days();
  const nav = $('days');
  const key = `${all.join(',')}|${day}`;
  if (nav._key === key) return;
  nav._key = key;
  fill(nav, all.map((d) => {
    const tab = h('button', {
      type: 'button', role: 'tab', dataset: { day: d }, 'aria-selected': String(d === day), class: d === day ? 'is-current' : '',
      text: d ? formatDay(d) : 'No date',
    });
    tab.addEventListener('click', () => setDay(d));
    return tab;
  }));
}

function updateNow() {
  if (!grid) return;
  const first = dayWorkshops()[0];
  const zone = first && validZone(first.timezone);
  const now = wallClock(zone, simulatedAt).now();
  grid.setNow(now.date === day ? now.minutes : null);
}

/** A glow on a card someone else just changed (Web Animations: no style attribute, no forced layout). */
function flashCard(ws, talkId) {
  requestAnimationFrame(() => {
    const card = grid.card(ws, talkId);
    if (!card || typeof card.animate !== 'function') return;
    card.animate([{ boxShadow: '0 0 0 3px #8f6fe8' }, { boxShadow: '0 0 0 0 rgba(143, 111, 232, 0)' }],
      { duration: 1400, easing: 'ease-out' });
  });
}

function renderPresenceList() {
  const subs = new Map();
  for (const [ws, list] of presence) {
    if (!workshops.has(ws)) continue;
    for (const p of list) {
      if (!subs.has(p.sub)) subs.set(p.sub, null);
      if (p.editing && p.editing.talkId) subs.set(p.sub, { ws, ...p.editing });
    }
  }
  const list = $('presence');
  const key = JSON.stringify([...subs]);
  if (list._key === key) return;
  list._key = key;
  fill(list, [...subs].map(([sub, editing]) => {
    const talk = editing ? talkOf(editing.ws, editing.talkId) : null;
    const what = editing ? `${editing.field === 'time' ? 'moving' : `editing the ${editing.field || 'talk'} of`} “${talk ? talk.title || '(untitled)' : editing.talkId}”` : '';
    return h('li', { dataset: { sub, editingTalk: editing ? editing.talkId : '' }, title: what },
      h('span', { class: 'who', text: sub }), me && sub === me.sub ? ' (you)' : '');
  }));
}

function renderPending() {
  const count = queue.size;
  const el = $('pending');
  el.hidden = count === 0;
  el.textContent = count === 0 ? '' : `${count} change${count === 1 ? '' : 's'} not saved yet: they will be sent when the connection is back`;
}

function talkOf(ws, talkId) {
  const w = workshops.get(ws);
  return w ? (w.talks || []).find((t) => t.id === talkId) || null : null;
}

// ---- commands --------------------------------------------------------------------------------

function uuid() {
  return globalThis.crypto && crypto.randomUUID ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Sends one command to a workshop. opts: {key: what it changes ("talk/<id>/time", "workshop/room",
 * …) so that it can wait offline and a conflict can name it; mine: the value as text, for a
 * conflict; undoable (default true); settled(ok): after it is applied (true) or dropped (false),
 * not while it waits for the connection}. Rejects like lineup-live's send.
 */
async function send(ws, command, opts = {}) {
  const handle = handles.get(ws);
  if (!handle) throw new Error(`workshop ${ws} is not followed`);
  if (!command.commandId) command.commandId = uuid();
  const qkey = opts.key ? `${ws}|${opts.key}` : null;
  sent++;
  if (qkey) inflight.add(qkey);
  try {
    let reply;
    try {
      reply = await handle.send(command);
    } catch (e) {
      if (!e.retryable || handle.status !== 'online') throw e;
      reply = await handle.send(command); // the same commandId: never applied twice
    }
    if (qkey && queue.has(qkey) && queue.get(qkey).command === command) queue.delete(qkey);
    succeeded(ws, command, reply, opts);
    if (opts.settled) opts.settled(true);
    return reply;
  } catch (e) {
    const waits = (e.retryable || e.status === 503) && qkey;
    if (waits) {
      queue.set(qkey, { ws, command, opts });
      flash(e.status === 503 ? 'Changes are paused: your change is kept and will be saved when they resume.'
        : 'Offline: your change is kept and will be saved when the connection is back.', true);
    } else {
      if (qkey && queue.has(qkey) && queue.get(qkey).command === command) queue.delete(qkey);
      if (e.status === 409 && opts.key) showConflict(ws, command, e.problem || {}, opts);
      else if (e.status === 401) {
        flash('Your sign-in has expired: sign in again.', true);
        session.signOut();
      } else if (e.status !== 409) flash(`Not saved: ${e.message}`, true);
      if (opts.settled) opts.settled(false);
    }
    throw e;
  } finally {
    if (qkey) inflight.delete(qkey);
    scheduleRender();
  }
}

function succeeded(ws, command, reply, opts) {
  const w = workshops.get(ws);
  const events = ((reply && reply.events) || []).filter((e) => !e.workshop || e.workshop === ws);
  for (const event of events) {
    for (const key of touches(event)) {
      if (key.split('/').length < 3) continue; // a removal: nothing of mine left there
      mine.set(`${ws}|${key}`, { value: valueAt(w, key), seq: event.seq });
    }
  }
  if (opts.key) dropConflict(ws, opts.key);
  if (opts.undoable !== false && events.length) {
    undoStack.push({ ws, seq: events[events.length - 1].seq, words: wordsOf(ws, events[events.length - 1]) });
    redoStack.length = 0;
  }
  flash('');
}

/** Sends what waited for the connection (or for changes to resume), each with its own commandId. */
function flushQueue() {
  if (!changesAccepted) return;
  for (const [qkey, entry] of [...queue]) {
    if (inflight.has(qkey)) continue;
    const handle = handles.get(entry.ws);
    if (!handle || handle.status !== 'online') continue;
    send(entry.ws, entry.command, entry.opts).catch(() => {});
  }
}

/** The gesture's command: one talk.move, with the version seen when the gesture began. Returns send's promise. */
function commitMove(ws, talkId, target, version) {
  const key = `${ws}|${talkId}`;
  moves.set(key, target);
  previews.delete(key);
  scheduleRender();
  const talk = talkOf(ws, talkId);
  const command = { type: 'talk.move', talkId, start: target.start, end: target.end, expectedVersion: version };
  const sending = send(ws, command, {
    key: `talk/${talkId}/time`,
    mine: target.start ? timesText(target.start, target.end) : 'unscheduled',
    settled: () => {
      if (moves.get(key) === target) moves.delete(key);
    },
  });
  sending.then(() => {
    announce(target.start ? `Moved ${talk ? talk.title : ''} to ${target.start}–${target.end}` : `Unscheduled ${talk ? talk.title : ''}`);
  }).catch(() => {});
  return sending;
}

function setPreview(ws, talkId, times) {
  const key = `${ws}|${talkId}`;
  if (times) previews.set(key, times);
  else previews.delete(key);
  scheduleRender();
}

function setEditing(ws, talkId, field) {
  const handle = handles.get(ws);
  if (!handle) return;
  if (talkId || field) handle.setEditing(talkId || null, field || null);
  else handle.setEditing(null);
}

// ---- values of the parts of a workshop (for conflicts, overwrites, restores) -----------------

function parseKey(key) {
  const [kind, a, b] = key.split('/');
  return kind === 'workshop' ? { kind, field: a } : { kind, id: a, field: b };
}

function valueAt(w, key) {
  if (!w) return undefined;
  const k = parseKey(key);
  if (k.kind === 'workshop') return w[k.field];
  if (k.kind === 'talk') {
    const talk = (w.talks || []).find((t) => t.id === k.id);
    if (!talk) return undefined;
    return k.field === 'time' ? { start: talk.start || '', end: talk.end || '' } : talk[k.field];
  }
  if (k.kind === 'organizer') {
    const o = (w.organizers || []).find((x) => x.id === k.id);
    return o ? o[k.field] : undefined;
  }
  return undefined;
}

function valueFromEvent(type, d, key) {
  const k = parseKey(key);
  switch (type) {
    case 'talk.moved': return k.field === 'time' && d.talkId === k.id ? { start: d.start || '', end: d.end || '' } : undefined;
    case 'talk.updated':
      if (d.talkId !== k.id || !d.set) return undefined;
      if (k.field === 'time') return undefined;
      return d.set[k.field];
    case 'workshop.updated': return k.kind === 'workshop' && d.set ? d.set[k.field] : undefined;
    case 'organizer.updated': return k.kind === 'organizer' && d.organizerId === k.id && d.set ? d.set[k.field] : undefined;
    case 'change.reverted': return d.inverse ? valueFromEvent(d.inverse.type, d.inverse, key) : undefined;
    default: return undefined;
  }
}

const FIELD_NAMES = {
  time: 'time', title: 'title', authors: 'speakers', abstract: 'abstract', kind: 'kind', status: 'status',
  youtube: 'video', room: 'room', date: 'date', timezone: 'time zone', showAbstracts: 'show abstracts',
  organizerUrl: 'organizer link', given: 'given name', family: 'family name', institute: 'institute', url: 'link',
};

function fieldName(key) {
  const k = parseKey(key);
  const name = FIELD_NAMES[k.field] || k.field;
  if (k.kind === 'workshop') return `workshop ${name}`;
  if (k.kind === 'organizer') return `organizer's ${name}`;
  return name;
}

function valueText(key, value) {
  if (value === undefined || value === null) return '(nothing)';
  const k = parseKey(key);
  if (k.field === 'time') return value.start ? timesText(value.start, value.end) : 'unscheduled';
  if (Array.isArray(value)) return value.map(personName).filter(Boolean).join(', ') || '(nobody)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  return text === '' ? '(empty)' : text;
}

function commandFor(key, value) {
  const k = parseKey(key);
  if (k.kind === 'workshop') return { type: 'workshop.update', set: { [k.field]: value ?? '' } };
  if (k.kind === 'organizer') return { type: 'organizer.update', organizerId: k.id, set: { [k.field]: value ?? '' } };
  if (k.field === 'time') return { type: 'talk.move', talkId: k.id, start: (value && value.start) || '', end: (value && value.end) || '' };
  return { type: 'talk.update', talkId: k.id, set: { [k.field]: value ?? (k.field === 'authors' ? [] : '') } };
}

function wordsOf(ws, event) {
  const w = workshops.get(ws);
  return describe(event, {
    talkTitle: (id) => {
      const talk = w && (w.talks || []).find((t) => t.id === id);
      return talk ? talk.title : undefined;
    },
    workshopTitle: w ? w.title : ws,
  });
}

// ---- conflicts: told to both sides -----------------------------------------------------------

function mineOf(command, key) {
  if (command.type === 'talk.move') return { start: command.start, end: command.end };
  const k = parseKey(key);
  return command.set ? command.set[k.field] : undefined;
}

/** The change lost (409): show both values; keep theirs, or send mine again at the new version. */
function showConflict(ws, command, problem, opts) {
  const key = opts.key;
  const events = Array.isArray(problem.conflicts) ? problem.conflicts : [];
  let theirs;
  let by = null;
  for (const event of [...events].reverse()) {
    if (!touches(event).some((t) => key === t || key.startsWith(`${t}/`))) continue;
    by = event.by || by;
    theirs = event.type === 'talk.removed' ? '(removed)' : valueFromEvent(event.type, event.data || {}, key);
    if (theirs === undefined) theirs = valueAt(workshops.get(ws), key);
    break;
  }
  if (theirs === undefined) theirs = valueAt(workshops.get(ws), key);
  const k = parseKey(key);
  const subject = k.kind === 'talk' ? talkOf(ws, k.id) : null;
  dropConflict(ws, key);
  const keepTheirs = h('button', { type: 'button', text: 'Keep theirs', 'data-keep-theirs': true });
  const useMine = h('button', { type: 'button', class: 'primary', text: 'Use mine', 'data-use-mine': true, disabled: theirs === '(removed)' });
  const notice = h('div', {
    class: 'notice conflict', role: 'alert',
    dataset: { conflict: k.field, workshop: ws, talk: k.kind === 'talk' ? k.id : '', key },
  },
  h('div', { class: 'notice-text' },
    `${by || 'Someone'} changed the ${fieldName(key)}${subject ? ' of ' : ''}`,
    subject ? h('em', { text: subject.title || '(untitled)' }) : '',
    ' while you were changing it; yours was not saved.'),
  h('div', { class: 'values' },
    h('span', { text: 'Yours' }), h('span', { class: 'mine', text: opts.mine !== undefined ? String(opts.mine) : valueText(key, mineOf(command, key)) }),
    h('span', { text: `Theirs${by ? ` (${by})` : ''}` }), h('span', { class: 'theirs', text: typeof theirs === 'string' && theirs === '(removed)' ? theirs : valueText(key, theirs) })),
  h('div', { class: 'buttons' }, keepTheirs, useMine));
  keepTheirs.addEventListener('click', () => {
    dropConflict(ws, key);
    panel.refresh(true);
  });
  useMine.addEventListener('click', () => {
    const again = { ...command, expectedVersion: versionOf(ws) };
    delete again.commandId;
    dropConflict(ws, key);
    if (again.type === 'talk.move' && k.kind === 'talk') {
      commitMove(ws, k.id, { start: again.start, end: again.end }, again.expectedVersion).catch(() => {});
    } else {
      send(ws, again, opts).catch(() => {});
    }
  });
  conflicts.set(`${ws}|${key}`, { notice, command });
  $('notices').prepend(notice);
  scheduleRender();
}

function dropConflict(ws, key) {
  const entry = conflicts.get(`${ws}|${key}`);
  if (!entry) return;
  entry.notice.remove();
  conflicts.delete(`${ws}|${key}`);
  scheduleRender();
}

function conflictOf(ws, key) {
  return conflicts.get(`${ws}|${key}`) || null;
}

/** Someone else replaced a value this user had saved: say so, with a one-click restore. */
function checkOverwritten(ws, event, w) {
  for (const key of touches(event)) {
    for (const [mkey, entry] of [...mine]) {
      if (!mkey.startsWith(`${ws}|`)) continue;
      const own = mkey.slice(ws.length + 1);
      if (own !== key && !own.startsWith(`${key}/`)) continue;
      mine.delete(mkey);
      showOverwritten(ws, own, entry, event, w);
    }
  }
}

function showOverwritten(ws, key, entry, event, w) {
  const k = parseKey(key);
  const removed = event.type === 'talk.removed';
  const subject = k.kind === 'talk' ? (removed ? (event.data && event.data.talk) : (w.talks || []).find((t) => t.id === k.id)) : null;
  const noticeKey = removed ? `talk/${k.id}` : key;
  for (const old of $('notices').querySelectorAll('[data-overwritten]')) {
    if (old.dataset.workshop === ws && old.dataset.key === noticeKey) old.remove();
  }
  const restore = h('button', { type: 'button', class: 'primary', text: removed ? 'Restore the talk' : 'Restore mine', 'data-restore': true });
  const dismiss = h('button', { type: 'button', text: 'OK', 'data-dismiss': true });
  const notice = h('div', {
    class: 'notice overwritten', role: 'status',
    dataset: { overwritten: k.field || 'talk', workshop: ws, talk: k.kind === 'talk' ? k.id : '', key: noticeKey },
  },
  h('div', { class: 'notice-text' }, `${event.by} `, ...renderWords(wordsOf(ws, event)), removed ? '' : `, replacing your ${fieldName(key)}.`),
  removed ? '' : h('div', { class: 'values' },
    h('span', { text: 'Yours' }), h('span', { class: 'mine', text: valueText(key, entry.value) }),
    h('span', { text: `Now (${event.by})` }), h('span', { class: 'theirs', text: valueText(key, valueAt(w, key)) })),
  h('div', { class: 'buttons' }, restore, dismiss));
  restore.addEventListener('click', () => {
    notice.remove();
    const command = removed ? { type: 'change.revert', seq: event.seq } : commandFor(key, entry.value);
    command.expectedVersion = versionOf(ws);
    if (command.type === 'talk.move') commitMove(ws, k.id, { start: command.start, end: command.end }, command.expectedVersion).catch(() => {});
    else send(ws, command, { key: removed ? undefined : key }).catch(() => {});
  });
  dismiss.addEventListener('click', () => notice.remove());
  $('notices').prepend(notice);
}

// ---- undo and redo ---------------------------------------------------------------------------

function renderUndo() {
  const undoTop = undoStack[undoStack.length - 1];
  const redoTop = redoStack[redoStack.length - 1];
  const blocked = undoBusy || !changesAccepted;
  const undoButton = $('undo');
  const redoButton = $('redo');
  undoButton.disabled = !undoTop || blocked;
  redoButton.disabled = !redoTop || blocked;
  undoButton.title = undoTop ? `Undo: ${plain(undoTop.words)} (Ctrl+Z)` : 'Nothing to undo';
  redoButton.title = redoTop ? `Redo: ${plain(redoTop.words)} (Ctrl+Shift+Z)` : 'Nothing to redo';
  const what = $('undo-what');
  const text = undoTop ? `Undo: ${plain(undoTop.words)}` : '';
  if (what.textContent !== text) what.textContent = text;
}

/** Undo: change.revert of this user's last change; redo: change.revert of that revert. */
async function revertTop(from, to, verb) {
  const entry = from[from.length - 1];
  if (!entry || undoBusy) return;
  undoBusy = true;
  renderUndo();
  try {
    const reply = await send(entry.ws, { type: 'change.revert', seq: entry.seq, expectedVersion: versionOf(entry.ws) }, { undoable: false });
    from.pop();
    to.push({ ws: entry.ws, seq: reply.seq, words: entry.words });
    flash(`${verb}: ${plain(entry.words)}`);
  } catch (e) {
    if (e.status === 409) {
      from.pop();
      const later = e.problem && Array.isArray(e.problem.conflicts) ? e.problem.conflicts[e.problem.conflicts.length - 1] : null;
      flash(later ? `Cannot ${verb.toLowerCase()} “${plain(entry.words)}”: ${later.by || 'someone'} changed it since (${plain(wordsOf(entry.ws, later))}${later.at ? `, ${when(later.at)}` : ''}).`
        : `Cannot ${verb.toLowerCase()}: ${e.message}`, true);
    } else if (e.retryable || e.status === 503) {
      flash(`Cannot ${verb.toLowerCase()} now: the connection is down or changes are paused. Try again when they are back.`, true);
    }
  } finally {
    undoBusy = false;
    renderUndo();
  }
}

function undo() {
  return revertTop(undoStack, redoStack, 'Undone');
}

function redo() {
  return revertTop(redoStack, undoStack, 'Redone');
}

function onShortcut(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const key = e.key.toLowerCase();
  if (key !== 'z' && key !== 'y') return;
  const t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return; // the field's own undo
  if ($('planner').hidden) return;
  e.preventDefault();
  if (key === 'y' || e.shiftKey) redo();
  else undo();
}

// ---- messages --------------------------------------------------------------------------------

function flash(text, bad = false) {
  const el = $('flash');
  el.textContent = text;
  el.classList.toggle('error', bad);
}

function announce(text) {
  const el = $('announce');
  el.textContent = '';
  requestAnimationFrame(() => { el.textContent = text; });
}

// ---- what the other modules may use ----------------------------------------------------------

function gestureApp() {
  return {
    get grid() { return grid; },
    get scroller() { return $('grid-scroll'); },
    editable,
    workshop: (ws) => workshops.get(ws),
    talk: talkOf,
    timesOf,
    versionOf,
    setPreview,
    commitMove: (ws, talkId, target, version) => {
      commitMove(ws, talkId, target, version).catch(() => {});
    },
    setEditing,
    openTalk: (ws, id) => panel.showTalk(ws, id),
    openNewTalk: (ws, start) => panel.showNewTalk(ws, start),
    announce,
  };
}

function panelApp() {
  return {
    get me() { return me; },
    get token() { return session.token; },
    workshop: (ws) => workshops.get(ws),
    workshopIds: () => order.filter((id) => workshops.has(id)),
    talk: talkOf,
    editable,
    versionOf,
    send,
    commitMove,
    setEditing,
    logs,
    wordsOf,
    isWaiting: (ws, key) => queue.has(`${ws}|${key}`) || inflight.has(`${ws}|${key}`),
    isQueued: (ws, key) => queue.has(`${ws}|${key}`),
    conflictOf,
    flash,
    announce,
  };
}

// Column heads: settings (or details, read only).
document.addEventListener('click', (e) => {
  const button = e.target.closest && e.target.closest('[data-action=settings]');
  if (!button || !panel) return;
  const column = button.closest('[data-workshop-column]');
  if (column) panel.showSettings(column.dataset.workshopColumn);
});
