package dev.lineup.workshops;

import dev.lineup.schedule.Workshop;
import dev.lineup.store.DocumentRefused;
import dev.lineup.store.EventStore;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the snapshots of workshops after their events: coalesced (at most one write per workshop
 * in flight, always of the latest state) and never awaited by a command, since a crash before a
 * snapshot is repaired on load by replaying the log after it. The document is built on a worker
 * (a large state takes a while). A store that cannot be reached is tried again, less and less
 * often; a document the store refuses is not (the next change writes again). Also keeps a
 * snapshot of every few versions for good, so that time travel replays only a few events.
 */
final class SnapshotWriter {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long LONGEST_RETRY_MILLIS = 30_000;

  private final Vertx vertx;
  private final EventStore store;

  SnapshotWriter(Vertx vertx, EventStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * Writes the slot's state unless a write is in flight (which then writes again after it). The
   * state is taken on the context's next turn, so that the events of one round (applied together)
   * make one write, not one per event.
   */
  void write(WorkshopSlot slot) {
    if (!slot.snapshotDue()) return;
    slot.snapshotStarted();
    vertx.runOnContext(v -> writeNow(slot));
  }

  private void writeNow(WorkshopSlot slot) {
    Workshop state = slot.state();
    // Built, and handed to the store client (which encodes it), on a worker.
    vertx.executeBlocking(() -> store.saveSnapshot(EventStore.snapshotDocument(state)), false)
        .compose(saving -> saving)
        .onComplete(ar -> {
          slot.snapshotFinished(state, ar.succeeded());
          if (ar.succeeded()) {
            write(slot);
          } else if (ar.cause() instanceof DocumentRefused refused) {
            LOG.error("snapshot of {} v{} refused by the store ({}); the log has every event, the next change "
                + "writes the snapshot again", state.id(), state.version(), refused.getMessage());
          } else {
            long retry = slot.nextSnapshotRetryMillis(FIRST_RETRY_MILLIS, LONGEST_RETRY_MILLIS);
            LOG.warn("snapshot of {} v{} not written ({}); trying again in {} ms", state.id(), state.version(),
                ar.cause().toString(), retry);
            vertx.setTimer(retry, id -> write(slot));
          }
        });
  }

  /** Keeps the snapshot of this version for time travel. */
  void keep(Workshop state) {
    vertx.executeBlocking(() -> store.saveVersionSnapshot(EventStore.versionSnapshotDocument(state)), false)
        .compose(saving -> saving)
        .onFailure(t -> LOG.warn("snapshot of {} v{} not kept: {}", state.id(), state.version(), t.toString()));
  }
}
