// Starred talks of the programme, kept in this browser (localStorage), with what the page last saw
// of each: when a starred talk moves, is cancelled or changes room, a notice says so plainly —
// also when it happened while the page was closed.

import { saved, save } from './offline.js';
import { formatDay } from './ui.js';

/** What the notices compare: when, where, whether it is on. */
function seen(workshop, talk) {
  return {
    title: talk.title && talk.title.trim() ? talk.title.trim() : 'A starred talk',
    date: workshop.date || null,
    start: talk.start || null,
    end: talk.end || null,
    room: workshop.room && workshop.room.trim() ? workshop.room.trim() : null,
    status: talk.status || 'scheduled',
  };
}

export class Stars {
  constructor(category) {
    this.starsKey = `stars.${category}`;
    this.noticesKey = `notices.${category}`;
    this.stars = saved(this.starsKey) || {}; // "workshop/talkId" → what was seen last
    this.notices = saved(this.noticesKey) || []; // [{id, title, change}]
  }

  static key(workshopId, talkId) {
    return `${workshopId}/${talkId}`;
  }

  has(workshopId, talkId) {
    return Object.hasOwn(this.stars, Stars.key(workshopId, talkId));
  }

  toggle(workshop, talk) {
    const key = Stars.key(workshop.id, talk.id);
    if (this.has(workshop.id, talk.id)) delete this.stars[key];
    else this.stars[key] = seen(workshop, talk);
    save(this.starsKey, this.stars);
    return this.has(workshop.id, talk.id);
  }

  /**
   * Compares the starred talks of `workshop` (its whole current state) with what was seen last;
   * adds a notice for each that moved, changed room, was cancelled or removed. Returns whether
   * there are new notices.
   */
  check(workshop) {
    const prefix = `${workshop.id}/`;
    const exists = workshop.title !== undefined && workshop.title !== null;
    let added = false;
    for (const [key, before] of Object.entries(this.stars)) {
      if (!key.startsWith(prefix)) continue;
      const talkId = key.slice(prefix.length);
      const talk = exists ? (workshop.talks || []).find((t) => t.id === talkId) : null;
      const now = talk ? seen(workshop, talk) : null;
      const change = changeOf(before, now);
      if (change) {
        this.notices.push({ id: `${key}@${Date.now()}-${this.notices.length}`, title: before.title, change });
        added = true;
      }
      if (now) this.stars[key] = now;
      else delete this.stars[key];
    }
    if (added) save(this.noticesKey, this.notices);
    save(this.starsKey, this.stars);
    return added;
  }

  dismiss(id) {
    this.notices = this.notices.filter((n) => n.id !== id);
    save(this.noticesKey, this.notices);
  }
}

/** What changed for an attendee, in words after the title ("moved to 12:00"), or null. */
export function changeOf(before, now) {
  if (!now) return 'was removed from the programme';
  if (now.status === 'cancelled' && before.status !== 'cancelled') return 'is cancelled';
  const when = now.start ? (now.date !== before.date && now.date ? `${formatDay(now.date)}, ${now.start}` : now.start)
    : 'a time to be announced';
  const back = before.status === 'cancelled' && now.status !== 'cancelled';
  if (back) return `is on again${now.start ? `, at ${when}` : ''}${now.room ? ` in ${now.room}` : ''}`;
  const moved = now.start !== before.start || now.date !== before.date;
  const roomChanged = now.room !== before.room;
  if (moved && roomChanged && now.room) return `moved to ${when} in ${now.room}`;
  if (moved) return `moved to ${when}`;
  if (roomChanged) return now.room ? `moved to ${now.room}` : 'has no room yet';
  if (now.end !== before.end && now.end) return `now ends at ${now.end}`;
  return null;
}
