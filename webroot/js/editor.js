// Organizers' live editor: /editor.html?workshop=<id>
// Sign in (planner-session: the token kept in localStorage for every tab until it expires), then
// edit the talks in place. Every change is a command over lineup-live with expectedVersion = the
// version the field was shown at; others' edits arrive live without touching the field being typed
// in; a 409 shows both values. Undo reverts the user's own last change (a change.revert command);
// each talk has a history panel built from the workshop's event log, in words; while the server
// refuses changes (its store is away) a banner says so and edits stay pending, to be sent when
// changes resume. The whole meeting, side by side, is the planner (/planner.html?meeting=).

import { follow } from './lineup-live.js';
import { confirmTwice, fill, getJson, h, minutesOf, params, personName, speakersOf } from './ui.js';
import { signInPage } from './planner-session.js';
import { EventLog } from './planner-history.js';
import { describe as describeEvent, plain, render as renderWords, when } from './planner-words.js';

const LABELS = { start: 'start', end: 'end', title: 'title', kind: 'kind', speakers: 'speakers', abstract: 'abstract' };

const $ = (id) => document.getElementById(id);
const workshopId = params().get('workshop');

let session = null;
let showSignIn = () => {};
let showPage = () => {};
let me = null; // the token's claims
let live = null;
let workshop = null;
let present = [];
let clashes = []; // speaker-clash warnings from the server's snapshot (across the meeting)
let clashTimer = null;
const rows = new Map(); // talkId → { row, fields: {name: element}, notes, conflicts: Map }
const log = workshopId ? new EventLog(workshopId) : null; // the workshop's log, from REST and live
let undoing = false;
let changesAccepted = true;

window.lineupEditor = { get live() { return live; }, rows, log };

init();

function init() {
  ({ session, showSignIn, showPage } = signInPage(
    { main: $('editor'), form: $('login'), error: $('login-error'), logout: $('logout'), who: $('who') },
    { onToken, onSignedOut }));
  me = session.claims;
  $('add-form').addEventListener('submit', addTalk);
  $('shift-form').addEventListener('submit', shift);
  $('undo').addEventListener('click', undo);
  if (log) log.onChange(renderLogViews);
  if (!workshopId) {
    showPicker();
    return;
  }
  if (session.token) startEditing();
  else showSignIn();
}

// ---- signing in ------------------------------------------------------------------------------

/** Signed in or renewed, here or in another tab. */
function onToken(token, claims) {
  me = claims;
  if (live) live.setToken(token);
  else if (workshopId) startEditing();
  else showPicker();
}

/** Signed out or expired, here or in another tab. */
function onSignedOut(why) {
  if (live) live.close();
  live = null;
  me = null;
  if (workshopId) showSignIn(why);
}

async function showPicker() {
  $('picker').hidden = false;
  try {
    const list = await getJson('/api/workshops');
    fill($('picker-list'), list.map((w) => h('li', {},
      h('a', { href: `editor.html?workshop=${encodeURIComponent(w.id)}`, text: w.title || w.id }),
      ' ', h('span', { class: 'muted small', text: [w.date, (w.categories || []).join(', ')].filter(Boolean).join(' · ') }),
      (w.categories || []).length ? [' ', h('a', { class: 'small', href: `planner.html?meeting=${encodeURIComponent(w.categories[0])}`, text: 'planner' })] : '')));
  } catch (e) {
    fill($('picker-list'), h('li', { class: 'error', text: e.message }));
  }
}

// ---- following the workshop ------------------------------------------------------------------

function startEditing() {
  showPage(me && me.sub ? `Signed in as ${me.sub}` : '');
  fill($('links'),
    h('a', { id: 'planner-link', href: plannerLink(), text: 'Planner (the whole meeting)' }),
    h('a', { href: `display.html?workshop=${encodeURIComponent(workshopId)}`, text: 'Venue display' }),
    h('a', { href: programmeLink(), text: 'Programme' }),
    h('a', { href: `/api/workshops/${encodeURIComponent(workshopId)}.md`, text: 'Jekyll page' }),
    h('a', { href: `/api/workshops/${encodeURIComponent(workshopId)}.ics`, text: 'iCal' }));
  live = follow({
    workshop: workshopId,
    token: session.token,
    presence: true,
    onWorkshop: (w) => {
      workshop = w;
      render();
      refreshClashesSoon();
      if (live && live.version > log.upTo) log.load();
    },
    onEvent: (event) => log.add([event]),
    onChanges: (accepted) => {
      changesAccepted = accepted;
      const banner = $('changes-paused');
      banner.hidden = accepted;
      banner.textContent = accepted ? ''
        : 'Changes are paused: the server cannot store them right now. Your edits are kept and will be saved when changes resume.';
      renderUndo();
      if (accepted) resendUnsaved();
    },
    onPresence: (p) => {
      present = (p && p.present) || [];
      renderPresence();
    },
    onStatus: (s) => {
      const badge = $('status');
      badge.hidden = false;
      badge.dataset.status = s;
      badge.textContent = s === 'online' ? 'live' : s;
      if (s === 'online') resendUnsaved();
    },
  });
  document.addEventListener('focusin', onFocus);
  document.addEventListener('focusout', onBlur);
  log.load();
}

