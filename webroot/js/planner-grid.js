// The planner's grid: one column per workshop (room) on one uniform time axis, talks as cards placed
// and sized by their times, an unscheduled pool per column, a "now" line. Rendering is keyed (a
// column per workshop id, a card per talk id) and touches the DOM only where something changed, so
// that a remote change with a whole day on screen costs one card. Positions are set through the
// CSSOM (allowed under the pages' strict CSP), never through style attributes in markup.

import { fill, h, hhmm, minutesOf, personName, speakersOf } from './ui.js';

/** Pixels per minute of the axis: the same minutes are the same height in every column. */
export const PX_PER_MIN = 2;
/** Gestures snap to this many minutes. */
export const SNAP_MIN = 5;
const DEFAULT_FROM = 9 * 60;
const DEFAULT_TO = 18 * 60;
const DAY_END = 24 * 60;

export function snap(minutes) {
  return Math.round(minutes / SNAP_MIN) * SNAP_MIN;
}

/** The axis of a day: whole hours around every timed talk (and room to drag to), within the day. */
export function axisRange(workshops, timesOf) {
  let from = Infinity;
  let to = -Infinity;
  for (const w of workshops) {
    for (const talk of w.talks || []) {
      const { start, end } = timesOf(w, talk);
      const s = minutesOf(start);
      const e = minutesOf(end);
      if (s === null || e === null) continue;
      from = Math.min(from, s);
      to = Math.max(to, e);
    }
  }
  if (from === Infinity) {
    from = DEFAULT_FROM;
    to = DEFAULT_TO;
  }
  return {
    from: Math.max(0, Math.floor(from / 60) * 60 - 60),
    to: Math.min(DAY_END, Math.ceil(to / 60) * 60 + 60),
  };
}

export function timesText(start, end) {
  return `${start || '?'}–${end || '?'}`;
}

/** What a screen reader says for a card. */
export function cardName(talk, shown, workshop) {
  const parts = [talk.title && talk.title.trim() ? talk.title.trim() : 'Untitled'];
  if (talk.kind === 'break') parts.push('break');
  if (talk.status === 'cancelled') parts.push('cancelled');
  if (minutesOf(shown.start) !== null && minutesOf(shown.end) !== null) parts.push(`${shown.start} to ${shown.end}`);
  else parts.push('not scheduled');
  const who = (talk.authors || []).map(personName).filter(Boolean).join(', ');
  if (who) parts.push(who);
  parts.push(workshop.room && workshop.room.trim() ? `${workshop.title || workshop.id}, ${workshop.room.trim()}` : (workshop.title || workshop.id));
  return parts.join(', ');
}

/**
 * The grid in `root`. view: {
 *   timesOf(workshop, talk) → {start, end} shown now (drag preview, pending move, else the state),
 *   editable(workshopId) → boolean, flagsOf(workshopId, talkId) → {pending, conflict},
 *   warnings: Map `${ws}|${talk}` → [{code, message}], presence: Map `${ws}|${talk}` → [{sub, field}],
 * }
 */
export class Grid {
  constructor(root) {
    this.root = root;
    this.columns = new Map(); // workshop id → column
    this.range = { from: DEFAULT_FROM, to: DEFAULT_TO };
    this.axis = h('div', { class: 'axis-body', 'aria-hidden': 'true' });
    this.nowLayer = h('div', { class: 'now-layer', 'aria-hidden': 'true' });
    this.nowLine = h('div', { class: 'now-line', 'data-now-line': true, hidden: true }, h('span'));
    this.nowLayer.append(this.nowLine);
    root.replaceChildren(
      h('div', { class: 'axis-head' }),
      h('div', { class: 'axis-pool muted small', text: 'Unscheduled' }),
      this.axis,
      this.nowLayer,
    );
    root.style.setProperty('--ppm', String(PX_PER_MIN));
    root.dataset.pxPerMinute = String(PX_PER_MIN);
  }

  /** Lays out the columns of `workshops`, in this order, with every card. */
  render(workshops, view) {
    // The axis follows what is saved (or on its way), not a gesture: it never jumps mid-drag.
    const range = axisRange(workshops, view.rangeTimesOf || view.timesOf);
    if (range.from !== this.range.from || range.to !== this.range.to || !this.axisDrawn) this.setRange(range);
    const keep = new Set(workshops.map((w) => w.id));
    for (const [id, column] of this.columns) {
      if (!keep.has(id)) {
        column.el.remove();
        this.columns.delete(id);
      }
    }
    this.root.style.setProperty('--columns', String(Math.max(1, workshops.length)));
    workshops.forEach((w, i) => {
      let column = this.columns.get(w.id);
      if (!column) {
        column = this.createColumn(w.id);
        this.columns.set(w.id, column);
      }
      if (column.index !== i) {
        column.index = i;
        for (const part of [column.head, column.pool, column.body]) part.style.gridColumn = String(i + 2);
      }
      if (this.root.children[i + 4] !== column.el) this.root.insertBefore(column.el, this.root.children[i + 4] || null);
      this.renderColumn(column, w, view);
    });
    this.nowLayer.style.gridColumn = `2 / span ${Math.max(1, workshops.length)}`;
  }

