// Small helpers shared by the pages. Everything from data goes into the DOM as text, never as HTML.

/**
 * Creates an element. props: {class, text, dataset: {...}, on: {event: fn}, and attributes};
 * children: nodes or strings (strings become text nodes). null/false children are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'on') Object.entries(value).forEach(([ev, fn]) => el.addEventListener(ev, fn));
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function params() {
  return new URLSearchParams(location.search);
}

/** #token=... in the fragment (kept out of server logs and Referer headers). */
export function fragmentParam(name) {
  return new URLSearchParams(location.hash.replace(/^#/, '')).get(name);
}

export function personName(p) {
  if (!p) return '';
  return [p.given, p.family].map((s) => (s || '').trim()).filter(Boolean).join(' ');
}

export function speakersOf(talk) {
  return (talk.authors || []).map(personName).filter(Boolean).join(', ');
}

/** "HH:MM" → minutes since midnight, or null. */
export function minutesOf(hhmm) {
  if (typeof hhmm !== 'string' || !/^\d{1,2}:\d{2}$/.test(hhmm)) return null;
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function hhmm(minutes) {
  const m = Math.max(0, Math.floor(minutes));
  return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function isTimed(talk) {
  return minutesOf(talk.start) !== null && minutesOf(talk.end) !== null;
}

/** Scheduled, timed talks and breaks, by start. */
export function timedTalks(workshop) {
  return (workshop.talks || [])
    .filter((t) => t.status !== 'cancelled' && isTimed(t))
    .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
}

export function validZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch (e) {
    return undefined;
  }
}

/**
 * A wall clock in a time zone. With `at` ("2018-04-03T09:40", wall time in that zone) the clock
 * starts there when the page loads and then advances with the real clock (for testing now/next
 * on a workshop whose day is not today).
 *   now() → { date: 'YYYY-MM-DD', minutes: fractional minutes since midnight, instant: Date,
 *             zone: the zone to format `instant` in }
 */
export function wallClock(timezone, at) {
  const zone = validZone(timezone) || undefined;
  const started = Date.now();
  const simulated = parseAt(at);
  return {
    simulated: Boolean(simulated),
    now() {
      if (simulated) {
        // A Date whose UTC fields are the wall time; formatted in UTC it reads as the wall time.
        const instant = new Date(simulated + (Date.now() - started));
        return {
          date: instant.toISOString().slice(0, 10),
          minutes: instant.getUTCHours() * 60 + instant.getUTCMinutes() + instant.getUTCSeconds() / 60,
          instant,
          zone: 'UTC',
        };
      }
      const instant = new Date();
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }).formatToParts(instant).map((p) => [p.type, p.value]));
      return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
        instant,
        zone,
      };
    },
  };
}

function parseAt(at) {
  if (!at) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(at.trim());
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
}

/** A day "2018-04-03" as "Tuesday, 3 April 2018". */
export function formatDay(date) {
  if (!date) return 'Date to be announced';
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error(`${path}: ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

/**
 * A button that acts on its second click within a few seconds (the first asks "Really …?"), for
 * what cannot be taken back with one click.
 */
export function confirmTwice(button, action, { ask = 'Really remove?', ms = 4000 } = {}) {
  const label = button.textContent;
  let armed = null;
  button.addEventListener('click', () => {
    if (!armed) {
      button.textContent = ask;
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
      }, ms);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.textContent = label;
    action();
  });
}
