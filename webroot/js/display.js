// Venue display: /display.html?workshop=<id>[&at=2018-04-03T09:40][#token=<jwt>]
// Room, a large clock in the workshop's time zone, the talk now (with progress) and next, and a
// "running late" banner after schedule shifts. It follows the workshop live with lineup-live and
// keeps advancing now/next on its own clock when the network drops.

import { eventPages, follow } from './lineup-live.js';
import {
  fill, formatDay, fragmentParam, minutesOf, params, speakersOf, timedTalks, validZone, wallClock,
} from './ui.js';

const $ = (id) => document.getElementById(id);
const query = params();
const workshopId = query.get('workshop');
const at = query.get('at');
const token = fragmentParam('token');

let workshop = null;
let clock = wallClock(undefined, at);
let clockZone;
const shifts = new Map(); // seq → minutes, schedule.shifted events of today

if (!workshopId) {
  $('room').textContent = 'Lineup';
  $('message').textContent = 'Add ?workshop=<id> to the address to show a workshop.';
} else {
  const live = follow({
    workshop: workshopId,
    token,
    presence: Boolean(token),
    onWorkshop: (w) => {
      workshop = w;
      render();
    },
    onEvent: (event) => noteShift(event),
    onStatus: (status) => {
      $('offline').hidden = status !== 'offline';
      document.body.dataset.status = status;
    },
  });
  window.lineupDisplay = { live, shifts };
  loadShiftsFromLog();
}

setInterval(render, 1000);
render();
document.addEventListener('dblclick', () => {
  if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
    document.documentElement.requestFullscreen().catch(() => {});
  }
});

/** Shifts of today (real day, in the workshop's zone) from the log: the banner survives a reload. */
async function loadShiftsFromLog() {
  try {
    for await (const page of eventPages(workshopId, 0)) page.forEach(noteShift);
    render();
  } catch (e) {
    console.warn('display: cannot read the log', e);
  }
}

function noteShift(event) {
  if (!event || event.type !== 'schedule.shifted' || !event.data) return;
  if (event.at && !sameRealDay(event.at)) return;
  shifts.set(event.seq, Number(event.data.minutes) || 0);
}

function sameRealDay(iso) {
  const zone = validZone(workshop && workshop.timezone);
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) || day(when) === day(new Date());
}

function render() {
  if (workshop && workshop.timezone !== clockZone) {
    clockZone = workshop.timezone;
    clock = wallClock(clockZone, at);
  }
  const now = clock.now();
  $('clock').textContent = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: now.zone,
  }).format(now.instant);
  $('clock').title = clock.simulated ? `simulated time (at=${at})` : (now.zone || 'local time');
  if (!workshop) return;

  const exists = workshop.title !== undefined && workshop.title !== null;
  $('room').textContent = exists ? (workshop.room && workshop.room.trim() && workshop.room.trim() !== 'TBA'
    ? workshop.room.trim() : 'Room to be announced') : 'No such workshop';
  $('workshop-title').textContent = exists ? workshop.title : workshopId;
  document.title = exists ? `${workshop.title} — Lineup display` : 'Lineup display';

  const late = [...shifts.values()].reduce((a, b) => a + b, 0);
  const banner = $('late');
  banner.hidden = late === 0;
  banner.textContent = late > 0 ? `Running ${late} min late` : late < 0 ? `Running ${-late} min early` : '';

  const talks = timedTalks(workshop);
  const m = now.minutes;
  let current = null;
  let next = null;
  let message = '';
  if (workshop.date && now.date < workshop.date) {
    next = talks[0] || null;
    message = `Starts ${formatDay(workshop.date)}`;
  } else if (workshop.date && now.date > workshop.date) {
    message = `This workshop took place on ${formatDay(workshop.date)}`;
  } else {
    for (const t of talks) {
      if (minutesOf(t.start) <= m && m < minutesOf(t.end)) current = t; // the latest one started
    }
    next = talks.find((t) => minutesOf(t.start) > m && t !== current) || null;
    if (!current && !next && talks.length) message = 'That was the last talk of the day. Thank you!';
    if (!talks.length) message = 'No talks scheduled yet';
  }
  $('message').textContent = message;

  renderSlot('now', current, m);
  renderSlot('next', next, m);
}

function renderSlot(which, talk, m) {
  const section = $(which);
  const isBreak = Boolean(talk && talk.kind === 'break');
  section.classList.toggle('is-break', isBreak);
  section.classList.toggle('is-empty', !talk);
  $(`${which}-label`).textContent = which === 'now'
    ? (isBreak ? 'Break' : 'Now') : (isBreak ? 'Next: break' : 'Next');
  $(`${which}-time`).textContent = talk ? `${talk.start} – ${talk.end}` : '';
  $(`${which}-title`).textContent = talk
    ? (talk.title && talk.title.trim() ? talk.title : (isBreak ? 'Break' : 'Talk to be announced'))
    : (which === 'now' ? '—' : '');
  $(`${which}-speakers`).textContent = talk && !isBreak ? speakersOf(talk) : '';
  if (which === 'now') {
    const progress = $('now-progress');
    if (talk) {
      const start = minutesOf(talk.start);
      const end = minutesOf(talk.end);
      const fraction = Math.min(1, Math.max(0, (m - start) / Math.max(1, end - start)));
      progress.hidden = false;
      progress.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
      $('now-bar').style.width = `${(fraction * 100).toFixed(1)}%`;
      const left = Math.ceil(end - m);
      $('now-left').textContent = `${left} min left`;
    } else {
      progress.hidden = true;
      fill($('now-left'));
    }
  }
}
