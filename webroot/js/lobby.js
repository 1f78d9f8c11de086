// The lobby screen: /display.html?meeting=<category>. Every room of the meeting today with what is
// on now and next, breaks, and "running late" per room, readable across a hall; up to ROOMS_PER_PAGE
// rooms at once, paging through more. One connection follows every workshop of the meeting.

import {
  agendaOf, lateBy, lateText, madeToday, onNow, Shifts, talksRemain,
} from './agenda.js';
import { connect, eventPages } from './lineup-live.js';
import { saved, saver } from './offline.js';
import { tick } from './screen.js';
import {
  fill, formatDay, getJson, h, speakersOf,
} from './ui.js';

const $ = (id) => document.getElementById(id);

export const ROOMS_PER_PAGE = 12;
const PAGE_SECONDS = 15;
const LIST_EVERY_MS = 5 * 60 * 1000; // new workshops of the meeting join within this
/** Columns × rows for n rooms on a 16:9 screen. */
const GRIDS = [[1, 1], [1, 1], [2, 1], [3, 1], [2, 2], [3, 2], [3, 2], [4, 2], [4, 2], [3, 3], [4, 3], [4, 3], [4, 3]];

export function showLobby(screen, category) {
  document.body.classList.add('is-lobby');
  $('room-view').hidden = true;
  $('lobby-view').hidden = false;
  $('room').textContent = category;
  document.title = `${category} — Lineup lobby`;

  const key = `offline.meeting.${category}`;
  const kept = saved(key) || {};
  const workshops = new Map(); // id → state
  const shifts = new Map(); // id → Shifts
  const followed = new Map(); // id → handle
  const keep = saver(key);
  const remember = () => keep(() => ({
    workshops: [...workshops.values()],
    shifts: Object.fromEntries([...shifts.entries()].map(([id, s]) => [id, s.toJSON()])),
  }));
  const connection = connect({ onStatus: (status) => screen.setStatus(status) });

  function follow(w) {
    if (followed.has(w.id)) return;
    const own = new Shifts((event) => madeToday(event, (workshops.get(w.id) || w).timezone));
    own.restore((kept.shifts || {})[w.id]);
    shifts.set(w.id, own);
    workshops.set(w.id, w);
    followed.set(w.id, connection.follow(w.id, {
      offline: w,
      onWorkshop: (next) => {
        if (next.title === undefined || next.title === null) workshops.delete(w.id);
        else workshops.set(w.id, next);
        remember();
        render();
      },
      onEvent: (event) => {
        if (own.note(event)) remember();
      },
    }));
    readShifts(w.id, own);
  }

  async function readShifts(id, own) {
    try {
      for await (const page of eventPages(id, 0)) page.forEach((event) => own.note(event));
      remember();
      render();
    } catch (e) {
      console.warn('lobby: cannot read the log of', id, e.message);
    }
  }

  async function loadList() {
    let list;
    try {
      list = await getJson(`/api/workshops?category=${encodeURIComponent(category)}`);
    } catch (e) {
      list = workshops.size ? [] : (kept.workshops || []); // no server: what this screen had
    }
    list.forEach(follow);
    render();
  }

  function render() {
    const all = [...workshops.values()];
    if (all.length) screen.setZone(all[0].timezone);
    const now = screen.now();
    const today = all.filter((w) => w.date === now.date);
    $('workshop-title').textContent = formatDay(now.date);
    const rooms = roomsOf(today);
    const pages = Math.max(1, Math.ceil(rooms.length / ROOMS_PER_PAGE));
    const page = Math.floor(now.instant.getTime() / 1000 / PAGE_SECONDS) % pages;
    const shown = rooms.slice(page * ROOMS_PER_PAGE, (page + 1) * ROOMS_PER_PAGE);
    const [cols, rows] = GRIDS[Math.min(shown.length, ROOMS_PER_PAGE)];
    const grid = $('rooms');
    grid.style.setProperty('--cols', String(cols));
    grid.style.setProperty('--rows', String(rows));
    const key = JSON.stringify([page, Math.floor(now.minutes), shown.map((r) => [r.key,
      r.workshops.map((w) => [w.version, shifts.get(w.id) ? shifts.get(w.id).bySeq.size : 0])])]);
    if (grid.dataset.key !== key) {
      grid.dataset.key = key;
      fill(grid, shown.map((room) => roomCard(room, shifts, now.minutes)));
    }
    $('page-of').hidden = pages === 1;
    const first = page * ROOMS_PER_PAGE + 1;
    const last = page * ROOMS_PER_PAGE + shown.length;
    $('page-of').textContent = first === last ? `Room ${first} of ${rooms.length}` : `Rooms ${first}–${last} of ${rooms.length}`;
    $('message').textContent = rooms.length ? '' : noneToday(all, now.date);
    screen.fitAll();
  }

  loadList();
  setInterval(loadList, LIST_EVERY_MS);
  tick(render);
  window.lineupLobby = { connection, workshops, shifts };
}