// ---- the event log (undo, history) -----------------------------------------------------------

function renderLogViews() {
  renderUndo();
  for (const entry of rows.values()) {
    if (!entry.historyBox.hidden) renderHistory(entry);
  }
}

const NOT_REVERTIBLE = new Set(['workshop.created', 'workshop.imported', 'workshop.deleted', 'change.reverted']);

/** The signed-in user's latest change that is not undone yet, or null (also while the log has gaps). */
function undoable() {
  if (!me || !me.sub || !live || live.version === null || log.upTo < live.version) return null;
  const reverted = new Set();
  for (const event of log.events.values()) {
    if (event.type === 'change.reverted' && event.data) reverted.add(event.data.seq);
  }
  for (const event of log.newestFirst()) {
    const seq = event.seq;
    if (event.by !== me.sub || NOT_REVERTIBLE.has(event.type) || reverted.has(seq)) continue;
    return event;
  }
  return null;
}

function renderUndo() {
  const button = $('undo');
  const target = undoable();
  button.disabled = !target || undoing || !changesAccepted;
  button.title = target ? `Undo your change: ${describe(target)}` : 'Nothing to undo';
  $('undo-what').textContent = target ? describe(target) : '';
}

async function undo() {
  const target = undoable();
  if (!target || !live || undoing) return;
  undoing = true;
  renderUndo();
  try {
    await send({ type: 'change.revert', seq: target.seq, expectedVersion: live.version }, null, []);
    flash(`Undone: ${describe(target)}`);
  } catch (e) {
    if (e.status === 409) {
      const conflicts = (e.problem && Array.isArray(e.problem.conflicts)) ? e.problem.conflicts : [];
      const later = conflicts[conflicts.length - 1];
      flash(later
        ? `Cannot undo “${describe(target)}”: ${later.by || 'someone'} changed it since`
          + ` (${describe(later)}${later.at ? `, ${when(later.at)}` : ''}).`
        : `Cannot undo: ${e.message}`, true);
    } else if (e.status === 503) {
      flash('Changes are paused: undo again once they resume.', true);
    } else if (e.status !== 401) {
      flash(`Cannot undo: ${e.message}`, true);
    }
  } finally {
    undoing = false;
    renderUndo();
  }
}

// ---- history of a talk -----------------------------------------------------------------------

function wordsOf(event) {
  return describeEvent(event, {
    talkTitle: (id) => {
      const entry = rows.get(id);
      return entry && entry.talk ? entry.talk.title : undefined;
    },
    workshopTitle: workshop ? workshop.title : workshopId,
  });
}

/** What an event did, in words (plain text). */
function describe(event) {
  return plain(wordsOf(event));
}

function toggleHistory(entry) {
  const open = entry.historyBox.hidden;
  entry.historyBox.hidden = !open;
  entry.historyButton.setAttribute('aria-expanded', String(open));
  entry.historyButton.classList.toggle('active', open);
  if (open) {
    renderHistory(entry);
    if (live && live.version > log.upTo) log.load();
  }
}

function renderHistory(entry) {
  const events = log.newestFirst(entry.talkId);
  fill(entry.historyBox,
    h('div', { class: 'history-head', text: 'History' }),
    events.length ? h('ol', { class: 'history-list' }, events.map((e) => h('li', { dataset: { seq: e.seq, type: e.type } },
      h('span', { class: 'when', text: when(e.at) }), ' ',
      h('span', { class: 'who', text: e.by || 'someone' }), ' ',
      h('span', { class: 'what' }, renderWords(wordsOf(e))))))
      : h('div', { class: 'muted small', text: log.loading ? 'Loading…' : 'No changes yet.' }));
}

