// What a change did, in words, for the history lists and the undo/redo buttons of the organizers'
// pages: "moved *Deep Exploration* from 11:30 to 12:00". Pure: a description is a list of parts,
// each {text} or {em} (a name, shown in italics); render() makes DOM text of it, never HTML.

import { personName } from './ui.js';

const WORKSHOP_FIELD_NAMES = {
  title: 'title', abstract: 'abstract', organizerUrl: 'organizer link', categories: 'meetings', room: 'room',
  date: 'date', timezone: 'time zone', speakers: 'speaker list', extra: 'other fields',
};
const PERSON_FIELD_NAMES = { given: 'given name', family: 'family name', url: 'link', institute: 'institute', extra: 'other fields' };

function name(title) {
  const t = typeof title === 'string' ? title.trim() : '';
  return { em: t === '' ? '(untitled)' : t };
}

function hasTime(value) {
  return typeof value === 'string' && value !== '';
}

function span(start, end) {
  return `${hasTime(start) ? start : '?'}–${hasTime(end) ? end : '?'}`;
}

function minutes(hhmm) {
  return hasTime(hhmm) ? Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) : null;
}

/** A move in words: "moved *T* from 11:30 to 12:00" (same duration), or with both ends. */
function moved(title, from, to) {
  const [fs, fe] = from;
  const [ts, te] = to;
  const wasTimed = hasTime(fs) || hasTime(fe);
  const isTimed = hasTime(ts) || hasTime(te);
  if (!wasTimed && isTimed) return ['scheduled ', name(title), ` at ${span(ts, te)}`];
  if (wasTimed && !isTimed) return ['unscheduled ', name(title), ` (was ${span(fs, fe)})`];
  if (!wasTimed) return ['left ', name(title), ' unscheduled'];
  if (fs === ts && fe !== te) return ['changed the end of ', name(title), ` from ${fe || '?'} to ${te || '?'}`];
  if (fe === te && fs !== ts) return ['changed the start of ', name(title), ` from ${fs || '?'} to ${ts || '?'}`];
  const sameLength = minutes(fs) !== null && minutes(fe) !== null && minutes(ts) !== null && minutes(te) !== null
    && minutes(fe) - minutes(fs) === minutes(te) - minutes(ts);
  return sameLength ? ['moved ', name(title), ` from ${fs} to ${ts}`]
    : ['moved ', name(title), ` from ${span(fs, fe)} to ${span(ts, te)}`];
}

function speakers(list) {
  const names = (list || []).map(personName).filter(Boolean);
  return names.length ? names.join(', ') : 'nobody';
}

function talkUpdated(set, previous, title) {
  const parts = [];
  const was = previous || {};
  const fields = Object.keys(set || {}).filter((k) => set[k] !== null && set[k] !== undefined);
  if (fields.includes('start') || fields.includes('end')) {
    parts.push(moved(title, [was.start, was.end], [set.start ?? was.start, set.end ?? was.end]));
  }
  for (const field of fields) {
    switch (field) {
      case 'start': case 'end': break;
      case 'title': parts.push(['renamed ', name(was.title), ' to ', name(set.title)]); break;
      case 'authors': parts.push(['changed the speakers of ', name(title), ` to ${speakers(set.authors)}`]); break;
      case 'abstract': parts.push(['edited the abstract of ', name(title)]); break;
      case 'kind': parts.push(['made ', name(title), set.kind === 'break' ? ' a break' : ' a talk']); break;
      case 'status': parts.push([set.status === 'cancelled' ? 'cancelled ' : 'restored ', name(title)]); break;
      case 'youtube': parts.push(['changed the video of ', name(title)]); break;
      default: parts.push([`changed the ${field === 'extra' ? 'other fields' : field} of `, name(title)]);
    }
  }
  return joined(parts.length ? parts : [['changed ', name(title)]]);
}

function workshopUpdated(set, previous, workshopTitle) {
  const was = previous || {};
  const parts = [];
  for (const field of Object.keys(set || {}).filter((k) => set[k] !== null && set[k] !== undefined)) {
    if (field === 'title') parts.push(['renamed the workshop ', name(was.title), ' to ', name(set.title)]);
    else if (field === 'showAbstracts') parts.push([set.showAbstracts ? 'showed' : 'hid', ' the abstracts of ', name(workshopTitle)]);
    else if (field === 'abstract') parts.push(['edited the abstract of ', name(workshopTitle)]);
    else if (field === 'room' || field === 'date' || field === 'timezone') {
      const value = String(set[field] || '');
      parts.push([`set the ${WORKSHOP_FIELD_NAMES[field]} of `, name(workshopTitle), value ? ` to ${value}` : ' to nothing']);
    } else parts.push([`changed the ${WORKSHOP_FIELD_NAMES[field] || field} of `, name(workshopTitle)]);
  }
  return joined(parts.length ? parts : [['changed ', name(workshopTitle)]]);
}