/** Today's rooms, by name: each with its workshops (a room may hold one in the morning, one after). */
function roomsOf(workshops) {
  const rooms = new Map();
  for (const w of workshops) {
    const name = w.room && w.room.trim() && w.room.trim() !== 'TBA' ? w.room.trim() : null;
    const key = name || `workshop:${w.id}`;
    if (!rooms.has(key)) rooms.set(key, { key, name, workshops: [] });
    rooms.get(key).workshops.push(w);
  }
  return [...rooms.values()].sort((a, b) => (a.name || '~').localeCompare(b.name || '~'));
}

function roomCard(room, shifts, m) {
  const items = room.workshops.flatMap((w) => agendaOf(w).items.map((item) => ({ ...item, workshop: w })))
    .sort((a, b) => a.start - b.start);
  const { current, next } = onNow(items, m);
  const upcoming = next || current;
  const late = upcoming && talksRemain(items, m)
    ? lateBy(shifts.get(upcoming.workshop.id), items.filter((i) => i.workshop === upcoming.workshop), m) : 0;
  const shownWorkshop = (current || next || items[items.length - 1] || { workshop: room.workshops[0] }).workshop;
  const finished = items.length > 0 && !current && !next;
  const card = h('article', {
    class: ['room-card', 'fit-box', current && current.talk.kind === 'break' ? 'is-break' : '', late ? 'is-late' : '']
      .filter(Boolean).join(' '),
    dataset: { room: room.name || '', workshop: shownWorkshop.id },
  }, h('div', { class: 'fit-content' },
    h('header', { class: 'rc-head' },
      h('h2', { class: 'rc-room', text: room.name || 'Room to be announced' }),
      late ? h('span', { class: 'rc-late', dataset: { late: String(late) }, text: lateText(late) }) : null),
    h('div', { class: 'rc-workshop', text: shownWorkshop.title || shownWorkshop.id }),
    current ? slot('now', current) : null,
    next ? slot('next', next) : null,
    finished ? h('div', { class: 'rc-done', text: 'Finished for today' }) : null,
    !items.length ? h('div', { class: 'rc-done', text: 'No times yet' }) : null));
  return card;
}

function slot(which, item) {
  const { talk } = item;
  const isBreak = talk.kind === 'break';
  // Next: the title only (a lobby is read from afar); now: who speaks too (a session: its speakers).
  const speakers = isBreak || which === 'next' ? ''
    : (speakersOf(talk) || item.members.map(speakersOf).filter(Boolean).join(', '));
  return h('section', { class: `rc-slot rc-${which}${isBreak ? ' is-break' : ''}`, dataset: { slot: which } },
    h('div', { class: 'rc-when' },
      h('span', { class: 'rc-label', text: which === 'now' ? (isBreak ? 'Break' : 'Now') : 'Next' }),
      h('span', { class: 'rc-time', text: which === 'now' ? `until ${talk.end}` : talk.start })),
    h('div', { class: 'rc-title', text: talk.title && talk.title.trim() ? talk.title.trim() : (isBreak ? 'Break' : 'To be announced') }),
    speakers ? h('div', { class: 'rc-speakers', text: speakers }) : null);
}

function noneToday(all, date) {
  const dates = [...new Set(all.map((w) => w.date).filter(Boolean))].sort();
  if (!dates.length) return 'No workshops in this meeting yet';
  const later = dates.find((d) => d > date);
  return later ? `Nothing today. The meeting continues ${formatDay(later)}.`
    : `Nothing today. The meeting took place ${dates.map(formatDay).join(', ')}.`;
}
