package dev.lineup.live;

/** What a permitted address is for, so that the socket knows where a frame goes. */
enum Channel {
  /** {@code lineup.workshop.<id>}: a workshop's events and notices, browser-bound. */
  EVENTS,
  /** {@code lineup.presence.<id>}: who is there (browser-bound) and "I am here" (server-bound). */
  PRESENCE,
  /** {@code lineup.commands}: a request to the core, answered on the frame's reply address. */
  COMMANDS
}
