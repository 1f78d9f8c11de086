package dev.lineup.workshops;

import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;

/**
 * Applies an event to the workshop held in memory, whoever appended it (this node's pipeline, or
 * another node followed): the next state, the tail, a snapshot to write. Counts every change, so
 * that views computed from several workshops know when they are stale.
 */
final class EventApplier {

  private final Decider decider;
  private final SnapshotWriter snapshots;
  private final int historyEvery;
  private long generation;

  EventApplier(Decider decider, SnapshotWriter snapshots, int historyEvery) {
    this.decider = decider;
    this.snapshots = snapshots;
    this.historyEvery = historyEvery;
  }

  void apply(WorkshopSlot slot, Event event) {
    generation++;
    slot.advance(event, decider.evolve(slot.state(), event));
    snapshots.write(slot);
    if (event.seq() % historyEvery == 0) snapshots.keep(slot.state());
  }

  /** How many changes were applied here so far. */
  long generation() {
    return generation;
  }
}
