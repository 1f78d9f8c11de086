// Public programme: / lists the meetings; /?category=dali2018 shows that meeting day by day (tabs),
// every workshop followed live over one connection. Wide screens: the day's workshops side by side
// as tracks on a uniform time axis, with a "now" line. Phones (and print): the day as one list in
// time order across rooms, with the now line. A room filter, "now" (jump to it), stars kept in the
// browser with a notice when a starred talk moves, is cancelled or changes room. Optional
// &at=2018-04-03T10:15 simulates the time (as on the display).

import { agendaOf } from './agenda.js';
import { connect } from './lineup-live.js';
import { keepPagesOffline, saved, saver } from './offline.js';
import { Stars } from './stars.js';
import {
  fill, formatDay, getJson, h, hhmm, isTimed, params, personName, speakersOf, wallClock,
} from './ui.js';

const SLOT = 5; // minutes per grid row
const $ = (id) => document.getElementById(id);
const query = params();
const category = query.get('category');
const at = query.get('at');
const workshops = new Map(); // id → workshop, kept live
const view = { day: null, room: '', starredOnly: false };
let stars = null;
let scheduled = false;

window.lineupProgramme = { workshops, view };

keepPagesOffline();
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
      h('div', { class: 'small', text: span }),
      h('a', { class: 'small', href: `display.html?meeting=${encodeURIComponent(name)}`, text: 'Lobby screen' }));
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

// ---- one meeting -------------------------------------------------------------------------------

async function showMeeting(name) {
  $('title').textContent = name;
  document.title = `${name} — Lineup programme`;
  const enc = encodeURIComponent(name);
  fill($('meeting-links'),
    h('a', { href: `/api/meetings/${enc}.ics`, text: 'Meeting iCal' }),
    h('a', { href: `/api/meetings/${enc}/schedule.xml`, text: 'frab XML' }),
    h('a', { href: `/api/meetings/${enc}/schedule.json`, text: 'frab JSON' }),
    h('a', { href: `display.html?meeting=${enc}`, text: 'Lobby screen' }),
    h('a', { href: '/', text: 'All meetings' }));
  stars = new Stars(name);
  const offlineKey = `offline.programme.${name}`;
  const keep = saver(offlineKey);
  let list;
  try {
    list = await getJson(`/api/workshops?category=${enc}`);
  } catch (e) {
    list = (saved(offlineKey) || {}).workshops;
    if (!list) {
      $('message').textContent = `Cannot load the programme: ${e.message}`;
      return;
    }
  }
  if (!list.length) {
    $('message').textContent = `No workshops in ${name}.`;
    return;
  }
  list.forEach((w) => workshops.set(w.id, w));
  readHash();
  setUpControls();
  render();
  setInterval(render, 30000);
  addEventListener('hashchange', () => {
    readHash();
    render();
  });

  const connection = connect({
    onStatus: (s) => {
      const badge = $('status');
      badge.hidden = false;
      badge.dataset.status = s;
      badge.textContent = s === 'online' ? 'live' : s;
    },
  });
  window.lineupProgramme.connection = connection;
  for (const w of list) {
    connection.follow(w.id, {
      offline: w,
      onWorkshop: (next) => {
        const known = workshops.get(w.id);
        if (next.title === undefined || next.title === null) workshops.delete(w.id);
        // The meeting's warnings (speaker clashes) come with the list; the live state has its own.
        else workshops.set(w.id, { ...next, warnings: known ? known.warnings : [] });
        if (stars.check(next)) renderNotices();
        keep(() => ({ workshops: [...workshops.values()] }));
        renderSoon();
      },
    });
  }
}

function readHash() {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  view.day = hash.get('day') || view.day;
  view.room = hash.get('room') ?? view.room;
}

function writeHash() {
  const hash = new URLSearchParams();
  if (view.day) hash.set('day', view.day);
  if (view.room) hash.set('room', view.room);
  history.replaceState(null, '', `#${hash}`);
}