function plannerLink() {
  const category = workshop && workshop.categories && workshop.categories[0];
  return category ? `planner.html?meeting=${encodeURIComponent(category)}${workshop.date ? `&day=${workshop.date}` : ''}` : 'planner.html';
}

function programmeLink() {
  const category = workshop && workshop.categories && workshop.categories[0];
  return category ? `/?category=${encodeURIComponent(category)}` : '/';
}

function refreshClashesSoon() {
  clearTimeout(clashTimer);
  clashTimer = setTimeout(async () => {
    try {
      const snapshot = await getJson(`/api/workshops/${encodeURIComponent(workshopId)}`);
      clashes = (snapshot.warnings || []).filter((w) => w.code === 'speaker-clash');
      renderWarnings();
    } catch (e) {
      // keep the last ones; the page works without them
    }
  }, 800);
}

// ---- rendering -------------------------------------------------------------------------------

function render() {
  const exists = workshop && workshop.title !== undefined && workshop.title !== null;
  $('title').textContent = exists ? workshop.title : `No workshop “${workshopId}”`;
  $('subtitle').textContent = exists
    ? [workshop.date, workshop.room, workshop.timezone, `version ${workshop.version}`].filter(Boolean).join(' · ') : '';
  document.title = exists ? `${workshop.title} — Lineup editor` : 'Lineup editor';
  const planner = $('planner-link');
  if (planner && planner.getAttribute('href') !== plannerLink()) planner.setAttribute('href', plannerLink());
  const talks = exists ? workshop.talks : [];
  const container = $('talks');
  const seen = new Set();
  talks.forEach((talk, index) => {
    seen.add(talk.id);
    let entry = rows.get(talk.id);
    if (!entry) {
      entry = createRow(talk.id);
      rows.set(talk.id, entry);
    }
    updateRow(entry, talk);
    if (container.children[index] !== entry.row) container.insertBefore(entry.row, container.children[index] || null);
  });
  for (const [id, entry] of rows) {
    if (!seen.has(id)) {
      entry.row.remove();
      rows.delete(id);
    }
  }
  renderWarnings();
  renderPresence();
}

function createRow(talkId) {
  const fields = {
    start: h('input', { name: 'start', placeholder: 'HH:MM', 'aria-label': 'start', autocomplete: 'off' }),
    end: h('input', { name: 'end', placeholder: 'HH:MM', 'aria-label': 'end', autocomplete: 'off' }),
    title: h('input', { name: 'title', placeholder: 'Title', 'aria-label': 'title', autocomplete: 'off' }),
    kind: h('select', { name: 'kind', 'aria-label': 'kind' },
      h('option', { value: 'talk', text: 'talk' }), h('option', { value: 'break', text: 'break' })),
    speakers: h('input', { name: 'speakers', placeholder: 'Speakers (Given Family, Given Family)', 'aria-label': 'speakers', autocomplete: 'off' }),
    abstract: h('textarea', { name: 'abstract', placeholder: 'Abstract', rows: 2, 'aria-label': 'abstract' }),
  };
  const remove = h('button', { type: 'button', class: 'danger', text: 'Remove', 'data-remove': true });
  const historyButton = h('button', { type: 'button', text: 'History', 'data-action': 'history', 'aria-expanded': 'false' });
  const notes = h('div', { class: 'notes' });
  const row = h('div', { class: 'talk-row', dataset: { talkId } },
    fields.start, fields.end, fields.title, fields.kind, h('div', { class: 'actions' }, historyButton, remove),
    fields.speakers, fields.abstract, notes);
  const entry = {
    row, fields, notes, talkId, conflicts: new Map(), warningsBox: h('div'), presenceBox: h('div'), conflictBox: h('div'),
    historyButton, historyBox: h('div', { class: 'history', 'data-history': true, hidden: true }),
  };
  notes.append(entry.presenceBox, entry.warningsBox, entry.conflictBox, entry.historyBox);
  historyButton.addEventListener('click', () => toggleHistory(entry));
  for (const [name, el] of Object.entries(fields)) {
    el.dataset.field = name;
    el.addEventListener('change', () => commit(entry, name));
    el.addEventListener('blur', () => refreshAfterBlur(entry, el, name));
  }
  confirmTwice(remove, () => send({ type: 'talk.remove', talkId, expectedVersion: live.version }, entry, []).catch(() => {}));
  return entry;
}

