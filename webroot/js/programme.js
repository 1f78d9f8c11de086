// Public programme: / lists the meetings; /?category=dali2018 shows that meeting's workshops by
// day, side by side as tracks, with a live "now" line. Optional &at=2018-04-03T10:15 simulates the
// time (as on the display). Every workshop shown is followed live with lineup-live.

import { follow } from './lineup-live.js';
import {
  fill, formatDay, getJson, h, isTimed, minutesOf, params, personName, speakersOf, wallClock,
} from './ui.js';

const SLOT = 5; // minutes per grid row
const MAX_FOLLOWED = 24;
const $ = (id) => document.getElementById(id);
const query = params();
const category = query.get('category');
const at = query.get('at');
const workshops = new Map(); // id → workshop, kept live
const statuses = new Map();
let scheduled = false;

window.lineupProgramme = { workshops };

if (category) showMeeting(category);
else showMeetings();

async function showMeetings() {
  $('title').textContent = 'Meetings';
  let list;
  try {
    list = await getJson('/api/workshops');
  } catch (e) {
    $('message').textContent = `Cannot load the workshops: ${e.message}`;
    return;
  }
  const meetings = new Map();
  const loose = [];
  for (const w of list) {
    if (!w.categories || w.categories.length === 0) loose.push(w);
    for (const c of w.categories || []) {
      if (!meetings.has(c)) meetings.set(c, []);
      meetings.get(c).push(w);
    }
  }
  const items = [...meetings.entries()].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).map(([name, ws]) => {
    const dates = ws.map((w) => w.date).filter(Boolean).sort();
    const span = dates.length ? (dates[0] === dates[dates.length - 1] ? formatDay(dates[0])
      : `${formatDay(dates[0])} – ${formatDay(dates[dates.length - 1])}`) : '';
    return h('li', { class: 'card', dataset: { meeting: name } },
      h('a', { href: `?category=${encodeURIComponent(name)}`, text: name }),
      h('div', { class: 'muted small', text: `${ws.length} workshop${ws.length === 1 ? '' : 's'}` }),
      h('div', { class: 'small', text: span }));
  });
  for (const w of loose) {
    items.push(h('li', { class: 'card', dataset: { workshop: w.id } },
      h('a', { href: `display.html?workshop=${encodeURIComponent(w.id)}`, text: w.title || w.id }),
      h('div', { class: 'muted small', text: [w.date, 'no meeting'].filter(Boolean).join(' · ') })));
  }
  $('meetings').hidden = false;
  fill($('meetings'), items);
  $('message').textContent = items.length ? '' : 'No workshops yet.';
}

async function showMeeting(name) {
  $('title').textContent = name;
  document.title = `${name} — Lineup programme`;
  const enc = encodeURIComponent(name);
  fill($('meeting-links'),
    h('a', { href: `/api/meetings/${enc}.ics`, text: 'Meeting iCal' }),
    h('a', { href: `/api/meetings/${enc}/schedule.xml`, text: 'frab XML' }),
    h('a', { href: `/api/meetings/${enc}/schedule.json`, text: 'frab JSON' }),
    h('a', { href: '/', text: 'All meetings' }));
  let list;
  try {
    list = await getJson(`/api/workshops?category=${enc}`);
  } catch (e) {
    $('message').textContent = `Cannot load the programme: ${e.message}`;
    return;
  }
  if (!list.length) {
    $('message').textContent = `No workshops in ${name}.`;
    return;
  }
  list.forEach((w) => workshops.set(w.id, w));
  render();
  setInterval(render, 30000);
  list.slice(0, MAX_FOLLOWED).forEach((w) => follow({
    workshop: w.id,
    onWorkshop: (next) => {
      if (next.title === undefined || next.title === null) workshops.delete(w.id);
      else workshops.set(w.id, { ...next, warnings: workshops.get(w.id) ? workshops.get(w.id).warnings : [] });
      renderSoon();
    },
    onStatus: (s) => {
      statuses.set(w.id, s);
      const all = [...statuses.values()];
      const badge = $('status');
      badge.hidden = false;
      const overall = all.includes('offline') ? 'offline' : all.includes('catching-up') ? 'catching-up' : 'online';
      badge.dataset.status = overall;
      badge.textContent = overall === 'online' ? 'live' : overall;
    },
  }));
}

function renderSoon() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
}