function setUpControls() {
  $('controls').hidden = false;
  $('room-filter').addEventListener('change', (e) => {
    view.room = e.target.value;
    writeHash();
    render();
  });
  $('starred-only').addEventListener('change', (e) => {
    view.starredOnly = e.target.checked;
    render();
  });
  $('jump-now').addEventListener('click', () => {
    const today = clockOf().now().date;
    if (days().includes(today) && view.day !== today) {
      view.day = today;
      writeHash();
      render();
    }
    const line = [...document.querySelectorAll('[data-now-line]')].find((el) => el.offsetParent !== null);
    if (line) line.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
  $('days').addEventListener('click', (e) => {
    const star = e.target.closest('button.star');
    if (!star) return;
    const w = workshops.get(star.dataset.workshop);
    const talk = w && (w.talks || []).find((t) => t.id === star.dataset.talk);
    if (talk) stars.toggle(w, talk);
    render();
  });
  $('notices').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-dismiss]');
    if (!button) return;
    stars.dismiss(button.dataset.dismiss);
    renderNotices();
  });
  renderNotices();
}

function renderSoon() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
}

function clockOf() {
  const first = workshops.values().next().value;
  return wallClock(first && first.timezone, at);
}

function days() {
  return [...new Set([...workshops.values()].map((w) => w.date || ''))]
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

function roomOf(w) {
  return w.room && w.room.trim() && w.room.trim() !== 'TBA' ? w.room.trim() : '';
}

function render() {
  const clock = clockOf().now();
  const allDays = days();
  if (!allDays.includes(view.day)) view.day = allDays.includes(clock.date) ? clock.date : allDays[0];
  renderTabs(allDays, clock.date);
  renderRoomFilter();
  $('jump-now').hidden = !allDays.includes(clock.date);
  const byDay = new Map(allDays.map((d) => [d, []]));
  for (const w of workshops.values()) {
    if (view.room && roomOf(w) !== view.room) continue;
    byDay.get(w.date || '').push(w);
  }
  fill($('days'), allDays.map((day) => {
    const section = renderDay(day, byDay.get(day).sort(byRoomThenTitle), clock);
    section.hidden = day !== view.day;
    return section;
  }));
}

function renderTabs(allDays, today) {
  fill($('day-tabs'), allDays.map((day) => h('a', {
    class: 'day-tab', href: `#day=${encodeURIComponent(day)}${view.room ? `&room=${encodeURIComponent(view.room)}` : ''}`,
    role: 'tab', 'aria-selected': day === view.day ? 'true' : 'false', dataset: { day },
  }, h('span', { text: shortDay(day) }), day === today ? h('span', { class: 'today', text: ' · today' }) : null)));
}

function shortDay(day) {
  if (!day) return 'No date';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

function renderRoomFilter() {
  const select = $('room-filter');
  const rooms = [...new Set([...workshops.values()].map(roomOf).filter(Boolean))].sort();
  const key = JSON.stringify(rooms);
  if (select.dataset.rooms !== key) {
    select.dataset.rooms = key;
    fill(select, h('option', { value: '', text: 'All rooms' }), rooms.map((r) => h('option', { value: r, text: r })));
  }
  select.value = rooms.includes(view.room) ? view.room : '';
}

function byRoomThenTitle(a, b) {
  const ka = `${roomOf(a) || '~'}\u0000${a.title || a.id}`;
  const kb = `${roomOf(b) || '~'}\u0000${b.title || b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function shown(w, talk) {
  return !view.starredOnly || stars.has(w.id, talk.id);
}

function renderDay(day, list, clock) {
  const today = Boolean(day) && clock.date === day;
  const m = clock.minutes;
  const agendas = list.map((w) => ({ w, agenda: agendaOf(w) }));
  return h('section', { class: 'day', dataset: { day } },
    h('h2', { text: formatDay(day) }),
    list.length ? null : h('p', { class: 'muted', text: 'No workshop in this room on this day.' }),
    list.length ? renderGrid(agendas, today, m) : null,
    list.length ? renderList(agendas, today, m) : null);
}

// ---- wide screens: tracks on a uniform time axis -------------------------------------------------

function renderGrid(agendas, today, m) {
  const timed = agendas.flatMap(({ agenda }) => agenda.items);
  let dayStart = timed.length ? Math.min(...timed.map((i) => i.start)) : 9 * 60;
  let dayEnd = timed.length ? Math.max(...timed.map((i) => i.end)) : 10 * 60;
  dayStart = Math.floor(dayStart / 60) * 60;
  dayEnd = Math.max(dayStart + 60, Math.ceil(dayEnd / 60) * 60);
  const slots = (dayEnd - dayStart) / SLOT;
  const rowOf = (minutes) => 2 + Math.round((minutes - dayStart) / SLOT);

  const grid = h('div', { class: 'timetable', style: { '--tracks': agendas.length, '--slots': slots } });
  for (let hour = dayStart; hour < dayEnd; hour += 60) {
    grid.append(h('div', {
      class: 'hour', text: hhmm(hour), style: { 'grid-row': `${rowOf(hour)} / span ${60 / SLOT}` },
    }));
  }
  agendas.forEach(({ w, agenda }, i) => {
    const column = String(i + 2);
    const track = h('section', { class: 'track', dataset: { workshop: w.id } });
    track.append(h('header', { class: 'track-head', style: { 'grid-column': column } },
      h('h3', { text: w.title || w.id }),
      h('div', { class: 'room', text: roomOf(w) || 'Room to be announced' }),
      (w.organizers || []).length ? h('div', { class: 'muted small', text: `Organized by ${w.organizers.map(personName).filter(Boolean).join(', ')}` }) : null,
      workshopLinks(w)));
    for (const item of agenda.items) {
      if (!shown(w, item.talk) && !item.members.some((t) => shown(w, t))) continue;
      const from = rowOf(item.start);
      const el = renderTalk(w, item, today && item.start <= m && m < item.end);
      el.style.setProperty('grid-row', `${from} / ${Math.max(from + 1, rowOf(item.end))}`);
      el.style.setProperty('grid-column', column);
      track.append(el);
    }
    const rest = renderUntimed(w, agenda);
    if (rest) {
      rest.style.setProperty('grid-row', String(slots + 2));
      rest.style.setProperty('grid-column', column);
      track.append(rest);
    }
    grid.append(track);
  });
  if (today && m >= dayStart && m < dayEnd) {
    grid.append(nowLine(m, {
      'grid-row': String(2 + Math.floor((m - dayStart) / SLOT)),
      '--into': String(((m - dayStart) % SLOT) / SLOT),
    }));
  }
  return grid;
}

function workshopLinks(w) {
  const id = encodeURIComponent(w.id);
  return h('div', { class: 'links' },
    h('a', { href: `display.html?workshop=${id}`, text: 'Display' }),
    h('a', { href: `/api/workshops/${id}.ics`, text: 'iCal' }),
    h('a', { href: `/api/workshops/${id}/schedule.xml`, text: 'frab XML' }),
    h('a', { href: `/api/workshops/${id}/schedule.json`, text: 'frab JSON' }));
}

function nowLine(m, style) {
  return h('div', { class: 'now-line', 'data-now-line': true, 'aria-hidden': 'true', style },
    h('span', { text: `now ${hhmm(m)}` }));
}

// ---- phones and print: the day in time order across rooms ----------------------------------------

function renderList(agendas, today, m) {
  const entries = agendas.flatMap(({ w, agenda }) => agenda.items
    .filter((item) => shown(w, item.talk) || item.members.some((t) => shown(w, t)))
    .map((item) => ({ w, item })))
    .sort((a, b) => a.item.start - b.item.start || byRoomThenTitle(a.w, b.w));
  const list = h('div', { class: 'agenda' });
  let lineDrawn = !today;
  for (const { w, item } of entries) {
    if (!lineDrawn && item.start > m) {
      list.append(nowLine(m, {}));
      lineDrawn = true;
    }
    const el = renderTalk(w, item, today && item.start <= m && m < item.end);
    el.prepend(h('div', { class: 'where', text: roomOf(w) || w.title || w.id }));
    // On a phone an abstract is one tap away, not a screenful.
    const abstract = el.querySelector(':scope > .abstract');
    if (abstract) {
      const more = h('details', { class: 'more' }, h('summary', { text: 'Abstract' }));
      abstract.replaceWith(more);
      more.append(abstract);
    }
    list.append(el);
  }
  if (!lineDrawn && entries.length && m < Math.max(...entries.map((e) => e.item.end))) list.append(nowLine(m, {}));
  for (const { w, agenda } of agendas) {
    const rest = renderUntimed(w, agenda);
    if (rest) list.append(h('div', { class: 'where', text: roomOf(w) || w.title || w.id }), rest);
  }
  list.append(h('details', { class: 'workshops' }, h('summary', { text: 'Workshops of the day' }),
    agendas.map(({ w }) => h('div', { class: 'workshop', dataset: { workshop: w.id } },
      h('strong', { text: w.title || w.id }), ` · ${roomOf(w) || 'Room to be announced'}`, workshopLinks(w)))));
  return list;
}

// ---- talks -------------------------------------------------------------------------------------

function renderTalk(w, item, now) {
  const { talk } = item;
  const isBreak = talk.kind === 'break';
  const speakers = isBreak ? '' : speakersOf(talk);
  const title = talk.title && talk.title.trim() ? talk.title : (isBreak ? 'Break' : 'To be announced');
  const classes = ['talk', isBreak ? 'is-break' : '', item.members.length ? 'is-session' : '', now ? 'is-now' : '',
    stars.has(w.id, talk.id) ? 'is-starred' : ''].filter(Boolean).join(' ');
  return h('article', { class: classes, dataset: { talkId: talk.id, workshop: w.id }, title: [title, speakers].filter(Boolean).join(' — ') },
    isTimed(talk) ? h('div', { class: 'when', text: `${talk.start}–${talk.end}` }) : null,
    isBreak ? null : starButton(w, talk),
    h('div', { class: 'title', text: title }),
    speakers ? h('div', { class: 'speakers', text: speakers }) : null,
    w.showAbstracts && talk.abstract ? h('p', { class: 'abstract', text: talk.abstract }) : null,
    item.members.length ? h('ul', { class: 'members' }, item.members.map((t) => memberOf(w, t))) : null);
}

function memberOf(w, talk) {
  const speakers = speakersOf(talk);
  return h('li', { class: stars.has(w.id, talk.id) ? 'is-starred' : '', dataset: { talkId: talk.id } },
    starButton(w, talk),
    h('span', { class: 'member-title', text: talk.title && talk.title.trim() ? talk.title.trim() : 'To be announced' }),
    speakers ? h('span', { class: 'member-speakers', text: ` ${speakers}` }) : null);
}

function starButton(w, talk) {
  const on = stars.has(w.id, talk.id);
  return h('button', {
    type: 'button', class: 'star', 'aria-pressed': on ? 'true' : 'false',
    'aria-label': on ? 'Unstar' : 'Star', title: on ? 'Starred: you will be told if it moves' : 'Star: be told if it moves',
    dataset: { workshop: w.id, talk: talk.id }, text: on ? '★' : '☆',
  });
}

function renderUntimed(w, agenda) {
  const untimed = agenda.unscheduled.filter((t) => shown(w, t));
  const cancelled = agenda.cancelled.filter((t) => shown(w, t));
  if (!untimed.length && !cancelled.length) return null;
  const plain = (t) => renderTalk(w, { talk: t, members: [] }, false);
  return h('div', { class: 'untimed' },
    untimed.length ? h('div', { class: 'muted', text: 'Time to be announced' }) : null,
    untimed.map(plain),
    cancelled.length ? h('div', { class: 'muted', text: 'Cancelled' }) : null,
    cancelled.map((t) => {
      const el = plain(t);
      el.classList.add('is-cancelled');
      return el;
    }));
}

function renderNotices() {
  const box = $('notices');
  box.hidden = stars.notices.length === 0;
  fill(box, stars.notices.map((n) => h('li', { class: 'notice', dataset: { notice: n.id } },
    h('em', { text: n.title }), ` ${n.change}`,
    h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', dataset: { dismiss: n.id }, text: '×' }))));
}
