// Venue screens, one page:
//   /display.html?workshop=<id>[&at=2018-04-03T09:40][#token=<jwt>]  the display by a room's door
//   /display.html?meeting=<category>[&at=…]                          the lobby: every room today
// Both follow live over one connection, keep advancing on their own clock when the network drops,
// and start from what they showed last when reloaded without the network (service worker + saved
// state). ?at= simulates the wall time (it then advances with the real clock).

import { showLobby } from './lobby.js';
import { keepPagesOffline } from './offline.js';
import { showRoom } from './room.js';
import { Screen } from './screen.js';
import { fragmentParam, params } from './ui.js';

const query = params();
const workshopId = query.get('workshop');
const meeting = query.get('meeting');
const screen = new Screen(query.get('at'));

keepPagesOffline();
if (meeting) {
  showLobby(screen, meeting);
} else if (workshopId) {
  window.lineupDisplay = showRoom(screen, workshopId, fragmentParam('token'));
} else {
  document.getElementById('room').textContent = 'Lineup';
  document.getElementById('message').textContent =
    'Add ?workshop=<id> (a room) or ?meeting=<category> (the lobby) to the address.';
  screen.now();
}
