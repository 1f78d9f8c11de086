// The display by the door of a room: /display.html?workshop=<id>. The room, the clock, the talk on
// now (with its progress) and next, a session's talks, and "Running N min late": the net shift
// of the talks still to come, on the workshop's day while talks remain.

import {
  agendaOf, lateBy, lateText, madeToday, onNow, Shifts, talksRemain,
} from './agenda.js';
import { connect, eventPages } from './lineup-live.js';
import { saved, saver } from './offline.js';
import { tick } from './screen.js';
import { fill, formatDay, h, speakersOf } from './ui.js';

const $ = (id) => document.getElementById(id);

/** Follows the workshop on one connection and shows it; returns what tests look at. */
export function showRoom(screen, workshopId, token) {
  const key = `offline.workshop.${workshopId}`;
  const kept = saved(key);
  let workshop = null;
  const shifts = new Shifts((event) => madeToday(event, workshop && workshop.timezone));
  if (kept) shifts.restore(kept.shifts);
  const keep = saver(key);
  const remember = () => keep(() => ({ workshop, shifts: shifts.toJSON() }));

  const connection = connect({ token, onStatus: (status) => screen.setStatus(status) });
  const live = connection.follow(workshopId, {
    presence: Boolean(token),
    offline: kept && kept.workshop,
    onWorkshop: (w) => {
      workshop = w;
      remember();
      render();
    },
    onEvent: (event) => {
      if (shifts.note(event)) remember();
    },
  });
  readShifts();

  async function readShifts() {
    try {
      for await (const page of eventPages(workshopId, 0)) page.forEach((event) => shifts.note(event));
      remember();
      render();
    } catch (e) {
      console.warn('display: cannot read the log; the shifts saved last are shown', e.message);
    }
  }

  function render() {
    if (workshop) screen.setZone(workshop.timezone);
    const now = screen.now();
    if (!workshop) return;
    const exists = workshop.title !== undefined && workshop.title !== null;
    const room = workshop.room && workshop.room.trim();
    $('room').textContent = exists ? (room && room !== 'TBA' ? room : 'Room to be announced') : 'No such workshop';
    $('workshop-title').textContent = exists ? workshop.title : workshopId;
    document.title = exists ? `${workshop.title} — Lineup display` : 'Lineup display';

    const { items } = agendaOf(workshop);
    const m = now.minutes;
    const today = !workshop.date || now.date === workshop.date;
    let current = null;
    let next = null;
    let message = '';
    if (workshop.date && now.date < workshop.date) {
      next = items[0] || null;
      message = `Starts ${formatDay(workshop.date)}`;
    } else if (!today) {
      message = `This workshop took place on ${formatDay(workshop.date)}`;
    } else {
      ({ current, next } = onNow(items, m));
      if (!current && !next && items.length) message = 'That was the last talk of the day. Thank you!';
      if (!items.length) message = 'No talks scheduled yet';
    }
    $('message').textContent = message;

    const late = today && talksRemain(items, m) ? lateBy(shifts, items, m) : 0;
    const banner = $('late');
    banner.textContent = lateText(late);
    banner.hidden = banner.textContent === '';

    renderSlot('now', current, m);
    renderSlot('next', next, m);
    screen.fitAll();
  }

  tick(render);
  return { live, connection, shifts };
}

function renderSlot(which, item, m) {
  const talk = item && item.talk;
  const section = $(which);
  const isBreak = Boolean(talk && talk.kind === 'break');
  const members = item ? item.members : [];
  section.classList.toggle('is-break', isBreak);
  section.classList.toggle('is-empty', !talk);
  section.classList.toggle('is-session', members.length > 0);
  $(`${which}-label`).textContent = which === 'now'
    ? (isBreak ? 'Break' : 'Now') : (isBreak ? 'Next: break' : 'Next');
  $(`${which}-time`).textContent = talk ? `${talk.start} – ${talk.end}` : '';
  $(`${which}-title`).textContent = talk
    ? (talk.title && talk.title.trim() ? talk.title : (isBreak ? 'Break' : 'Talk to be announced'))
    : (which === 'now' ? '—' : '');
  $(`${which}-speakers`).textContent = talk && !isBreak ? speakersOf(talk) : '';
  const list = $(`${which}-members`);
  fill(list, members.map(memberLine));
  list.hidden = members.length === 0;
  if (which !== 'now') return;
  const progress = $('now-progress');
  if (item) {
    const fraction = Math.min(1, Math.max(0, (m - item.start) / Math.max(1, item.end - item.start)));
    progress.hidden = false;
    progress.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    $('now-bar').style.width = `${(fraction * 100).toFixed(1)}%`;
    $('now-left').textContent = `${Math.ceil(item.end - m)} min left`;
  } else {
    progress.hidden = true;
    fill($('now-left'));
  }
}

/** A talk of a session: its title and speakers ("Chair: Iain Buchan"). */
export function memberLine(talk) {
  const speakers = speakersOf(talk);
  return h('li', { dataset: { talkId: talk.id } },
    h('span', { class: 'member-title', text: talk.title && talk.title.trim() ? talk.title.trim() : 'To be announced' }),
    speakers ? h('span', { class: 'member-speakers', text: ` ${speakers}` }) : null);
}