  setRange(range) {
    this.range = range;
    this.axisDrawn = true;
    this.root.style.setProperty('--body-height', `${(range.to - range.from) * PX_PER_MIN}px`);
    this.root.dataset.from = hhmm(range.from);
    this.root.dataset.to = hhmm(range.to);
    const marks = [];
    for (let m = range.from; m < range.to; m += 60) {
      const mark = h('div', { class: 'hour', text: hhmm(m) });
      mark.style.top = `${(m - range.from) * PX_PER_MIN}px`;
      marks.push(mark);
    }
    fill(this.axis, marks);
    for (const column of this.columns.values()) column.cards.forEach((card) => { card._top = null; });
  }

  /** The y of a time in a column body, and back. */
  topOf(minutes) {
    return (minutes - this.range.from) * PX_PER_MIN;
  }

  minutesAt(y) {
    return this.range.from + y / PX_PER_MIN;
  }

  createColumn(id) {
    const title = h('h2', { class: 'column-title' });
    const room = h('div', { class: 'column-room small' });
    const settings = h('button', { type: 'button', class: 'small icon', 'data-action': 'settings', text: '⚙', title: 'Workshop settings', 'aria-label': 'Workshop settings' });
    const readonly = h('span', { class: 'readonly-mark small', text: 'read only', hidden: true });
    const head = h('header', { class: 'column-head' }, h('div', { class: 'column-names' }, title, room), readonly, settings);
    const pool = h('div', { class: 'pool', dataset: { pool: id }, 'aria-label': 'Unscheduled talks' });
    const body = h('div', { class: 'column-body', 'data-column-body': true });
    const el = h('section', { class: 'column', dataset: { workshopColumn: id } }, head, pool, body);
    return { id, el, head, title, room, settings, readonly, pool, body, cards: new Map(), index: -1 };
  }

  renderColumn(column, w, view) {
    const editable = view.editable(w.id);
    if (column.editable !== editable) {
      column.editable = editable;
      column.el.toggleAttribute('data-readonly', !editable);
      column.el.setAttribute('aria-readonly', String(!editable));
      column.readonly.hidden = editable;
      column.settings.title = editable ? 'Workshop settings' : 'About this workshop (read only)';
      column.settings.setAttribute('aria-label', column.settings.title);
      column.cards.forEach((card) => { card._key = null; });
    }
    setText(column.title, w.title || w.id);
    if (column.title.title !== (w.title || w.id)) column.title.title = w.title || w.id;
    const room = w.room && w.room.trim() ? w.room.trim() : '';
    setText(column.room, room ? `Room: ${room}` : 'No room yet');
    column.room.classList.toggle('missing', !room);
    column.head.setAttribute('aria-label', room ? `${w.title || w.id}, ${room}` : (w.title || w.id));

    const seen = new Set();
    for (const talk of w.talks || []) {
      seen.add(talk.id);
      let card = column.cards.get(talk.id);
      if (!card) {
        card = createCard(talk.id);
        column.cards.set(talk.id, card);
      }
      this.renderCard(card, column, w, talk, view);
    }
    for (const [id, card] of column.cards) {
      if (!seen.has(id)) {
        card.remove();
        column.cards.delete(id);
      }
    }
    column.pool.classList.toggle('is-empty', column.pool.children.length === 0);
  }

