// The planner's gestures, with Pointer Events (pointerdown/move/up, the pointer captured by the grid
// for the whole gesture) and the keyboard: drag a card to move it (snapped, duration kept), drag its
// bottom edge to change its end, drag a talk from the unscheduled pool into its column to schedule
// it (or a card into the pool to unschedule it). Cards never leave their column: workshops are
// separate schedules. Each finished gesture is one command, sent by app.commitMove with the version
// seen when the gesture began; while it lasts, app.setPreview shows it (and its warnings).

import { hhmm, minutesOf } from './ui.js';
import { SNAP_MIN, snap } from './planner-grid.js';

const DRAG_THRESHOLD_PX = 4;
const DEFAULT_MINUTES = 30;
const KEY_SETTLE_MS = 700;
const AUTOSCROLL_EDGE_PX = 32;
const LAST_START = 24 * 60 - SNAP_MIN;
const DAY_LAST = 24 * 60 - 1; // 23:59, the latest end of a day
const UNSCHEDULED = Object.freeze({ start: '', end: '' });

/**
 * app: {grid, scroller, editable(ws), workshop(ws), talk(ws, id), timesOf(w, talk), versionOf(ws),
 *   setPreview(ws, id, times | null), commitMove(ws, id, times, version), setEditing(ws, id, field),
 *   openTalk(ws, id), openNewTalk(ws, start), announce(text)}
 */
