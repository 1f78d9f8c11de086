// Every event-bus address and notice type the pages use: the browser's copy of
// dev.lineup.bus.Addresses (a test checks that the two agree).

/** Commands, request/reply; the body names its workshop. */
export const COMMANDS = 'lineup.commands';

const WORKSHOP_PREFIX = 'lineup.workshop.';
const PRESENCE_PREFIX = 'lineup.presence.';

/** Every event of one workshop, in seq order per publisher. */
export const workshop = (id) => WORKSHOP_PREFIX + id;

/** Who is online in a workshop and what they are editing. */
export const presence = (id) => PRESENCE_PREFIX + id;

/** Notices on a workshop's address (bodies with a `type`, no `seq`): not events. */
export const Notice = Object.freeze({
  /** You fell behind and missed events after `after`: catch up. */
  LAGGING: 'lineup.lagging',
  /** The server's store is unreachable: changes are refused until it is back. */
  CHANGES_PAUSED: 'lineup.changes-paused',
  CHANGES_RESUMED: 'lineup.changes-resumed',
  /** Your registration on this address is in effect: catch up now, nothing after this is missed. */
  REGISTERED: 'lineup.registered',
  /** The server closes this connection now (`reason`: idle, lagging, too_large): reconnect at once, catch up. */
  CLOSING: 'lineup.closing',
});