function modelValue(talk, name) {
  switch (name) {
    case 'speakers': return speakersOf(talk);
    case 'kind': return talk.kind || 'talk';
    default: return talk[name] == null ? '' : String(talk[name]);
  }
}

function updateRow(entry, talk) {
  entry.talk = talk;
  entry.row.classList.toggle('is-break', talk.kind === 'break');
  entry.row.classList.toggle('is-cancelled', talk.status === 'cancelled');
  for (const [name, el] of Object.entries(entry.fields)) {
    el._model = modelValue(talk, name);
    if (document.activeElement === el || el._saving || el._dirty || entry.conflicts.has(name)) continue; // the user's text stays
    if (el.value !== el._model) el.value = el._model;
    el._shown = el._model;
    el._seen = workshop.version;
  }
}

/** A field the user left without changing it takes what others wrote meanwhile. */
function refreshAfterBlur(entry, el, name) {
  if (el._saving || el._dirty || entry.conflicts.has(name) || el.value !== el._shown) return;
  if (el._model !== undefined && el.value !== el._model) el.value = el._model;
  el._shown = el.value;
  el._seen = workshop ? workshop.version : el._seen;
}

function renderWarnings() {
  if (!workshop) return;
  const ids = new Set(rows.keys());
  const all = [...(workshop.warnings || []), ...clashes.filter((w) => (w.talkIds || []).some((id) => ids.has(id)))];
  const byTalk = new Map();
  for (const warning of all) {
    for (const id of warning.talkIds || []) {
      if (!byTalk.has(id)) byTalk.set(id, []);
      byTalk.get(id).push(warning);
    }
  }
  for (const [id, entry] of rows) {
    const mine = byTalk.get(id) || [];
    entry.row.classList.toggle('has-warning', mine.length > 0);
    fill(entry.warningsBox, mine.map((w) => h('div', { class: 'warning', dataset: { warning: w.code }, text: `⚠ ${w.message}` })));
  }
}

function renderPresence() {
  const list = $('presence');
  if (!list) return;
  const talkTitle = (id) => {
    const entry = rows.get(id);
    return entry && entry.talk ? (entry.talk.title || '(untitled)') : id;
  };
  fill(list, present.length ? present.map((p) => {
    const self = me && p.sub === me.sub;
    const editing = p.editing && p.editing.talkId
      ? `editing ${LABELS[p.editing.field] || p.editing.field || ''} of “${talkTitle(p.editing.talkId)}”` : 'here';
    return h('li', { dataset: { sub: p.sub, editingTalk: p.editing && p.editing.talkId ? p.editing.talkId : '' } },
      h('span', { class: 'who', text: p.sub }), self ? ' (you)' : '', ' — ', h('span', { class: 'what', text: editing }));
  }) : h('li', { class: 'muted', text: 'nobody' }));
  for (const [id, entry] of rows) {
    const others = present.filter((p) => p.editing && p.editing.talkId === id && !(me && p.sub === me.sub));
    fill(entry.presenceBox, others.map((p) => h('div', {
      class: 'editing-by', text: `✎ ${p.sub} is editing ${p.editing.field || 'this talk'}`,
    })));
  }
}

// ---- presence --------------------------------------------------------------------------------

function fieldOf(el) {
  const row = el && el.closest ? el.closest('[data-talk-id]') : null;
  return row && el.dataset && el.dataset.field ? { talkId: row.dataset.talkId, field: el.dataset.field } : null;
}

function onFocus(event) {
  const where = fieldOf(event.target);
  if (where && live) live.setEditing(where.talkId, where.field);
}

function onBlur() {
  setTimeout(() => {
    if (live && !fieldOf(document.activeElement)) live.setEditing(null);
  }, 0);
}

// ---- commands --------------------------------------------------------------------------------

