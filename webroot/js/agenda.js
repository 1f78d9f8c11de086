// What is on, as the venue and the attendees see it: a workshop's agenda with its sessions, what
// is on now and next, and how late the talks still to come are. Pure functions of the workshop
// state and of the log's shift events (no DOM), shared by the display, the lobby and the programme.

import { isTimed, minutesOf, personName, validZone } from './ui.js';

/**
 * The agenda of a workshop:
 *   items: the timed talks and breaks that are not cancelled, by start; each {talk, start, end
 *     (minutes), members: [talks]}: a session's untimed talks, in page order (else []);
 *   unscheduled: untimed talks that belong to no session ("time to be announced");
 *   cancelled: cancelled talks.
 *
 * A session is how the pages write one: a timed entry without speakers ("Challenge 1: …",
 * 09:30–11:00) followed, in page order, by talks with no time of their own ("Chair:", the talks).
 * Untimed talks belong to the session before them until a timed entry outside it.
 */
export function agendaOf(workshop) {
  const items = [];
  const unscheduled = [];
  const cancelled = [];
  let session = null;
  for (const talk of (workshop && workshop.talks) || []) {
    if (talk.status === 'cancelled') {
      cancelled.push(talk);
      continue;
    }
    if (isTimed(talk)) {
      const item = { talk, start: minutesOf(talk.start), end: minutesOf(talk.end), members: [] };
      items.push(item);
      const within = session && item.start >= session.start && item.end <= session.end;
      if (isSessionHead(talk)) session = item;
      else if (!within) session = null;
    } else if (session) {
      session.members.push(talk);
    } else {
      unscheduled.push(talk);
    }
  }
  items.sort((a, b) => a.start - b.start || a.end - b.end);
  return { items, unscheduled, cancelled };
}

function isSessionHead(talk) {
  return talk.kind !== 'break' && !(talk.authors || []).some((p) => personName(p) !== '');
}

/**
 * What is on at `minutes` (since midnight) on the agenda's day: current, the item on now (the
 * latest one started, if several overlap), and next, the first one that starts later.
 */
export function onNow(items, minutes) {
  let current = null;
  for (const item of items) {
    if (item.start <= minutes && minutes < item.end) current = item;
  }
  const next = items.find((item) => item.start > minutes && item !== current) || null;
  return { current, next };
}

/**
 * The shifts of a workshop that count for its delay: schedule.shifted events, and reverts of them
 * (an undo is a shift back, a redo a shift again: the minutes carry their sign), of one day.
 * Keyed by seq, so an event seen twice (the log, then live) counts once.
 */
export class Shifts {
  /** @param {function} [countsOn] (event) → whether the event counts (e.g. made today) */
  constructor(countsOn = () => true) {
    this.countsOn = countsOn;
    this.bySeq = new Map(); // seq → {minutes, talkIds}
  }

  /** Notes an event if it shifts talks; returns whether it did. */
  note(event) {
    const shift = shiftOf(event);
    if (!shift || !this.countsOn(event)) return false;
    this.bySeq.set(event.seq, shift);
    return true;
  }

  /** The net minutes a talk was moved by the shifts noted (negative: earlier). */
  of(talkId) {
    let minutes = 0;
    for (const shift of this.bySeq.values()) {
      if (shift.talkIds.includes(talkId)) minutes += shift.minutes;
    }
    return minutes;
  }

  toJSON() {
    return [...this.bySeq.entries()];
  }

  /** Shifts saved with toJSON() (a reload without the network). */
  restore(saved) {
    for (const [seq, shift] of Array.isArray(saved) ? saved : []) {
      if (typeof seq === 'number' && shift && Array.isArray(shift.talkIds)) {
        this.bySeq.set(seq, { minutes: Number(shift.minutes) || 0, talkIds: shift.talkIds });
      }
    }
  }
}

/** {minutes, talkIds} when the event moves talks by a schedule shift (also as a revert), else null. */
export function shiftOf(event) {
  if (!event || typeof event.seq !== 'number') return null;
  let type = event.type;
  let data = event.data;
  while (type === 'change.reverted' && data && data.inverse) {
    data = data.inverse;
    type = data.type;
  }
  if (type !== 'schedule.shifted' || !data) return null;
  return { minutes: Number(data.minutes) || 0, talkIds: Array.isArray(data.talkIds) ? data.talkIds : [] };
}

/**
 * How late the talks still to come run, in minutes (negative: early; 0: on time): the net shift
 * of the next item not yet started, else of the one on now; 0 when nothing remains.
 */
export function lateBy(shifts, items, minutes) {
  const { current, next } = onNow(items, minutes);
  const upcoming = next || current;
  return upcoming ? shifts.of(upcoming.talk.id) : 0;
}

/** The banner's words for a delay, or '' when there is none to show. */
export function lateText(minutes) {
  if (minutes > 0) return `Running ${minutes} min late`;
  if (minutes < 0) return `Running ${-minutes} min early`;
  return '';
}

/** Whether talks remain on the agenda's day at `minutes`: on now, or still to start. */
export function talksRemain(items, minutes) {
  return items.some((item) => minutes < item.end);
}

/** Whether an event was made on the real today in `zone` (a shift of today, not of planning). */
export function madeToday(event, zone) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', {
    timeZone: validZone(zone), year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(d);
  const when = new Date(event.at);
  return !event.at || Number.isNaN(when.getTime()) || day(when) === day(new Date());
}
