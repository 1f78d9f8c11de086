package dev.lineup.workshops;

import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Workshop;

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

  /** An event appended elsewhere (another node, or before this node loaded the workshop). */
  void apply(WorkshopSlot slot, Event event) {
    apply(slot, event, decider.evolve(slot.state(), event), null, -1);
  }

  /** An event this node's pipeline decided: its next state is known already, and its size. */
  void apply(WorkshopSlot slot, Event event, Workshop next, String commandHash, long eventBytes) {
    generation++;
    slot.advance(event, next, commandHash, eventBytes);
    snapshots.write(slot);
    if (event.seq() % historyEvery == 0) snapshots.keep(slot.state());
  }

  /** How many changes were applied here so far. */
  long generation() {
    return generation;
  }
}
