// Signing in on the organizers' pages (planner, editor): one token per browser, in localStorage, so
// that it lasts across tabs and reloads until it expires; a `storage` event carries a sign-in, a
// renewal or a sign-out to every other tab. While the page is in use the token is renewed before it
// expires (POST /api/token/refresh). The claims are decoded here for display only: the server
// decides what a token may do.

const TOKEN_KEY = 'lineup.token';
/** A token this close to its expiry is treated as expired (clock skew, the time a request takes). */
const EXPIRY_MARGIN_MS = 5000;
/** The page counts as in use for this long after the last key press or pointer press. */
const IN_USE_MS = 30 * 60 * 1000;
const RETRY_MS = 30 * 1000;

/** The payload of a JWT (not verified: for display only), or null. */
export function claims(jwt) {
  if (!jwt || typeof jwt !== 'string') return null;
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const payload = JSON.parse(json);
    return payload && typeof payload === 'object' ? payload : null;
  } catch (e) {
    return null;
  }
}

/** Whether these claims may change this workshop (admin, or organizer of it or of "*"). */
export function mayEdit(payload, workshopId) {
  if (!payload) return false;
  const roles = Array.isArray(payload.roles) ? payload.roles : [];
  if (roles.includes('admin')) return true;
  if (!roles.includes('organizer')) return false;
  const workshops = Array.isArray(payload.workshops) ? payload.workshops : [];
  return workshops.includes('*') || workshops.includes(workshopId);
}

function usable(token) {
  const payload = claims(token);
  if (!payload) return null;
  if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now() + EXPIRY_MARGIN_MS) return null;
  return payload;
}

/**
 * The browser's sign-in. onChange(token, claims, why) runs whenever it changes: signed in here or in
 * another tab, renewed, signed out (token null; why = 'signed-out' | 'expired').
 *
 *   const session = createSession({ onChange });
 *   session.token, session.claims, await session.signIn(user, password), session.signOut(),
 *   session.mayEdit(workshopId)
 */