function render() {
  const byDay = new Map();
  for (const w of workshops.values()) {
    const day = w.date || '';
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(w);
  }
  const days = [...byDay.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  fill($('days'), days.map((day) => renderDay(day, byDay.get(day).sort(byRoomThenTitle))));
}

function byRoomThenTitle(a, b) {
  const ka = `${a.room || '~'}\u0000${a.title || a.id}`;
  const kb = `${b.room || '~'}\u0000${b.title || b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function renderDay(day, list) {
  const clock = wallClock(list[0].timezone, at).now();
  const timed = list.flatMap((w) => (w.talks || []).filter(isTimed));
  let dayStart = Math.min(...timed.map((t) => minutesOf(t.start)));
  let dayEnd = Math.max(...timed.map((t) => minutesOf(t.end)));
  if (!timed.length) {
    dayStart = 9 * 60;
    dayEnd = 10 * 60;
  }
  dayStart = Math.floor(dayStart / 60) * 60;
  dayEnd = Math.max(dayStart + 60, Math.ceil(dayEnd / 60) * 60);
  const slots = (dayEnd - dayStart) / SLOT;
  const rowOf = (minutes) => 2 + Math.round((minutes - dayStart) / SLOT);
  const today = day && clock.date === day;
  const m = clock.minutes;

  // Through the CSSOM: a style attribute would break the Content-Security-Policy (style-src 'self').
  const grid = h('div', { class: 'timetable' });
  grid.style.setProperty('--tracks', String(list.length));
  grid.style.setProperty('--slots', String(slots));
  grid.style.gridTemplateRows = `auto repeat(${slots}, minmax(.55rem, auto)) auto`;
  for (let hour = dayStart; hour < dayEnd; hour += 60) {
    const label = h('div', { class: 'hour', text: `${String(hour / 60).padStart(2, '0')}:00` });
    label.style.gridRow = `${rowOf(hour)} / span ${60 / SLOT}`;
    grid.append(label);
  }
  list.forEach((w, i) => {
    const column = i + 2;
    const track = h('section', { class: 'track', dataset: { workshop: w.id } });
    const head = h('header', { class: 'track-head' },
      h('h3', { text: w.title || w.id }),
      h('div', { class: 'room', text: w.room && w.room.trim() ? w.room.trim() : 'Room to be announced' }),
      (w.organizers || []).length ? h('div', { class: 'muted small', text: `Organized by ${w.organizers.map(personName).filter(Boolean).join(', ')}` }) : null,
      h('div', { class: 'links' },
        h('a', { href: `display.html?workshop=${encodeURIComponent(w.id)}`, text: 'Display' }),
        h('a', { href: `/api/workshops/${encodeURIComponent(w.id)}.ics`, text: 'iCal' }),
        h('a', { href: `/api/workshops/${encodeURIComponent(w.id)}/schedule.xml`, text: 'frab XML' }),
        h('a', { href: `/api/workshops/${encodeURIComponent(w.id)}/schedule.json`, text: 'frab JSON' })));
    head.style.gridColumn = String(column);
    track.append(head);
    const talks = (w.talks || []).filter((t) => isTimed(t) && t.status !== 'cancelled')
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const t of talks) {
      const el = renderTalk(w, t, today && minutesOf(t.start) <= m && m < minutesOf(t.end));
      const from = rowOf(minutesOf(t.start));
      el.style.gridRow = `${from} / ${Math.max(from + 1, rowOf(minutesOf(t.end)))}`;
      el.style.gridColumn = String(column);
      track.append(el);
    }
    const untimed = (w.talks || []).filter((t) => !isTimed(t) && t.status !== 'cancelled');
    const cancelled = (w.talks || []).filter((t) => t.status === 'cancelled');
    if (untimed.length || cancelled.length) {
      const box = h('div', { class: 'untimed' },
        untimed.length ? h('div', { class: 'muted', text: 'Time to be announced' }) : null,
        untimed.map((t) => renderTalk(w, t, false)),
        cancelled.length ? h('div', { class: 'muted', text: 'Cancelled' }) : null,
        cancelled.map((t) => renderTalk(w, t, false)));
      box.style.gridRow = String(slots + 2);
      box.style.gridColumn = String(column);
      track.append(box);
    }
    grid.append(track);
  });
  if (today && m >= dayStart && m < dayEnd) {
    const line = h('div', { class: 'now-line', 'data-now-line': true, 'aria-hidden': 'true' },
      h('span', { text: `now ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.floor(m % 60)).padStart(2, '0')}` }));
    line.style.gridRow = String(2 + Math.floor((m - dayStart) / SLOT));
    grid.append(line);
  }
  return h('section', { class: 'day', dataset: { day } }, h('h2', { text: formatDay(day) }), grid);
}

function renderTalk(workshop, talk, now) {
  const isBreak = talk.kind === 'break';
  const speakers = isBreak ? '' : speakersOf(talk);
  const title = talk.title && talk.title.trim() ? talk.title : (isBreak ? 'Break' : 'To be announced');
  const classes = ['talk', isBreak ? 'is-break' : '', talk.status === 'cancelled' ? 'is-cancelled' : '', now ? 'is-now' : '']
    .filter(Boolean).join(' ');
  return h('article', { class: classes, dataset: { talkId: talk.id } },
    isTimed(talk) ? h('div', { class: 'when', text: `${talk.start}–${talk.end}${talk.status === 'cancelled' ? ' · cancelled' : ''}` }) : null,
    h('div', { class: 'title', text: title }),
    speakers ? h('div', { class: 'speakers', text: speakers }) : null,
    workshop.showAbstracts && talk.abstract ? h('p', { class: 'abstract', text: talk.abstract }) : null);
}
