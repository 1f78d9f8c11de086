package dev.lineup.live;

/**
 * A snapshot of the bridge's counters, for /metrics and tests.
 *
 * @param socketsOpen     browser connections now open on this node
 * @param topics          event-bus consumers the bridge holds (one per address with subscribers)
 * @param deliveries      frames of published messages written to sockets, since start
 * @param dropped         frames not written because their socket was lagging, since start
 * @param laggingEpisodes times a socket fell behind, since start
 * @param laggingNow      sockets lagging now
 * @param closedForLag    sockets closed because they stayed behind too long, since start
 * @param closedIdle      sockets closed because they were silent too long, since start
 * @param closedTooLarge  sockets closed because they sent a frame too large, since start
 * @param queuedBytes     bytes written to sockets and not yet flushed, over all sockets now
 * @param presenceEntries presence entries of this node's sockets now
 */
public record LiveMetrics(long socketsOpen, long topics, long deliveries, long dropped,
                          long laggingEpisodes, long laggingNow, long closedForLag, long closedIdle,
                          long closedTooLarge, long queuedBytes, long presenceEntries) {
}
