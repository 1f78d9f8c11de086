package dev.lineup.workshops;

import dev.lineup.schedule.Event;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Warnings;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Optional;

/**
 * The read side: workshops as served (with the meeting's cross-workshop warnings), lists of them,
 * and their logs, from memory where it can. Runs on the pipeline's context.
 */
final class WorkshopReads {

  private static final Comparator<Workshop> BY_DATE_THEN_ID = Comparator
      .comparing((Workshop w) -> String.valueOf(w.date())).thenComparing(Workshop::id);

  private final WorkshopSlots slots;
  private final EventStore store;
  private final EventApplier applier;
  private final PipelineMetrics metrics;
  private final Map<String, Map<String, List<Warning>>> clashesByMeeting = new HashMap<>();
  private long clashesGeneration = -1;

  WorkshopReads(WorkshopSlots slots, EventStore store, EventApplier applier, PipelineMetrics metrics) {
    this.slots = slots;
    this.store = store;
    this.applier = applier;
    this.metrics = metrics;
  }

  /** The current state as served; NOT_FOUND when the workshop does not exist. */
  Future<Workshop> get(String workshopId) {
    return slots.slot(workshopId).map(slot -> served(slot.state().requireExists()));
  }

  /** The current state, existing or not, without the meeting's warnings. */
  Future<Workshop> current(String workshopId) {
    return slots.slot(workshopId).map(WorkshopSlot::state);
  }

  /** Existing workshops, of one category when given, ordered by date then id. */
  Future<List<Workshop>> list(String category) {
    return store.workshopIds(category)
        // The store is away: answer from the workshops held in memory rather than not at all.
        .recover(t -> t instanceof StoreUnavailable
            ? Future.succeededFuture(slots.loadedIds()) : Future.failedFuture(t))
        .compose(ids -> {
          List<Future<WorkshopSlot>> loads = ids.stream().map(slots::slot).toList();
          return Future.all(loads).map(all -> {
            List<Workshop> out = new ArrayList<>();
            for (Future<WorkshopSlot> f : loads) {
              Workshop w = f.result().state();
              if (w.exists() && (category == null || w.categories().contains(category))) out.add(served(w));
            }
            out.sort(BY_DATE_THEN_ID);
            return out;
          });
        });
  }

  /** The log after {@code after}: from memory when the tail covers it, else from the store. */
  Future<List<Event>> eventsAfter(String workshopId, long after, int limit) {
    return slots.slot(workshopId).compose(slot -> {
      metrics.catchUp(slot.tailAfter(after, limit).isPresent());
      return slots.eventsAfter(slot, after, limit);
    });
  }

  /**
   * The state as served, with the meeting's speaker clashes; kept until any workshop changes, since
   * a change in one may add or remove a clash in another (reads then cost no recomputation).
   */
  private Workshop served(Workshop w) {
    Optional<WorkshopSlot> slot = slots.loaded(w.id());
    long generation = applier.generation();
    Optional<Workshop> cached = slot.flatMap(s -> s.servedAt(generation));
    if (cached.isPresent()) return cached.get();
    Workshop view = withMeetingWarnings(w);
    slot.ifPresent(s -> s.serve(view, generation));
    return view;
  }

  private Workshop withMeetingWarnings(Workshop w) {
    if (w.categories().isEmpty() || w.date() == null) return w;
    return Warnings.served(w, meetingClashes(w).getOrDefault(w.id(), List.of()));
  }

  /**
   * The speaker clashes of the meeting {@code w} is in (the workshops of its date sharing one of
   * its categories), computed once per meeting until something changes.
   */
  private Map<String, List<Warning>> meetingClashes(Workshop w) {
    long generation = applier.generation();
    if (generation != clashesGeneration) {
      clashesByMeeting.clear();
      clashesGeneration = generation;
    }
    String meeting = w.date() + "|" + String.join(",", new TreeSet<>(w.categories()));
    return clashesByMeeting.computeIfAbsent(meeting, key -> {
      List<Workshop> workshops = new ArrayList<>();
      for (Workshop other : slots.loadedStates()) {
        if (other.exists() && w.date().equals(other.date())
            && other.categories().stream().anyMatch(w.categories()::contains)) {
          workshops.add(other);
        }
      }
      return Warnings.speakerClashes(workshops);
    });
  }
}