function normalizeTime(text) {
  const value = text.trim();
  if (value === '') return '';
  const m = /^(\d{1,2})[:.h](\d{2})$/.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

function parseSpeakers(text, previous) {
  return text.split(/[;,]/).map((s) => s.trim()).filter(Boolean).map((name) => {
    const known = (previous || []).find((p) => personName(p) === name);
    if (known) return known;
    const at = name.lastIndexOf(' ');
    return at < 0 ? { given: '', family: name } : { given: name.slice(0, at).trim(), family: name.slice(at + 1).trim() };
  });
}

/** The command for a change of one field, or null (with a message) when the text is not valid. */
function commandFor(entry, name) {
  const { fields, talkId, talk } = entry;
  if (name === 'start' || name === 'end') {
    const start = normalizeTime(fields.start.value);
    const end = normalizeTime(fields.end.value);
    if (start === null || end === null) return { invalid: 'Times are HH:MM (24 h), or empty.' };
    if (start && end && minutesOf(end) < minutesOf(start)) return { invalid: 'The end is before the start.' };
    fields.start.value = start;
    fields.end.value = end;
    return {
      command: { type: 'talk.move', talkId, start, end, expectedVersion: Math.min(fields.start._seen, fields.end._seen) },
      els: [fields.start, fields.end],
    };
  }
  const el = fields[name];
  const value = name === 'speakers' ? parseSpeakers(el.value, talk && talk.authors) : el.value;
  const set = { [name === 'speakers' ? 'authors' : name]: value };
  return { command: { type: 'talk.update', talkId, set, expectedVersion: el._seen }, els: [el] };
}

function commit(entry, name) {
  if (!live) return;
  const el = entry.fields[name];
  const { start, end } = entry.fields;
  const unchanged = name === 'start' || name === 'end'
    ? start.value === start._shown && end.value === end._shown : el.value === el._shown;
  if (unchanged) return;
  const built = commandFor(entry, name);
  if (built.invalid) {
    flash(built.invalid, true);
    el.classList.add('invalid');
    return;
  }
  el.classList.remove('invalid');
  send(built.command, entry, built.els, name).catch(() => {});
}

async function send(command, entry, els, field) {
  // Our own commandId, so that sending it again after a lost connection cannot apply it twice.
  if (!command.commandId && globalThis.crypto && crypto.randomUUID) command.commandId = crypto.randomUUID();
  els.forEach((el) => {
    el._saving = true;
    el._dirty = false;
    el.classList.add('saving');
  });
  try {
    let reply;
    try {
      reply = await live.send(command);
    } catch (e) {
      if (!e.retryable) throw e;
      reply = await live.send(command); // same commandId: safe to repeat
    }
    els.forEach((el) => {
      el._saving = false;
      el.classList.remove('saving', 'unsaved');
      el._shown = el.value;
      el._seen = reply.version;
      el.classList.add('saved');
      setTimeout(() => el.classList.remove('saved'), 1200);
    });
    if (entry && field) clearConflict(entry, field);
    if (entry && entry.talk) updateRow(entry, currentTalk(entry.talkId) || entry.talk);
    flash('');
    return reply;
  } catch (e) {
    els.forEach((el) => {
      el._saving = false;
      el.classList.remove('saving');
    });
    if (e.status === 409 && entry && field) {
      showConflict(entry, field, command, e.problem || {});
    } else if (e.status === 401) {
      flash('Your session has expired: sign in again.', true);
      session.signOut();
    } else if ((e.retryable || e.status === 503) && entry && field) {
      // The connection is gone, or the server cannot store changes right now: keep the text, send
      // it again once we are back online / changes resume.
      els.forEach((el) => {
        el._dirty = true;
        el.classList.add('unsaved');
      });
      flash(e.status === 503
        ? 'Changes are paused: your change is kept and will be saved when they resume.'
        : 'Offline: your change is kept and will be saved when the connection is back.', true);
    } else if (e.status === 503) {
      flash('Changes are paused: the server cannot store them right now. Try again when they resume.', true);
    } else {
      flash(`Not saved: ${e.message}`, true);
      if (entry) updateRow(entry, currentTalk(entry.talkId) || entry.talk);
    }
    throw e;
  }
}

/** Fields whose change could not be sent (offline): committed again, against the version seen. */
function resendUnsaved() {
  for (const entry of rows.values()) {
    for (const [name, el] of Object.entries(entry.fields)) {
      if (!el._dirty || el._saving) continue;
      el._dirty = false;
      el.classList.remove('unsaved');
      commit(entry, name);
    }
  }
}

function currentTalk(talkId) {
  return workshop ? workshop.talks.find((t) => t.id === talkId) : null;
}

function flash(text, bad = false) {
  const el = $('flash');
  el.textContent = text;
  el.classList.toggle('error', bad);
}

// ---- conflicts (409) -------------------------------------------------------------------------

/** Their value of a field, from the last conflicting event (falling back to the current state). */
function theirValue(entry, field, conflicts) {
  for (const event of [...conflicts].reverse()) {
    const d = event.data || {};
    if (event.type === 'talk.removed') return { value: '(the talk was removed)', by: event.by, removed: true };
    if (event.type === 'talk.updated' && d.set) {
      if (field === 'speakers' && d.set.authors) return { value: d.set.authors.map(personName).join(', '), by: event.by };
      if (d.set[field] !== undefined) return { value: String(d.set[field] ?? ''), by: event.by };
    }
    if (event.type === 'talk.moved' && (field === 'start' || field === 'end')) {
      return { value: `${d.start || ''} – ${d.end || ''}`, by: event.by };
    }
    if (event.by) {
      const talk = currentTalk(entry.talkId);
      const value = field === 'start' || field === 'end'
        ? `${talk ? talk.start || '' : ''} – ${talk ? talk.end || '' : ''}` : (talk ? modelValue(talk, field) : '');
      return { value, by: event.by };
    }
  }
  const talk = currentTalk(entry.talkId);
  return { value: talk ? modelValue(talk, field) : '', by: null };
}

function showConflict(entry, field, command, problem) {
  const conflicts = Array.isArray(problem.conflicts) ? problem.conflicts : [];
  const theirs = theirValue(entry, field, conflicts);
  const key = field === 'end' ? 'start' : field;
  const mine = key === 'start'
    ? `${entry.fields.start.value} – ${entry.fields.end.value}` : entry.fields[field].value;
  const els = key === 'start' ? [entry.fields.start, entry.fields.end] : [entry.fields[field]];
  entry.conflicts.set(key, { command, theirs });
  if (key === 'start') entry.conflicts.set('end', entry.conflicts.get('start'));
  entry.row.classList.add('has-conflict');
  const keepTheirs = h('button', { type: 'button', text: 'Keep theirs', 'data-keep-theirs': true });
  const useMine = h('button', { type: 'button', class: 'primary', text: 'Use mine', 'data-use-mine': true, disabled: theirs.removed });
  keepTheirs.addEventListener('click', () => {
    clearConflict(entry, key);
    els.forEach((el) => {
      el.value = el._model;
      el._shown = el._model;
      el._seen = workshop.version;
    });
  });
  useMine.addEventListener('click', () => {
    const again = { ...command, expectedVersion: live.version };
    delete again.commandId;
    send(again, entry, els, key).catch(() => {});
  });
  fill(entry.conflictBox, h('div', { class: 'conflict', dataset: { conflict: key } },
    h('div', { text: `${theirs.by ? theirs.by : 'Someone'} changed the ${key === 'start' ? 'time' : LABELS[field]} while you were editing it.` }),
    h('div', { class: 'values' },
      h('span', { text: 'Yours' }), h('span', { class: 'mine', text: mine }),
      h('span', { text: 'Theirs' }), h('span', { class: 'theirs', text: theirs.value })),
    h('div', { class: 'buttons' }, keepTheirs, useMine)));
}

function clearConflict(entry, field) {
  const key = field === 'end' ? 'start' : field;
  entry.conflicts.delete(key);
  if (key === 'start') entry.conflicts.delete('end');
  if (entry.conflicts.size === 0) {
    entry.row.classList.remove('has-conflict');
    fill(entry.conflictBox);
  }
}

// ---- adding, shifting ------------------------------------------------------------------------

async function addTalk(event) {
  event.preventDefault();
  const form = $('add-form');
  const start = normalizeTime(form.elements['new-start'].value);
  const end = normalizeTime(form.elements['new-end'].value);
  const title = form.elements['new-title'].value.trim();
  if (start === null || end === null) {
    flash('Times are HH:MM (24 h), or empty.', true);
    return;
  }
  const talk = { title };
  if (start) talk.start = start;
  if (end) talk.end = end;
  try {
    await send({ type: 'talk.add', talk }, null, []);
    form.reset();
    flash(`Added “${title || '(untitled)'}”.`);
  } catch (e) {
    // flashed
  }
}

async function shift(event) {
  event.preventDefault();
  const form = $('shift-form');
  const from = normalizeTime(form.elements['shift-from'].value);
  const minutes = Number(form.elements['shift-minutes'].value);
  if (!from || !Number.isInteger(minutes) || minutes === 0) {
    flash('Give a time (HH:MM) and a number of minutes.', true);
    return;
  }
  try {
    const reply = await send({ type: 'schedule.shift', from, minutes }, null, []);
    const moved = reply && reply.events && reply.events[0] && reply.events[0].data ? (reply.events[0].data.talkIds || []).length : 0;
    flash(`Shifted ${moved} talk${moved === 1 ? '' : 's'} from ${from} by ${minutes} min.`);
  } catch (e) {
    // flashed
  }
}