function joined(list) {
  const out = [];
  list.forEach((parts, i) => {
    if (i > 0) out.push('; ');
    out.push(...parts);
  });
  return out;
}

/**
 * An event in words. context: {talkTitle(talkId) → the talk's title now (or undefined),
 * workshopTitle → the workshop's title}. Returns parts: strings and {em} names.
 */
export function describe(event, context = {}) {
  return normalize(parts(event.type, event.data || {}, context));
}

function parts(type, d, context) {
  const talkTitle = (id) => (context.talkTitle ? context.talkTitle(id) : undefined);
  const workshop = context.workshopTitle;
  switch (type) {
    case 'talk.added': {
      const t = d.talk || {};
      return hasTime(t.start) || hasTime(t.end) ? ['added ', name(t.title), ` at ${span(t.start, t.end)}`]
        : ['added ', name(t.title), ' (unscheduled)'];
    }
    case 'talk.removed':
      return ['removed ', name((d.talk && d.talk.title) ?? talkTitle(d.talkId))];
    case 'talk.moved':
      return moved(talkTitle(d.talkId), [d.previousStart, d.previousEnd], [d.start, d.end]);
    case 'talk.updated': {
      const title = (d.set && d.set.title) ?? talkTitle(d.talkId) ?? (d.previous && d.previous.title);
      return talkUpdated(d.set, d.previous, title);
    }
    case 'schedule.shifted': {
      const n = (d.talkIds || []).length;
      return [`shifted ${n} talk${n === 1 ? '' : 's'}${d.from ? ` from ${d.from}` : ''} by ${d.minutes > 0 ? '+' : ''}${d.minutes} min`];
    }
    case 'workshop.updated':
      return workshopUpdated(d.set, d.previous, (d.set && d.set.title) ?? workshop);
    case 'organizer.added':
      return [`added ${personName(d.organizer) || 'an organizer'} to the organizers of `, name(workshop)];
    case 'organizer.removed':
      return [`removed ${personName(d.organizer) || 'an organizer'} from the organizers of `, name(workshop)];
    case 'organizer.updated': {
      const fields = Object.keys(d.set || {}).map((f) => PERSON_FIELD_NAMES[f] || f);
      return [`changed the ${fields.join(', ') || 'details'} of an organizer of `, name(workshop)];
    }
    case 'change.reverted':
      return d.inverse ? ['undid a change: ', ...parts(d.inverse.type, d.inverse, context)] : ['undid a change'];
    case 'workshop.imported':
      return ['imported ', name((d.workshop && d.workshop.title) ?? workshop)];
    case 'workshop.created':
      return ['created ', name((d.workshop && d.workshop.title) ?? workshop)];
    case 'workshop.deleted':
      return ['deleted ', name(workshop)];
    default:
      return [String(type)];
  }
}

function normalize(list) {
  return list.map((p) => (typeof p === 'string' ? { text: p } : p));
}

/** The words as plain text (names without marks). */
export function plain(partsList) {
  return partsList.map((p) => (p.em !== undefined ? p.em : p.text)).join('');
}

/** The words as DOM nodes: names in <em>, everything as text. */
export function render(partsList) {
  return partsList.map((p) => {
    if (p.em === undefined) return document.createTextNode(p.text);
    const em = document.createElement('em');
    em.textContent = p.em;
    return em;
  });
}

/** "10:42" for today, else "3 Apr, 10:42", in the browser's time zone. */
export function when(at) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at || '');
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (new Date().toDateString() === date.toDateString()) return time;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`;
}

/** The parts of the workshop an event touches, as keys "talk/<id>/<field>" (time = start and end). */
export function touches(event) {
  return touchesOf(event.type, event.data || {});
}

function touchesOf(type, d) {
  const talkFields = (id, set) => Object.keys(set || {}).filter((k) => set[k] !== null && set[k] !== undefined)
    .map((f) => (f === 'start' || f === 'end' ? `talk/${id}/time` : `talk/${id}/${f}`));
  switch (type) {
    case 'talk.moved': return [`talk/${d.talkId}/time`];
    case 'talk.updated': return [...new Set(talkFields(d.talkId, d.set))];
    case 'talk.removed': return [`talk/${d.talkId}`];
    case 'schedule.shifted': return (d.talkIds || []).map((id) => `talk/${id}/time`);
    case 'workshop.updated': return Object.keys(d.set || {}).filter((k) => d.set[k] !== null && d.set[k] !== undefined)
      .map((f) => `workshop/${f}`);
    case 'organizer.updated': return Object.keys(d.set || {}).map((f) => `organizer/${d.organizerId}/${f}`);
    case 'organizer.removed': return [`organizer/${d.organizerId}`];
    case 'change.reverted': return d.inverse ? touchesOf(d.inverse.type, d.inverse) : [];
    default: return [];
  }
}