export function createSession({ onChange = () => {}, fetch: fetchImpl } = {}) {
  const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  let token = null;
  let payload = null;
  let lastUse = Date.now();
  let renewTimer = null;
  let expiryTimer = null;
  let renewing = null;
  let renewedAt = Date.now();
  let retryAt = 0; // after a failed renewal, not again before this

  const stored = localStorage.getItem(TOKEN_KEY);
  if (usable(stored)) adopt(stored);
  else if (stored) localStorage.removeItem(TOKEN_KEY);

  window.addEventListener('storage', (event) => {
    if (event.key !== TOKEN_KEY && event.key !== null) return; // null: storage cleared
    const next = event.key === null ? null : event.newValue;
    if (next === token) return;
    if (next && usable(next)) {
      if (payload && claims(next).sub !== payload.sub) {
        location.reload(); // someone else signed in, in another tab: this page starts over as them
        return;
      }
      adopt(next);
      onChange(token, payload, 'signed-in');
    } else if (token) {
      drop();
      onChange(null, null, 'signed-out');
    }
  });
  for (const type of ['pointerdown', 'keydown']) {
    window.addEventListener(type, used, { capture: true, passive: true });
  }

  function used() {
    lastUse = Date.now();
    if (token && Date.now() >= Math.max(renewDue(), retryAt)) renew();
  }

  function adopt(next) {
    token = next;
    payload = claims(next);
    renewedAt = Date.now();
    schedule();
  }

  function drop() {
    token = null;
    payload = null;
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
  }

  function lifetimeMs() {
    if (!payload || typeof payload.exp !== 'number') return null;
    const issued = typeof payload.iat === 'number' ? payload.iat * 1000 : renewedAt;
    return Math.max(0, payload.exp * 1000 - issued);
  }

  /** A quarter of the way through the token's life: early enough to survive a slow or failed renewal. */
  function renewDue() {
    const life = lifetimeMs();
    if (life === null) return Infinity;
    return payload.exp * 1000 - (3 * life) / 4;
  }

  function schedule() {
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
    if (!payload || typeof payload.exp !== 'number') return;
    const now = Date.now();
    renewTimer = setTimeout(() => {
      if (inUse()) renew();
    }, Math.max(0, Math.min(renewDue() - now, 2 ** 31 - 1)));
    expiryTimer = setTimeout(() => {
      if (token && !usable(token)) {
        localStorage.removeItem(TOKEN_KEY);
        drop();
        onChange(null, null, 'expired');
      }
    }, Math.max(0, Math.min(payload.exp * 1000 - EXPIRY_MARGIN_MS - now, 2 ** 31 - 1)));
  }

  function inUse() {
    return document.visibilityState !== 'hidden' && Date.now() - lastUse < IN_USE_MS;
  }

  function renew() {
    if (renewing || !token) return renewing;
    const current = token;
    renewing = (async () => {
      try {
        const response = await doFetch('/api/token/refresh', {
          method: 'POST',
          headers: { authorization: `Bearer ${current}`, accept: 'application/json' },
        });
        if (token !== current) return; // signed out or renewed elsewhere meanwhile
        if (response.status === 401) {
          localStorage.removeItem(TOKEN_KEY);
          drop();
          onChange(null, null, 'expired');
          return;
        }
        const body = await response.json().catch(() => ({}));
        if (!response.ok || !usable(body.token)) throw new Error(`token refresh: ${response.status}`);
        localStorage.setItem(TOKEN_KEY, body.token);
        adopt(body.token);
        onChange(token, payload, 'renewed');
      } catch (e) {
        console.warn('lineup: could not renew the sign-in, trying again', e.message);
        retryAt = Date.now() + RETRY_MS;
        clearTimeout(renewTimer);
        renewTimer = setTimeout(() => {
          if (inUse()) renew();
        }, RETRY_MS);
      } finally {
        renewing = null;
      }
    })();
    return renewing;
  }

  return {
    get token() { return token; },
    get claims() { return payload; },
    mayEdit: (workshopId) => mayEdit(payload, workshopId),
    renew,

    /** Resolves with the claims; rejects with an Error whose message is for the user. */
    async signIn(username, password) {
      let response;
      try {
        response = await doFetch('/api/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      } catch (e) {
        throw new Error(`Cannot reach the server: ${e.message}`);
      }
      const body = await response.json().catch(() => ({}));
      if (!response.ok || !usable(body.token)) {
        throw new Error(body.detail || body.title || `Sign-in failed (${response.status})`);
      }
      localStorage.setItem(TOKEN_KEY, body.token);
      adopt(body.token);
      onChange(token, payload, 'signed-in');
      return payload;
    },

    signOut() {
      localStorage.removeItem(TOKEN_KEY);
      const had = Boolean(token);
      drop();
      if (had) onChange(null, null, 'signed-out');
    },
  };
}

/**
 * The sign-in of a page: a new session, its form (input[name=username], input[name=password], a
 * submit button; a refusal shown in `error`), the sign-out button, who is signed in, and the page's
 * main part, hidden while nobody is. The page says what a token means to it (`onToken(token,
 * claims)`: signed in, renewed, or signed in in another tab) and what signing out does
 * (`onSignedOut(why)`; it shows the form with showSignIn(why) where the page needs a sign-in).
 * Returns { session, showSignIn(why): the form, focused, saying why if the sign-in expired,
 * showPage(who, title): the main part and the sign-out button, saying who is signed in }.
 */
export function signInPage({ main, form, error, logout, who }, { onToken, onSignedOut }) {
  const session = createSession({
    onChange: (token, claims, why) => (token ? onToken(token, claims) : onSignedOut(why)),
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await session.signIn(form.elements.username.value, form.elements.password.value);
      form.elements.password.value = '';
    } catch (e) {
      error.textContent = e.message;
    }
  });
  logout.addEventListener('click', () => session.signOut());
  const showSignIn = (why = '') => {
    main.hidden = true;
    logout.hidden = true;
    who.textContent = '';
    form.hidden = false;
    error.textContent = why === 'expired' ? 'Your sign-in has expired: sign in again.' : why === 'signed-out' ? '' : why;
    form.elements.username.focus();
  };
  const showPage = (whoText, whoTitle = '') => {
    form.hidden = true;
    main.hidden = false;
    logout.hidden = false;
    who.textContent = whoText;
    who.title = whoTitle;
  };
  return { session, showSignIn, showPage };
}
