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
  /** (sender, commandId) → what it made: small, while the events stay in the tail or the store. */
  private final Map<CommandKey, Seen> recentCommands;
  private Future<?> queue = Future.succeededFuture();
  private Workshop state;
  private long snapshotVersion;
  private boolean snapshotWriting;
  /** The state as last served (with meeting warnings), valid while nothing changed since. */
  private Workshop served;
  private long servedGeneration = -1;
  /** The size of the state as JSON, at most (measured, then grown by each event's size); -1: unknown. */
  private long stateBytes;
  private long snapshotRetryMillis;
  private static final long UNKNOWN = -1;

  /** A commandId belongs to its sender. */
  record CommandKey(String by, String commandId) {
  }

  /** What a recent command made: its seq, and its command's hash (null when learned from another node). */
  record Seen(long seq, String commandHash) {
  }

  WorkshopSlot(Workshop state, int tailSize, int commandMemory) {
    this.state = state;
    this.tailSize = tailSize;
    this.snapshotVersion = state.version();
    this.stateBytes = state.exists() ? UNKNOWN : 0;
    this.recentCommands = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<CommandKey, Seen> eldest) {
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

  /**
   * Moves to {@code next}, the state after {@code event}, and remembers the event.
   *
   * @param commandHash the hash of the command that made it, when known here
   * @param eventBytes  the event's size as JSON (the state grew by at most that much), or -1 when
   *                    not known (an event of another node)
   */
  void advance(Event event, Workshop next, String commandHash, long eventBytes) {
    state = next;
    stateBytes = stateBytes < 0 || eventBytes < 0 ? UNKNOWN : stateBytes + eventBytes;
    tail.addLast(event);
    while (tail.size() > tailSize) tail.removeFirst();
    if (event.commandId() != null) {
      recentCommands.put(new CommandKey(event.by(), event.commandId()), new Seen(event.seq(), commandHash));
    }
  }

  /** What a recent command of this sender with this commandId made. */
  Optional<Seen> seenCommand(String by, String commandId) {
    return Optional.ofNullable(recentCommands.get(new CommandKey(by, commandId)));
  }

  /** True when the state's size as JSON is known to be below {@code bytes}. */
  boolean stateKnownBelow(long bytes) {
    return stateBytes >= 0 && stateBytes < bytes;
  }

  void measured(long bytes) {
    stateBytes = bytes;
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

  /** Marks a write of the state as in flight. */
  void snapshotStarted() {
    snapshotWriting = true;
  }

  void snapshotFinished(Workshop written, boolean stored) {
    snapshotWriting = false;
    if (stored) {
      snapshotVersion = Math.max(snapshotVersion, written.version());
      snapshotRetryMillis = 0;
    }
  }

  /** How long to wait before writing again after a store that could not be reached: doubling, bounded. */
  long nextSnapshotRetryMillis(long first, long most) {
    snapshotRetryMillis = snapshotRetryMillis == 0 ? first : Math.min(most, snapshotRetryMillis * 2);
    return snapshotRetryMillis;
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
