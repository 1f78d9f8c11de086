// What the room display and the lobby share: the clock (in the meeting's zone, or simulated with
// ?at=), the "offline since HH:MM" mark, shrink-to-fit of the text boxes, the 1-second tick.

import { fit } from './fit.js';
import { lastOnline } from './offline.js';
import { validZone, wallClock } from './ui.js';

const $ = (id) => document.getElementById(id);
const TOUCH_ONLINE_MS = 15000;

export class Screen {
  /** @param {string} at the ?at= parameter (simulated wall time), or null */
  constructor(at) {
    this.at = at;
    this.zone = undefined;
    this.clock = wallClock(undefined, at);
    this.status = null;
    this.touched = 0;
    document.addEventListener('dblclick', () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(() => {});
      }
    });
  }

  /** The clock follows the zone of what is shown (the first zone that is valid). */
  setZone(zone) {
    const valid = validZone(zone);
    if (valid === this.zone) return;
    this.zone = valid;
    this.clock = wallClock(valid, this.at);
  }

  /** Now on the screen's clock: {date, minutes, instant, zone}; also shows it. */
  now() {
    const now = this.clock.now();
    $('clock').textContent = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: now.zone,
    }).format(now.instant);
    $('clock').title = this.clock.simulated ? `simulated time (at=${this.at})` : (now.zone || 'local time');
    this.showStatus();
    return now;
  }

  setStatus(status) {
    if (this.status === 'online' && status !== 'online') lastOnline.touch(); // offline from now
    this.status = status;
    document.body.dataset.status = status;
    this.showStatus();
  }

  /** Online: remember when (for after a reboot). Offline: say since when. */
  showStatus() {
    const mark = $('offline');
    if (this.status === 'online') {
      if (Date.now() - this.touched > TOUCH_ONLINE_MS) {
        lastOnline.touch();
        this.touched = Date.now();
      }
      mark.hidden = true;
      return;
    }
    if (this.status !== 'offline') {
      mark.hidden = true;
      return;
    }
    const since = lastOnline.get();
    mark.textContent = since ? `● offline since ${this.clock.timeOf(since)}` : '● offline';
    mark.hidden = false;
  }

  /** Shrinks the text of every .fit-box in `root` that changed to fit its box. */
  fitAll(root = document) {
    for (const box of root.querySelectorAll('.fit-box')) fit(box);
  }
}

/** Re-runs `render` every second and when the screen's size changes. */
export function tick(render) {
  setInterval(render, 1000);
  addEventListener('resize', render);
  render();
}
