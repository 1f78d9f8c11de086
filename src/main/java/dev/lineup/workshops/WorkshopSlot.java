package dev.lineup.workshops;

import dev.lineup.schedule.Event;
import dev.lineup.schedule.Workshop;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One workshop held in memory: its current state, the tail of its log (for catch-up without the
 * store), the commandIds it has seen recently, the queue that puts its commands in one order, and
 * what its snapshot writer and its served view last did. Touched only on the pipeline's context.
 */
final class WorkshopSlot {

  private final int tailSize;
  private final Deque<Event> tail = new ArrayDeque<>();
  /** commandId → seq: small, while the events themselves stay in the tail or the store. */
  private final Map<String, Long> recentCommands;
  private Future<?> queue = Future.succeededFuture();
  private Workshop state;
  private long snapshotVersion;
  private boolean snapshotWriting;
  /** The state as last served (with meeting warnings), valid while nothing changed since. */
  private Workshop served;
  private long servedGeneration = -1;

  WorkshopSlot(Workshop state, int tailSize, int commandMemory) {
    this.state = state;
    this.tailSize = tailSize;
    this.snapshotVersion = state.version();
    this.recentCommands = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > commandMemory;
      }
    };
  }

  String id() {
    return state.id();
  }

  Workshop state() {
    return state;
  }

  long version() {
    return state.version();
  }

  /** Runs {@code task} after every task queued before it: one command of a workshop at a time. */
  <T> Future<T> enqueue(Supplier<Future<T>> task) {
    Future<T> result = queue.transform(ignored -> {
      try {
        return task.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    queue = result;
    return result;
  }

  /** Moves to {@code next}, the state after {@code event}, and remembers the event. */
  void advance(Event event, Workshop next) {
    state = next;
    tail.addLast(event);
    while (tail.size() > tailSize) tail.removeFirst();
    if (event.commandId() != null) recentCommands.put(event.commandId(), event.seq());
  }

  /** The seq at which a recent command was accepted. */
  Optional<Long> seenCommand(String commandId) {
    return Optional.ofNullable(recentCommands.get(commandId));
  }

  /** The events after {@code after} when the tail still holds all of them. */
  Optional<List<Event>> tailAfter(long after, int limit) {
    if (after >= state.version()) return Optional.of(List.of());
    Event first = tail.peekFirst();
    if (first == null || first.seq() > after + 1) return Optional.empty();
    List<Event> out = new ArrayList<>();
    for (Event e : tail) {
      if (e.seq() > after) {
        out.add(e);
        if (out.size() >= limit) break;
      }
    }
    return Optional.of(out);
  }

  // ---- the snapshot writer's bookkeeping --------------------------------------------------------

  /** True when the stored snapshot is behind and no write is in flight. */
  boolean snapshotDue() {
    return !snapshotWriting && snapshotVersion < state.version();
  }

  /** Marks a write of the current state as in flight, and returns that state. */
  Workshop snapshotStarted() {
    snapshotWriting = true;
    return state;
  }

  void snapshotFinished(Workshop written, boolean stored) {
    snapshotWriting = false;
    if (stored) snapshotVersion = Math.max(snapshotVersion, written.version());
  }

  // ---- the served view ---------------------------------------------------------------------------

  /** The view served last, when nothing changed since ({@code generation} is the same). */
  Optional<Workshop> servedAt(long generation) {
    return servedGeneration == generation && served != null && served.version() == state.version()
        ? Optional.of(served) : Optional.empty();
  }

  void serve(Workshop view, long generation) {
    served = view;
    servedGeneration = generation;
  }
}
