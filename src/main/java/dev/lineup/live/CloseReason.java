package dev.lineup.live;

/**
 * Why the server closes a browser's socket: told to the browser first (an {@code err} frame with
 * {@link #errorBody()}, and {@link dev.lineup.bus.Addresses.Notice#CLOSING} on each workshop it
 * follows), and counted in {@code lineup.live.closed} with the tag {@code reason} = {@link #tag()}.
 */
enum CloseReason {
  /** Silent (no frame, not even a ping) for longer than the ping timeout. */
  IDLE("idle", "idle_timeout"),
  /** Stayed behind (its queue full) for longer than the lag timeout. */
  LAGGING("lagging", "lagging_timeout"),
  /** Sent a frame larger than the limit. */
  TOO_LARGE("too_large", Frames.FRAME_TOO_LARGE);

  private final String tag;
  private final String errorBody;

  CloseReason(String tag, String errorBody) {
    this.tag = tag;
    this.errorBody = errorBody;
  }

  /** The {@code reason} of the notice and of the metric. */
  String tag() {
    return tag;
  }

  /** The body of the {@code err} frame sent before the close. */
  String errorBody() {
    return errorBody;
  }
}