export function installGestures(app) {
  const root = app.grid.root;
  let gesture = null;
  const keyed = new Map(); // `${ws}|${id}` → a keyboard move waiting to settle

  root.addEventListener('pointerdown', onDown);
  // The grid captures the pointer for the gesture; moves and the release are also taken from the
  // window, so that a gesture whose capture was lost (the browser may drop it) still ends well.
  window.addEventListener('pointermove', onMove);
  window.addEventListener('pointerup', onUp);
  window.addEventListener('pointercancel', (e) => {
    if (gesture && e.pointerId === gesture.pointerId) cancel();
  });
  root.addEventListener('keydown', onKey);
  root.addEventListener('focusout', (e) => {
    const card = e.target.closest && e.target.closest('[data-talk-id]');
    if (card) settleKeyboard(where(card));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && gesture) cancel();
  });

  function where(el) {
    const column = el.closest('[data-workshop-column]');
    if (!column) return null;
    const card = el.closest('[data-talk-id]');
    return { ws: column.dataset.workshopColumn, talkId: card ? card.dataset.talkId : null, card, column };
  }

  function onDown(e) {
    if (e.button !== 0 || gesture) return;
    const at = where(e.target);
    if (!at) return;
    const editable = app.editable(at.ws);
    const columnParts = app.grid.column(at.ws);
    if (!columnParts) return;
    if (!at.card) {
      if (!e.target.closest('[data-column-body]')) return;
      // An empty slot: a click there adds a talk (in a column one may edit).
      gesture = { kind: editable ? 'new' : 'none', ws: at.ws, pointerId: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
      return;
    }
    e.preventDefault(); // no text selection, no native drag
    at.card.focus({ preventScroll: true });
    const w = app.workshop(at.ws);
    const talk = app.talk(at.ws, at.talkId);
    if (!w || !talk) return;
    const shown = app.timesOf(w, talk);
    const start = minutesOf(shown.start);
    const end = minutesOf(shown.end);
    const timed = start !== null && end !== null && end > start;
    let kind = 'view';
    if (editable) kind = !timed ? 'schedule' : e.target.closest('[data-resize]') ? 'resize' : 'move';
    const bodyRect = columnParts.body.getBoundingClientRect();
    gesture = {
      kind, ws: at.ws, talkId: at.talkId, card: at.card, pointerId: e.pointerId, x: e.clientX, y: e.clientY,
      moved: false, start, end, duration: timed ? end - start : DEFAULT_MINUTES,
      grab: timed ? e.clientY - bodyRect.top - app.grid.topOf(start) : 0,
      version: app.versionOf(at.ws), target: null, original: { start: shown.start || '', end: shown.end || '' },
    };
    if (kind !== 'view') root.setPointerCapture(e.pointerId);
  }

  function onMove(e) {
    if (!gesture || e.pointerId !== gesture.pointerId) return;
    const dx = e.clientX - gesture.x;
    const dy = e.clientY - gesture.y;
    if (!gesture.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      gesture.moved = true;
      if (gesture.kind === 'move' || gesture.kind === 'resize' || gesture.kind === 'schedule') {
        gesture.card.classList.add('is-dragging');
        root.classList.add('is-dragging');
        // The pool keeps its height while its talk is on the grid: the grid must not shift under the pointer.
        const pool = app.grid.column(gesture.ws).pool;
        pool.style.minHeight = `${pool.getBoundingClientRect().height}px`;
        app.setEditing(gesture.ws, gesture.talkId, 'time');
      }
    }
    if (gesture.kind !== 'move' && gesture.kind !== 'resize' && gesture.kind !== 'schedule') return;
    autoscroll(e);
    const target = targetOf(e);
    gesture.target = target;
    const overPool = target === UNSCHEDULED;
    app.grid.column(gesture.ws).pool.classList.toggle('is-target', overPool && gesture.kind !== 'schedule');
    // A pool talk not over its column yet follows the pointer where it is.
    if (gesture.kind === 'schedule' && !target) {
      gesture.card.style.transform = `translate(${dx}px, ${dy}px)`;
    } else {
      gesture.card.style.transform = '';
    }
    app.setPreview(gesture.ws, gesture.talkId, target);
  }

  /** Where the gesture would put the talk now: {start, end}, UNSCHEDULED, or null (nowhere). */
  function targetOf(e) {
    const parts = app.grid.column(gesture.ws);
    const body = parts.body.getBoundingClientRect();
    const pool = parts.pool.getBoundingClientRect();
    const inPool = e.clientX >= pool.left && e.clientX <= pool.right && e.clientY >= pool.top && e.clientY <= pool.bottom;
    const { from, to } = app.grid.range;
    if (gesture.kind === 'resize') {
      const end = clamp(snap(app.grid.minutesAt(e.clientY - body.top)), gesture.start + SNAP_MIN, Math.min(to, DAY_LAST));
      return { start: hhmm(gesture.start), end: hhmm(end) };
    }
    if (gesture.kind === 'move') {
      if (inPool) return UNSCHEDULED;
      const start = clamp(snap(app.grid.minutesAt(e.clientY - body.top - gesture.grab)), from, Math.min(to, DAY_LAST) - gesture.duration);
      return { start: hhmm(start), end: hhmm(start + gesture.duration) };
    }
    // From the pool: only over its own column's body.
    const overBody = e.clientX >= body.left && e.clientX <= body.right && e.clientY >= body.top && e.clientY <= body.bottom;
    if (!overBody) return null;
    const start = clamp(snap(app.grid.minutesAt(e.clientY - body.top) - SNAP_MIN), from, Math.min(to, DAY_LAST) - gesture.duration);
    return { start: hhmm(start), end: hhmm(start + gesture.duration) };
  }

  function autoscroll(e) {
    const scroller = app.scroller;
    if (!scroller) return;
    const r = scroller.getBoundingClientRect();
    if (e.clientY > r.bottom - AUTOSCROLL_EDGE_PX) scroller.scrollTop += 12;
    else if (e.clientY < r.top + AUTOSCROLL_EDGE_PX) scroller.scrollTop -= 12;
  }

  function onUp(e) {
    if (!gesture || e.pointerId !== gesture.pointerId) return;
    const done = gesture;
    gesture = null;
    if (root.hasPointerCapture(e.pointerId)) root.releasePointerCapture(e.pointerId);
    finishVisuals(done);
    if (!done.moved) {
      if (done.kind === 'new') {
        const body = app.grid.column(done.ws).body.getBoundingClientRect();
        const start = Math.floor(app.grid.minutesAt(e.clientY - body.top) / SNAP_MIN) * SNAP_MIN;
        app.openNewTalk(done.ws, hhmm(clamp(start, 0, LAST_START)));
      } else if (done.talkId) {
        app.openTalk(done.ws, done.talkId);
      }
      return;
    }
    if (done.kind !== 'move' && done.kind !== 'resize' && done.kind !== 'schedule') return;
    app.setEditing(done.ws, null);
    const target = done.target;
    if (!target || (target.start === done.original.start && target.end === done.original.end)) {
      app.setPreview(done.ws, done.talkId, null);
      return;
    }
    app.commitMove(done.ws, done.talkId, target, done.version);
  }

  function finishVisuals(done) {
    root.classList.remove('is-dragging');
    if (done.card) {
      done.card.classList.remove('is-dragging');
      done.card.style.transform = '';
    }
    const parts = app.grid.column(done.ws);
    if (parts) {
      parts.pool.classList.remove('is-target');
      parts.pool.style.minHeight = '';
    }
  }

  function cancel() {
    if (!gesture) return;
    const done = gesture;
    gesture = null;
    if (root.hasPointerCapture(done.pointerId)) root.releasePointerCapture(done.pointerId);
    finishVisuals(done);
    if (done.moved && done.talkId) {
      app.setPreview(done.ws, done.talkId, null);
      app.setEditing(done.ws, null);
    }
  }

  // ---- keyboard ------------------------------------------------------------------------------

  function onKey(e) {
    const card = e.target.closest && e.target.closest('[data-talk-id]');
    if (!card || e.target !== card) return;
    const at = where(card);
    if (!at) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      settleKeyboard(at);
      app.openTalk(at.ws, at.talkId);
      return;
    }
    if (e.key === 'Escape') {
      const key = `${at.ws}|${at.talkId}`;
      const pending = keyed.get(key);
      if (pending) {
        clearTimeout(pending.timer);
        keyed.delete(key);
        app.setPreview(at.ws, at.talkId, null);
        app.setEditing(at.ws, null);
        app.announce('Move cancelled');
      }
      return;
    }
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    if (!app.editable(at.ws)) {
      app.announce('This workshop is read only for you');
      return;
    }
    const key = `${at.ws}|${at.talkId}`;
    let move = keyed.get(key);
    if (!move) {
      const w = app.workshop(at.ws);
      const talk = app.talk(at.ws, at.talkId);
      const shown = app.timesOf(w, talk);
      const start = minutesOf(shown.start);
      const end = minutesOf(shown.end);
      if (start === null || end === null) return; // the pool: drag it into the grid
      move = { ws: at.ws, talkId: at.talkId, start, end, version: app.versionOf(at.ws),
        original: { start: shown.start, end: shown.end }, timer: null };
      keyed.set(key, move);
      app.setEditing(at.ws, at.talkId, 'time');
    }
    const delta = e.key === 'ArrowUp' ? -SNAP_MIN : SNAP_MIN;
    if (e.shiftKey) {
      move.end = clamp(move.end + delta, move.start + SNAP_MIN, DAY_LAST);
    } else {
      const length = move.end - move.start;
      move.start = clamp(move.start + delta, 0, DAY_LAST - length);
      move.end = move.start + length;
    }
    const target = { start: hhmm(move.start), end: hhmm(move.end) };
    app.setPreview(at.ws, at.talkId, target);
    app.announce(`${target.start} to ${target.end}`);
    clearTimeout(move.timer);
    move.timer = setTimeout(() => settleKeyboard(at), KEY_SETTLE_MS);
  }

  /** A keyboard move that has settled (a pause, Enter, leaving the card) becomes one command. */
  function settleKeyboard(at) {
    if (!at || !at.talkId) return;
    const key = `${at.ws}|${at.talkId}`;
    const move = keyed.get(key);
    if (!move) return;
    clearTimeout(move.timer);
    keyed.delete(key);
    app.setEditing(at.ws, null);
    const target = { start: hhmm(move.start), end: hhmm(move.end) };
    if (target.start === move.original.start && target.end === move.original.end) {
      app.setPreview(at.ws, at.talkId, null);
      return;
    }
    app.commitMove(at.ws, at.talkId, target, move.version);
  }
}

function clamp(value, low, high) {
  return Math.max(low, Math.min(high, value));
}
