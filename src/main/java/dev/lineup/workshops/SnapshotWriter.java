package dev.lineup.workshops;

import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the snapshots of workshops after their events: coalesced (at most one write per workshop
 * in flight, always of the latest state) and never awaited by a command, since a crash before a
 * snapshot is repaired on load by replaying the log after it. Also keeps a snapshot of every few
 * versions for good, so that time travel replays only a few events.
 */
final class SnapshotWriter {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
  private static final long RETRY_MILLIS = 1_000;

  private final Vertx vertx;
  private final EventStore store;

  SnapshotWriter(Vertx vertx, EventStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Writes the slot's state unless a write is in flight (which then writes again after it). */
  void write(WorkshopSlot slot) {
    if (!slot.snapshotDue()) return;
    Workshop state = slot.snapshotStarted();
    store.saveSnapshot(state).onComplete(ar -> {
      slot.snapshotFinished(state, ar.succeeded());
      if (ar.succeeded()) {
        write(slot);
      } else {
        LOG.warn("snapshot of {} v{} not written: {}", state.id(), state.version(), ar.cause().toString());
        vertx.setTimer(RETRY_MILLIS, id -> write(slot));
      }
    });
  }

  /** Keeps the snapshot of this version for time travel. */
  void keep(Workshop state) {
    store.saveVersionSnapshot(state).onFailure(t ->
        LOG.warn("snapshot of {} v{} not kept: {}", state.id(), state.version(), t.toString()));
  }
}
