// The planner's warnings, computed in the browser over the columns on screen, as the server's
// dev.lineup.schedule.Warnings computes them (overlaps in a room, a speaker in two rooms at once), so
// that they can follow a card while it is dragged, before anything is sent. Pure.

import { minutesOf, personName } from './ui.js';

export const OVERLAP = 'overlap';
export const SPEAKER_CLASH = 'speaker-clash';

function label(talk) {
  return !talk.title || talk.title.trim() === '' ? '(untitled)' : talk.title.trim();
}

/**
 * @param {Array} workshops  the workshops of one day of one meeting (each {id, title, room, talks})
 * @param {function} timesOf (workshop, talk) → {start, end} as shown now (a drag, a pending move)
 * @returns {Map<string, Array<{code, message}>>} keyed by `${workshopId}|${talkId}`
 */
export function warningsOf(workshops, timesOf = (w, t) => t) {
  const out = new Map();
  const add = (workshopId, talkId, warning) => {
    const key = `${workshopId}|${talkId}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(warning);
  };
  const slots = []; // every timed talk of the day, for speaker clashes
  for (const w of workshops) {
    const timed = [];
    for (const talk of w.talks || []) {
      if (talk.status === 'cancelled') continue;
      const { start, end } = timesOf(w, talk);
      const from = minutesOf(start);
      const to = minutesOf(end);
      if (from === null || to === null) continue;
      timed.push({ talk, from, to, start, end });
    }
    timed.sort((a, b) => a.from - b.from);
    const where = !w.room || w.room.trim() === '' ? '' : ` in ${w.room}`;
    for (let i = 0; i < timed.length; i++) {
      const a = timed[i];
      for (let j = i + 1; j < timed.length; j++) {
        const b = timed[j];
        if (b.from >= a.to) break;
        const message = `"${label(a.talk)}" (${a.start}–${a.end}) overlaps "${label(b.talk)}" (${b.start}–${b.end})${where}`;
        add(w.id, a.talk.id, { code: OVERLAP, message });
        add(w.id, b.talk.id, { code: OVERLAP, message });
      }
      if ((a.talk.kind || 'talk') === 'talk') slots.push({ workshop: w, ...a });
    }
  }
  const bySpeaker = new Map();
  for (const slot of slots) {
    for (const person of slot.talk.authors || []) {
      const key = personName(person).toLowerCase();
      if (!key) continue;
      if (!bySpeaker.has(key)) bySpeaker.set(key, []);
      bySpeaker.get(key).push(slot);
    }
  }
  for (const [speaker, list] of bySpeaker) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a.workshop.id === b.workshop.id || a.from >= b.to || b.from >= a.to) continue;
        const message = `speaker ${speaker} is in "${label(a.talk)}" (${roomOf(a.workshop)} ${a.start}) and in "${label(b.talk)}" (${roomOf(b.workshop)} ${b.start}) at once`;
        add(a.workshop.id, a.talk.id, { code: SPEAKER_CLASH, message });
        add(b.workshop.id, b.talk.id, { code: SPEAKER_CLASH, message });
      }
    }
  }
  return out;
}

function roomOf(w) {
  return w.room && w.room.trim() ? w.room.trim() : (w.title || w.id);
}