  renderCard(card, column, w, talk, view) {
    const shown = view.timesOf(w, talk);
    const from = minutesOf(shown.start);
    const to = minutesOf(shown.end);
    const timed = from !== null && to !== null && to > from;
    const parent = timed ? column.body : column.pool;
    if (card.parentNode !== parent) {
      parent.append(card);
      card._top = null;
    }
    if (timed) {
      const top = this.topOf(from);
      const height = Math.max(SNAP_MIN, to - from) * PX_PER_MIN;
      if (card._top !== top) {
        card.style.top = `${top}px`;
        card._top = top;
      }
      if (card._height !== height) {
        card.style.height = `${height}px`;
        card._height = height;
      }
      setData(card, 'start', shown.start);
      setData(card, 'end', shown.end);
    } else {
      if (card._top !== null) {
        card.style.top = '';
        card.style.height = '';
        card._top = null;
        card._height = null;
      }
      setData(card, 'start', null);
      setData(card, 'end', null);
    }
    const editable = view.editable(w.id);
    const key = [talk.title, speakersOf(talk), talk.kind, talk.status, shown.start, shown.end, timed, editable, w.title, w.room].join('\u0001');
    if (card._key !== key) {
      card._key = key;
      setText(card.parts.time, timed ? timesText(shown.start, shown.end) : 'not scheduled');
      setText(card.parts.title, talk.title && talk.title.trim() ? talk.title : '(untitled)');
      setText(card.parts.speakers, speakersOf(talk));
      card.classList.toggle('is-break', talk.kind === 'break');
      card.classList.toggle('is-cancelled', talk.status === 'cancelled');
      card.classList.toggle('is-short', timed && to - from < 25);
      card.setAttribute('aria-label', cardName(talk, shown, w));
      card.parts.resize.hidden = !(editable && timed);
      card.setAttribute('aria-roledescription', editable ? 'movable talk' : 'talk');
    }
    const flags = view.flagsOf(w.id, talk.id);
    card.toggleAttribute('data-pending', Boolean(flags.pending));
    card.classList.toggle('has-conflict', Boolean(flags.conflict));
    this.renderMarks(card, view.warnings.get(`${w.id}|${talk.id}`) || [], view.presence.get(`${w.id}|${talk.id}`) || []);
  }

  /** Warnings and presence badges of one card (also while dragging, with provisional warnings). */
  renderMarks(card, warnings, present) {
    const key = JSON.stringify([warnings.map((x) => [x.code, x.message]), present.map((p) => [p.sub, p.field])]);
    if (card._marks === key) return;
    card._marks = key;
    card.classList.toggle('has-warning', warnings.length > 0);
    const codes = new Map();
    for (const warning of warnings) {
      if (!codes.has(warning.code)) codes.set(warning.code, []);
      codes.get(warning.code).push(warning.message);
    }
    fill(card.parts.marks,
      [...codes].map(([code, messages]) => h('span', {
        class: `mark warn ${code}`, dataset: { warning: code }, title: messages.join('\n'),
        text: code === 'speaker-clash' ? '⚠ speaker' : '⚠ overlap',
      })),
      present.map((p) => h('span', {
        class: 'presence-badge', dataset: { presenceBadge: p.sub, sub: p.sub },
        title: `${p.sub} is ${p.field === 'time' ? 'moving' : `editing the ${p.field || 'talk'} of`} this talk`,
        text: p.sub,
      })));
    const description = warnings.map((x) => x.message).concat(present.map((p) => `${p.sub} is on this talk`)).join('. ');
    if (description) card.setAttribute('aria-description', description);
    else card.removeAttribute('aria-description');
  }

  card(workshopId, talkId) {
    const column = this.columns.get(workshopId);
    return column ? column.cards.get(talkId) || null : null;
  }

  column(workshopId) {
    return this.columns.get(workshopId) || null;
  }

  /** The now line at `minutes` (fractional), or hidden when null or off the axis. */
  setNow(minutes) {
    const on = minutes !== null && minutes >= this.range.from && minutes <= this.range.to;
    this.nowLine.hidden = !on;
    if (!on) return;
    this.nowLine.style.top = `${this.topOf(minutes)}px`;
    setText(this.nowLine.firstChild, hhmm(minutes));
    this.nowLine.dataset.time = hhmm(minutes);
  }
}

function createCard(talkId) {
  const parts = {
    time: h('div', { class: 'card-time' }),
    title: h('div', { class: 'card-title' }),
    speakers: h('div', { class: 'card-speakers' }),
    marks: h('div', { class: 'card-marks' }),
    resize: h('div', { class: 'card-resize', 'data-resize': true, 'aria-hidden': 'true', title: 'Drag to change the end' }),
  };
  const card = h('div', {
    class: 'slot-card', dataset: { talkId }, tabindex: '0', role: 'button', 'aria-describedby': 'card-help',
  }, parts.time, parts.title, parts.speakers, parts.marks, parts.resize);
  card.parts = parts;
  card._top = null;
  return card;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setData(el, name, value) {
  if (value === null || value === undefined || value === '') {
    if (name in el.dataset) delete el.dataset[name];
  } else if (el.dataset[name] !== value) {
    el.dataset[name] = value;
  }
}
