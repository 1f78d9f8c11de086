package dev.lineup.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;


/** The bridge's counters; sockets on many event loops update them at once. */
final class Counters {
  final AtomicLong socketsOpen = new AtomicLong();
  final LongAdder deliveries = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder laggingEpisodes = new LongAdder();
  final AtomicLong laggingNow = new AtomicLong();
  /** Sockets the server closed, by {@link CloseReason} (indexed by its ordinal). */
  final LongAdder[] closed = {new LongAdder(), new LongAdder(), new LongAdder()};
  final AtomicLong queuedBytes = new AtomicLong();

  LongAdder closed(CloseReason reason) {
    return closed[reason.ordinal()];
  }
}
