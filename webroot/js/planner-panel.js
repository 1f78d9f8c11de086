// The planner's side panel: a talk (title, times, kind, speakers as people, abstract, cancel or
// restore, remove, its history), a new talk, a workshop's settings and organizers, the meeting's
// history in words, and publishing a version. A field is saved when it is left (or on Enter) as one
// command with the version it was shown at; others' changes reach every field except the one being
// typed in (or waiting to be saved, or in conflict).

import { confirmTwice, fill, h, minutesOf, personName, validZone } from './ui.js';
import { render as renderWords, when } from './planner-words.js';
import { changesSinceRelease, latestRelease, nextReleaseName, publish } from './planner-history.js';

const HISTORY_LIMIT = 200;
const HISTORY_DELAY_MS = 150;
const PERSON_FIELDS = ['given', 'family', 'institute', 'url'];
const WORKSHOP_TEXT_FIELDS = [
  ['title', 'Title'], ['room', 'Room'], ['organizerUrl', 'Organizer link'],
];

function normalizeTime(text) {
  const value = String(text || '').trim();
  if (value === '') return '';
  const m = /^(\d{1,2})[:.h]?(\d{2})$/.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function cleanPerson(person) {
  const out = {};
  for (const [k, v] of Object.entries(person)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (k === 'extra' && (typeof v !== 'object' || Object.keys(v).length === 0)) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

export class Panel {
  constructor(root, app) {
    this.root = root;
    this.app = app;
    this.view = null; // {kind, ws, talkId, bindings, ...}
    this.head = h('h2', { class: 'panel-title', id: 'panel-title' });
    this.close = h('button', { type: 'button', class: 'small', 'data-action': 'close-panel', text: 'Close', 'aria-label': 'Close the panel' });
    this.body = h('div', { class: 'panel-body' });
    root.setAttribute('aria-labelledby', 'panel-title');
    root.replaceChildren(h('div', { class: 'panel-head' }, this.head, this.close), this.body);
    this.close.addEventListener('click', () => this.showHistory());
    this.logTimer = null;
  }

  // ---- views ---------------------------------------------------------------------------------

  leave() {
    if (this.view && this.view.ws) this.app.setEditing(this.view.ws, null);
    this.view = null;
  }

  show(kind, title, nodes, extra = {}) {
    this.leave();
    this.view = { kind, bindings: [], ...extra };
    this.head.textContent = title;
    this.close.hidden = kind === 'history';
    fill(this.body, nodes);
    this.root.dataset.view = kind;
    return this.view;
  }

  /** Called after every render of the grid: fields follow the state (force: also dirty ones). */
  refresh(force = false) {
    const view = this.view;
    if (!view) return;
    if (view.kind === 'talk') {
      const talk = this.app.talk(view.ws, view.talkId);
      if (!talk) {
        fill(this.body, h('p', { class: 'muted', text: 'This talk was removed.' }));
        this.view = { kind: 'gone', bindings: [] };
        return;
      }
      this.renderTalkState(view, talk);
    }
    if (view.kind === 'settings') {
      const w = this.app.workshop(view.ws);
      if (!w) return;
      this.head.textContent = `Workshop: ${w.title || w.id}`;
      this.renderOrganizers(view, w);
    }
    for (const binding of view.bindings) binding.sync(force);
  }

  /** A log grew: its lists follow, a little later, so that they never delay the grid's frame. */
  logChanged(ws) {
    if (!this.view) return;
    if (this.view.kind === 'history' || (this.view.kind === 'talk' && this.view.ws === ws)) {
      if (this.logTimer) return;
      this.logTimer = setTimeout(() => {
        this.logTimer = null;
        if (this.view && this.view.kind === 'history') this.renderHistory();
        if (this.view && this.view.kind === 'talk') this.renderTalkHistory(this.view);
      }, HISTORY_DELAY_MS);
    }
  }

  // ---- binding a field to the state ------------------------------------------------------------

  /**
   * One field (or a group of inputs: speakers, times) bound to a part of the state. spec: {ws, key,
   * talkId, field, root, read() → model value, show(value), get() → value or undefined (invalid),
   * save(value, seenVersion) → promise}.
   */
  bind(spec) {
    const app = this.app;
    const binding = {
      shown: undefined,
      seen: 0,
      dirty: false,
      sync(force) {
        const model = spec.read();
        spec.root.classList.toggle('unsaved', app.isQueued(spec.ws, spec.key));
        spec.root.classList.toggle('has-conflict', Boolean(app.conflictOf(spec.ws, spec.key)));
        if (!force && (spec.root.contains(document.activeElement) || binding.dirty || app.isWaiting(spec.ws, spec.key)
            || app.conflictOf(spec.ws, spec.key))) return;
        if (!same(model, binding.shown) || force) spec.show(model);
        binding.shown = model;
        binding.seen = app.versionOf(spec.ws);
        binding.dirty = false;
      },
    };
    const commit = () => {
      const value = spec.get();
      if (value === undefined) return; // invalid: said so already
      if (same(value, binding.shown)) return;
      binding.dirty = true;
      spec.root.classList.add('saving');
      spec.save(value, binding.seen).then(() => {
        binding.dirty = false;
        binding.shown = value;
        binding.seen = app.versionOf(spec.ws);
        spec.root.classList.add('saved');
        setTimeout(() => spec.root.classList.remove('saved'), 1200);
      }, () => {
        // Waiting for the connection: stays dirty (shown unsaved). In conflict: the notice decides.
        binding.dirty = app.isQueued(spec.ws, spec.key);
      }).finally(() => {
        spec.root.classList.remove('saving');
        binding.sync(false);
      });
    };
    spec.root.addEventListener('change', commit);
    spec.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.tagName === 'INPUT') {
        e.preventDefault();
        commit();
      }
    });
    spec.root.addEventListener('focusin', () => app.setEditing(spec.ws, spec.talkId || null, spec.field));
    spec.root.addEventListener('focusout', (e) => {
      if (spec.root.contains(e.relatedTarget)) return;
      setTimeout(() => {
        if (!this.root.contains(document.activeElement)) app.setEditing(spec.ws, null);
        // Left unchanged: take what others wrote meanwhile.
        if (!binding.dirty && same(spec.get(), binding.shown)) binding.sync(false);
      }, 0);
    });
    this.view.bindings.push(binding);
    binding.sync(true);
    return binding;
  }

  // ---- a talk ----------------------------------------------------------------------------------

  showTalk(ws, talkId) {
    const talk = this.app.talk(ws, talkId);
    if (!talk) return;
    const w = this.app.workshop(ws);
    const editable = this.app.editable(ws);
    const form = h('form', { class: 'talk-form', dataset: { talkEditor: talkId, workshop: ws }, novalidate: true });
    const title = h('input', { name: 'title', autocomplete: 'off', 'aria-label': 'Title' });
    const start = h('input', { name: 'start', placeholder: 'HH:MM', size: 5, autocomplete: 'off', 'aria-label': 'Start' });
    const end = h('input', { name: 'end', placeholder: 'HH:MM', size: 5, autocomplete: 'off', 'aria-label': 'End' });
    const kind = h('select', { name: 'kind', 'aria-label': 'Kind' },
      h('option', { value: 'talk', text: 'Talk' }), h('option', { value: 'break', text: 'Break' }));
    const abstract = h('textarea', { name: 'abstract', rows: 6, 'aria-label': 'Abstract' });
    const times = h('div', { class: 'times', dataset: { times: true } }, h('label', {}, 'Start', start), h('label', {}, 'End', end));
    const people = h('div', { class: 'people', dataset: { people: true } });
    const addPerson = h('button', { type: 'button', class: 'small', 'data-action': 'add-person', text: 'Add a speaker' });
    const status = h('button', { type: 'button', 'data-action': 'toggle-cancel' });
    const remove = h('button', { type: 'button', class: 'danger', 'data-action': 'remove-talk', text: 'Remove' });
    const history = h('ol', { class: 'history-list', dataset: { talkHistory: talkId } });
    const titleBox = h('label', { class: 'wide' }, 'Title', title);
    const kindBox = h('label', {}, 'Kind', kind);
    const abstractBox = h('label', { class: 'wide' }, 'Abstract', abstract);
    const speakersBox = h('fieldset', { class: 'wide speakers' }, h('legend', { text: 'Speakers' }), people, editable ? addPerson : '');
    form.append(titleBox, times, kindBox, speakersBox, abstractBox,
      editable ? h('div', { class: 'buttons wide' }, status, remove) : h('p', { class: 'muted small wide', text: 'Read only: you may not edit this workshop.' }));
    const view = this.show('talk', w ? `${w.title || w.id}${w.room ? ` · ${w.room}` : ''}` : ws,
      [form, h('h3', { text: 'History of this talk' }), history], { ws, talkId, status, history });
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const el of form.querySelectorAll('input, select, textarea, button')) if (!editable) el.disabled = true;

    const talkNow = () => this.app.talk(ws, talkId) || {};
    const update = (field) => (value, seen) => this.app.send(ws,
      { type: 'talk.update', talkId, set: { [field]: value }, expectedVersion: seen },
      { key: `talk/${talkId}/${field}`, mine: field === 'authors' ? value.map(personName).join(', ') : String(value) });
    this.bind({ ws, talkId, key: `talk/${talkId}/title`, field: 'title', root: titleBox,
      read: () => talkNow().title || '', show: (v) => { title.value = v; }, get: () => title.value, save: update('title') });
    this.bind({ ws, talkId, key: `talk/${talkId}/kind`, field: 'kind', root: kindBox,
      read: () => talkNow().kind || 'talk', show: (v) => { kind.value = v; }, get: () => kind.value, save: update('kind') });
    this.bind({ ws, talkId, key: `talk/${talkId}/abstract`, field: 'abstract', root: abstractBox,
      read: () => talkNow().abstract || '', show: (v) => { abstract.value = v; }, get: () => abstract.value, save: update('abstract') });
    this.bind({ ws, talkId, key: `talk/${talkId}/time`, field: 'time', root: times,
      read: () => ({ start: talkNow().start || '', end: talkNow().end || '' }),
      show: (v) => { start.value = v.start; end.value = v.end; },
      get: () => {
        const s = normalizeTime(start.value);
        const e = normalizeTime(end.value);
        const bad = s === null || e === null || (s === '') !== (e === '') || (s && minutesOf(e) <= minutesOf(s));
        times.classList.toggle('invalid', Boolean(bad));
        if (bad) {
          this.app.flash('Times are HH:MM (24 h), the end after the start; or both empty to unschedule.', true);
          return undefined;
        }
        return { start: s, end: e };
      },
      save: (v, seen) => this.app.commitMove(ws, talkId, v, seen) });
    this.bind({ ws, talkId, key: `talk/${talkId}/authors`, field: 'authors', root: speakersBox,
      read: () => talkNow().authors || [],
      show: (list) => this.showPeople(people, list, editable),
      get: () => [...people.querySelectorAll('[data-person]')].map((row) => cleanPerson({
        ...(row._person || {}),
        ...Object.fromEntries(PERSON_FIELDS.map((f) => [f, row.querySelector(`[name=${f}]`).value])),
      })).filter((p) => p.given || p.family),
      save: update('authors') });
    addPerson.addEventListener('click', () => {
      const row = this.personRow({}, editable);
      people.append(row);
      row.querySelector('[name=given]').focus();
    });
    people.addEventListener('click', (e) => {
      const button = e.target.closest('[data-action=remove-person]');
      if (!button) return;
      button.closest('[data-person]').remove();
      speakersBox.dispatchEvent(new Event('change', { bubbles: true }));
    });
    status.addEventListener('click', () => {
      const cancelled = talkNow().status === 'cancelled';
      this.app.send(ws, { type: 'talk.update', talkId, set: { status: cancelled ? 'scheduled' : 'cancelled' }, expectedVersion: this.app.versionOf(ws) },
        { key: `talk/${talkId}/status` }).catch(() => {});
    });
    confirmTwice(remove, () => this.app.send(ws, { type: 'talk.remove', talkId, expectedVersion: this.app.versionOf(ws) }, {})
      .then(() => this.showHistory()).catch(() => {}));
    this.renderTalkState(view, talkNow());
    this.renderTalkHistory(view);
    if (editable) title.focus({ preventScroll: true });
  }

  renderTalkState(view, talk) {
    view.status.textContent = talk.status === 'cancelled' ? 'Restore this talk' : 'Cancel this talk';
    view.status.dataset.status = talk.status || 'scheduled';
  }

  showPeople(container, list, editable) {
    fill(container, list.map((person) => this.personRow(person, editable)));
  }

  personRow(person, editable) {
    const inputs = PERSON_FIELDS.map((f) => h('input', {
      name: f, value: person[f] || '', placeholder: { given: 'Given name', family: 'Family name', institute: 'Institute', url: 'Link (https://…)' }[f],
      'aria-label': { given: 'Given name', family: 'Family name', institute: 'Institute', url: 'Link' }[f], autocomplete: 'off', disabled: !editable,
    }));
    const row = h('div', { class: 'person', dataset: { person: personName(person) } }, ...inputs,
      editable ? h('button', { type: 'button', class: 'small danger', 'data-action': 'remove-person', text: 'Remove', 'aria-label': `Remove ${personName(person) || 'this speaker'}` }) : '');
    row._person = person;
    return row;
  }

  renderTalkHistory(view) {
    const log = this.app.logs.get(view.ws);
    if (!log) return;
    const events = log.newestFirst(view.talkId).slice(0, HISTORY_LIMIT);
    fill(view.history, events.length ? events.map((e) => this.historyItem(view.ws, e, false))
      : h('li', { class: 'muted', text: 'No changes since it was imported.' }));
  }

  historyItem(ws, event, withWorkshop) {
    const w = this.app.workshop(ws);
    return h('li', { dataset: { seq: String(event.seq), workshop: ws } },
      ...renderWords(this.app.wordsOf(ws, event)),
      h('span', { class: 'muted', text: ` — ${event.by || 'someone'}, ${when(event.at)}` }),
      withWorkshop ? h('span', { class: 'where muted small', text: ` · ${w ? (w.room || w.title || ws) : ws}` }) : '');
  }

  // ---- a new talk ------------------------------------------------------------------------------

  showNewTalk(ws, start) {
    if (!this.app.editable(ws)) return;
    const w = this.app.workshop(ws);
    const endMinutes = Math.min(minutesOf(start) + 30, 24 * 60 - 1);
    const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
    const form = h('form', { class: 'talk-form', dataset: { newTalk: ws } },
      h('label', { class: 'wide' }, 'Title', h('input', { name: 'title', required: true, autocomplete: 'off' })),
      h('div', { class: 'times' },
        h('label', {}, 'Start', h('input', { name: 'start', value: start, size: 5, autocomplete: 'off' })),
        h('label', {}, 'End', h('input', { name: 'end', value: end, size: 5, autocomplete: 'off' }))),
      h('label', {}, 'Kind', h('select', { name: 'kind' }, h('option', { value: 'talk', text: 'Talk' }), h('option', { value: 'break', text: 'Break' }))),
      h('fieldset', { class: 'wide speakers' }, h('legend', { text: 'Speaker' }), this.personRow({}, true)),
      h('label', { class: 'wide' }, 'Abstract', h('textarea', { name: 'abstract', rows: 4 })),
      h('div', { class: 'buttons wide' }, h('button', { type: 'submit', class: 'primary', text: 'Add the talk' })));
    form.querySelector('[data-action=remove-person]').remove();
    this.show('new', `New talk · ${w ? w.title || w.id : ws}`, [form], { ws });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const s = normalizeTime(form.elements.start.value);
      const t = normalizeTime(form.elements.end.value);
      if (s === null || t === null || (s && t && minutesOf(t) <= minutesOf(s))) {
        this.app.flash('Times are HH:MM (24 h), the end after the start.', true);
        return;
      }
      const person = cleanPerson(Object.fromEntries(PERSON_FIELDS.map((f) => [f, form.querySelector(`.person [name=${f}]`).value])));
      const talk = { title: form.elements.title.value.trim(), kind: form.elements.kind.value };
      if (s) talk.start = s;
      if (t) talk.end = t;
      if (person.given || person.family) talk.authors = [person];
      if (form.elements.abstract.value.trim()) talk.abstract = form.elements.abstract.value;
      this.app.send(ws, { type: 'talk.add', talk }, {}).then((reply) => {
        const added = reply.events && reply.events[0] && reply.events[0].data && reply.events[0].data.talk;
        this.app.announce(`Added ${talk.title || 'a talk'}`);
        if (added) this.showTalk(ws, added.id);
      }).catch(() => {});
    });
    form.elements.title.focus();
  }

  // ---- workshop settings -----------------------------------------------------------------------

  showSettings(ws) {
    const w = this.app.workshop(ws);
    if (!w) return;
    const editable = this.app.editable(ws);
    const form = h('form', { class: 'settings-form', dataset: { workshopSettings: ws }, novalidate: true });
    form.addEventListener('submit', (e) => e.preventDefault());
    const view = this.show('settings', `Workshop: ${w.title || w.id}`, [form], { ws, organizersKey: null });
    const wsNow = () => this.app.workshop(ws) || {};
    const update = (field) => (value, seen) => this.app.send(ws,
      { type: 'workshop.update', set: { [field]: value }, expectedVersion: seen },
      { key: `workshop/${field}`, mine: String(value) });
    const textField = (field, label, input) => {
      const box = h('label', { class: 'wide' }, label, input);
      form.append(box);
      this.bind({ ws, key: `workshop/${field}`, field: `workshop.${field}`, root: box,
        read: () => wsNow()[field] ?? (input.type === 'checkbox' ? false : ''),
        show: (v) => { if (input.type === 'checkbox') input.checked = Boolean(v); else input.value = v; },
        get: () => {
          if (input.type === 'checkbox') return input.checked;
          const v = input.value;
          if (field === 'date' && v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return this.invalid('The date is YYYY-MM-DD.');
          if (field === 'timezone' && v && !validZone(v)) return this.invalid(`"${v}" is not a time zone (e.g. Europe/Rome).`);
          return v;
        },
        save: update(field) });
      return input;
    };
    for (const [field, label] of WORKSHOP_TEXT_FIELDS) textField(field, label, h('input', { name: field, autocomplete: 'off' }));
    textField('date', 'Date', h('input', { name: 'date', type: 'date' }));
    const zones = h('datalist', { id: `zones-${ws}` });
    textField('timezone', 'Time zone', h('input', { name: 'timezone', list: zones.id, autocomplete: 'off', placeholder: 'Europe/Rome' }));
    form.append(zones);
    textField('showAbstracts', 'Show the abstracts on the programme', h('input', { name: 'showAbstracts', type: 'checkbox' }));
    textField('abstract', 'Abstract', h('textarea', { name: 'abstract', rows: 6 }));
    const organizers = h('div', { class: 'organizers', dataset: { organizers: ws } });
    const add = h('div', { class: 'person add-organizer', dataset: { addOrganizer: ws } },
      ...PERSON_FIELDS.map((f) => h('input', { name: f, placeholder: { given: 'Given name', family: 'Family name', institute: 'Institute', url: 'Link' }[f], 'aria-label': `New organizer: ${f}`, autocomplete: 'off' })),
      h('button', { type: 'button', class: 'small', 'data-action': 'add-organizer', text: 'Add' }));
    form.append(h('fieldset', { class: 'wide' }, h('legend', { text: 'Organizers' }), organizers, editable ? add : ''));
    view.organizers = organizers;
    add.querySelector('[data-action=add-organizer]').addEventListener('click', () => {
      const person = cleanPerson(Object.fromEntries(PERSON_FIELDS.map((f) => [f, add.querySelector(`[name=${f}]`).value])));
      if (!person.given && !person.family) {
        this.app.flash('An organizer needs a name.', true);
        return;
      }
      this.app.send(ws, { type: 'organizer.add', organizer: person, expectedVersion: this.app.versionOf(ws) }, {})
        .then(() => add.querySelectorAll('input').forEach((i) => { i.value = ''; })).catch(() => {});
    });
    if (!editable) {
      for (const el of form.querySelectorAll('input, select, textarea, button')) el.disabled = true;
      form.prepend(h('p', { class: 'muted small wide', text: 'Read only: you may not edit this workshop.' }));
    }
    this.renderOrganizers(view, w);
    // Time zones for the field's suggestions, once the form is on screen.
    setTimeout(() => {
      const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
      fill(zones, list.map((z) => h('option', { value: z })));
    }, 0);
  }

  invalid(message) {
    this.app.flash(message, true);
    return undefined;
  }

  /** The organizers' rows, rebuilt when organizers come or go (not while one is being edited). */
  renderOrganizers(view, w) {
    const ids = (w.organizers || []).map((o) => o.id).join(',');
    if (view.organizersKey === ids || view.organizers.contains(document.activeElement)) return;
    view.organizersKey = ids;
    const ws = view.ws;
    const editable = this.app.editable(ws);
    view.bindings = view.bindings.filter((b) => !b.organizer);
    fill(view.organizers, (w.organizers || []).map((o) => {
      const row = h('div', { class: 'person', dataset: { organizer: o.id } });
      for (const f of PERSON_FIELDS) {
        const input = h('input', { name: f, autocomplete: 'off', 'aria-label': `${personName(o) || 'Organizer'}: ${f}`, disabled: !editable });
        const box = h('span', { class: 'person-field' }, input);
        row.append(box);
        const orgNow = () => ((this.app.workshop(ws) || {}).organizers || []).find((x) => x.id === o.id) || {};
        const binding = this.bind({ ws, key: `organizer/${o.id}/${f}`, field: `organizer.${f}`, root: box,
          read: () => orgNow()[f] || '', show: (v) => { input.value = v; }, get: () => input.value.trim(),
          save: (value, seen) => this.app.send(ws, { type: 'organizer.update', organizerId: o.id, set: { [f]: value }, expectedVersion: seen },
            { key: `organizer/${o.id}/${f}`, mine: value }) });
        binding.organizer = true;
      }
      if (editable) {
        const remove = h('button', { type: 'button', class: 'small danger', 'data-action': 'remove-organizer', text: 'Remove', 'aria-label': `Remove ${personName(o)}` });
        remove.addEventListener('click', () => this.app.send(ws, { type: 'organizer.remove', organizerId: o.id, expectedVersion: this.app.versionOf(ws) }, {}).catch(() => {}));
        row.append(remove);
      }
      return row;
    }));
    if (!(w.organizers || []).length) view.organizers.append(h('p', { class: 'muted small', text: 'No organizers yet.' }));
  }

  // ---- the meeting's history -------------------------------------------------------------------

  showHistory() {
    const list = h('ol', { class: 'history-list', dataset: { history: 'meeting' } });
    this.show('history', 'What changed', [h('p', { class: 'muted small', text: 'Every change to the meeting, newest first.' }), list], { list });
    this.renderHistory();
  }

  renderHistory() {
    const view = this.view;
    if (!view || view.kind !== 'history') return;
    const all = [];
    for (const ws of this.app.workshopIds()) {
      const log = this.app.logs.get(ws);
      if (log) for (const event of log.events.values()) all.push({ ws, event });
    }
    all.sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : b.event.seq - a.event.seq));
    fill(view.list, all.length ? all.slice(0, HISTORY_LIMIT).map(({ ws, event }) => this.historyItem(ws, event, true))
      : h('li', { class: 'muted', text: 'Nothing yet.' }));
  }

  // ---- publishing a version --------------------------------------------------------------------

  showPublish() {
    const editableIds = this.app.workshopIds().filter((id) => this.app.editable(id));
    const name = h('input', { name: 'release-name', autocomplete: 'off', pattern: '[A-Za-z0-9._-]{1,64}', 'aria-label': 'Name of the version' });
    const note = h('textarea', { name: 'release-note', rows: 2, placeholder: 'A note (optional): what this version is for', 'aria-label': 'Note' });
    const button = h('button', { type: 'submit', class: 'primary', 'data-action': 'publish', text: 'Publish this version', disabled: editableIds.length === 0 });
    const result = h('p', { class: 'small', role: 'status', dataset: { publishResult: true } });
    const text = h('textarea', { class: 'changes-text', readonly: true, rows: 14, 'data-changes-text': true, 'aria-label': 'What changed, to send to the speakers' });
    const copy = h('button', { type: 'button', class: 'small', 'data-action': 'copy-changes', text: 'Copy' });
    const form = h('form', { class: 'publish-form' },
      h('p', { class: 'muted small', text: editableIds.length
        ? `Names the current version of the ${editableIds.length} workshop${editableIds.length === 1 ? '' : 's'} you may edit, so that it can be shown and exported again later.`
        : 'You may not edit any workshop of this meeting.' }),
      h('label', {}, 'Name', name), h('label', {}, 'Note', note), button, result);
    const view = this.show('publish', 'Publish a version', [form,
      h('h3', { text: 'What changed since the last version' }),
      h('p', { class: 'muted small', text: 'As text for an e-mail to the speakers.' }), text, copy], { text });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text.value);
        this.app.flash('Copied.');
      } catch (e) {
        text.select();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const chosen = name.value.trim();
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(chosen) || /^\d+$/.test(chosen)) {
        result.textContent = 'A name is 1–64 letters, digits, . _ or - (not digits alone), e.g. v2.';
        return;
      }
      button.disabled = true;
      const outcomes = await Promise.all(editableIds.map((id) => publish(id, this.app.token, chosen, note.value.trim())
        .then(() => null, (error) => `${(this.app.workshop(id) || {}).title || id}: ${error.message}`)));
      const failed = outcomes.filter(Boolean);
      result.textContent = failed.length ? `Published ${chosen}, except: ${failed.join('; ')}`
        : `Published ${chosen} for ${editableIds.length} workshop${editableIds.length === 1 ? '' : 's'}.`;
      result.dataset.published = chosen;
      button.disabled = false;
      this.loadChanges(view, name);
    });
    this.loadChanges(view, name);
  }

  async loadChanges(view, nameInput) {
    const ids = this.app.workshopIds();
    try {
      const [changes, releases] = await Promise.all([
        Promise.all(ids.map((id) => changesSinceRelease(id))),
        Promise.all(ids.map((id) => latestRelease(id))),
      ]);
      if (this.view !== view) return;
      const withChanges = changes.filter((c) => !c.empty);
      view.text.value = withChanges.length ? withChanges.map((c) => c.text.trim()).join('\n\n') + '\n'
        : 'No changes since the last version.';
      if (!nameInput.value) nameInput.value = nextReleaseName(releases.filter(Boolean));
    } catch (e) {
      if (this.view === view) view.text.value = `Cannot read the changes: ${e.message}`;
    }
  }
}
