package dev.lineup.workshops;

import dev.lineup.schedule.Event;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workshops held in memory on this node, each loaded once (its snapshot, then the log after
 * it) on first use, and followed from then on. Touched only on the pipeline's context.
 */
final class WorkshopSlots {

  private final EventStore store;
  private final NodeFollower follower;
  private final WorkshopsOptions options;
  private final Map<String, Future<WorkshopSlot>> slots = new HashMap<>();

  WorkshopSlots(EventStore store, NodeFollower follower, WorkshopsOptions options) {
    this.store = store;
    this.follower = follower;
    this.options = options;
  }

  /** The slot of a workshop, loading it when it is not held yet (or its load failed). */
  Future<WorkshopSlot> slot(String workshopId) {
    Future<WorkshopSlot> existing = slots.get(workshopId);
    if (existing != null && !existing.failed()) return existing;
    Future<WorkshopSlot> loading = load(workshopId);
    slots.put(workshopId, loading);
    return loading;
  }

  /** Loads every workshop with a log, so that meeting-wide warnings see all of them. */
  Future<Integer> loadAll() {
    return store.loggedWorkshopIds().compose(ids ->
        Future.all(ids.stream().map(this::slot).toList()).map(v -> ids.size()));
  }

  /** The slot when it is loaded already. */
  Optional<WorkshopSlot> loaded(String workshopId) {
    Future<WorkshopSlot> f = slots.get(workshopId);
    return f != null && f.succeeded() ? Optional.of(f.result()) : Optional.empty();
  }

  /** The states of the workshops loaded so far (existing or not). */
  List<Workshop> loadedStates() {
    List<Workshop> out = new ArrayList<>();
    for (Future<WorkshopSlot> f : slots.values()) {
      if (f.succeeded()) out.add(f.result().state());
    }
    return out;
  }

  /** Ids of the workshops loaded so far, sorted. */
  List<String> loadedIds() {
    return slots.entrySet().stream().filter(e -> e.getValue().succeeded())
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** Every id this node holds or is loading. */
  List<String> ids() {
    return List.copyOf(slots.keySet());
  }

  /** The log after {@code after}: from the tail when it covers it, else from the store. */
  Future<List<Event>> eventsAfter(WorkshopSlot slot, long after, int limit) {
    Optional<List<Event>> fromTail = slot.tailAfter(after, limit);
    if (fromTail.isPresent()) return Future.succeededFuture(fromTail.get());
    return store.eventsAfter(slot.id(), after, Math.min(limit, NodeFollower.STORE_PAGE));
  }

  private Future<WorkshopSlot> load(String workshopId) {
    return store.loadSnapshot(workshopId).compose(snapshot -> {
      WorkshopSlot slot = new WorkshopSlot(snapshot.orElse(Workshop.absent(workshopId)),
          options.tailSize(), options.commandMemory());
      return follower.catchUp(slot).map(v -> {
        follower.follow(slot);
        return slot;
      });
    });
  }
}
