package dev.lineup.workshops;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Warnings;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.Durability;
import dev.lineup.store.DuplicateWrite;
import dev.lineup.store.EventStore;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The command pipeline and the read side of workshops: decide → append (the store's unique
 * (workshop, seq) index arbitrates) → apply → make durable → acknowledge and publish; snapshots
 * follow asynchronously. Confined to one Vert.x context; public methods hop onto it.
 */
public final class Workshops {

  private static final Logger LOG = LoggerFactory.getLogger(Workshops.class);
  private static final int MAX_RETRIES = 50;
  private static final int STORE_PAGE = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final EventStore store;
  private final Durability durability;
  private final Decider decider;
  private final WorkshopsOptions options;
  private final Map<String, Future<WorkshopSlot>> slots = new HashMap<>();
  private final PipelineMetrics metrics = PipelineMetrics.create();
  /** Counts every change applied here: what served views are checked against. */
  private long generation;
  private final StoreWatch storeWatch;

  public Workshops(Vertx vertx, Context context, EventStore store, Durability durability,
                   Decider decider, WorkshopsOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.store = store;
    this.durability = durability;
    this.decider = decider;
    this.options = options;
    this.storeWatch = new StoreWatch(store, this::announceStore);
  }

  /** Starts watching the store (on the pipeline's context). */
  public void watchStore(long periodMillis) {
    context.runOnContext(v -> storeWatch.start(vertx, periodMillis));
  }

  /**
   * Tells every browser of every workshop held here that changes are paused (store unreachable)
   * or resume; these notices carry no seq, they are not events.
   */
  private void announceStore(boolean up) {
    JsonObject notice = new JsonObject().put("type", up ? Addresses.Notice.CHANGES_RESUMED : Addresses.Notice.CHANGES_PAUSED);
    for (String id : slots.keySet()) {
      vertx.eventBus().publish(Addresses.workshop(id), notice.copy().put("workshop", id));
    }
  }

  public EventStore store() {
    return store;
  }

  public Decider decider() {
    return decider;
  }

  public WorkshopsOptions options() {
    return options;
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Decides, persists and publishes one command; the reply waits until the event is durable. */
  public Future<CommandResult> submit(String workshopId, Command command, String by) {
    long started = System.nanoTime();
    String type = CommandParser.typeOf(command);
    return onContext(() -> !storeWatch.up()
        ? Future.<CommandResult>failedFuture(new StoreUnavailable("the store is unreachable", null))
        : slot(workshopId)
        .compose(slot -> slot.enqueue(() -> process(slot, command, by, 0)))
        .compose(this::acknowledge))
        .andThen(ar -> metrics.command(type, outcome(ar.cause()), started));
  }

  private String outcome(Throwable failure) {
    if (failure == null) return "accepted";
    if (failure instanceof Rejection r) return r.failure().name().toLowerCase();
    if (failure instanceof StoreUnavailable) {
      metrics.storeError();
      storeWatch.suspect();
      return "unavailable";
    }
    return "error";
  }

  /** An event appended and applied, and the sync that makes it durable (not awaited in the queue). */
  private record Appended(Event event, Future<Void> durable, boolean replay) {
    /** A command already in the log: its first result, appending nothing. */
    static Appended replayOf(Event first) {
      return new Appended(first, Future.succeededFuture(), true);
    }
  }

  private Future<Appended> process(WorkshopSlot slot, Command command, String by, int attempt) {
    Optional<Long> seen = command.commandId() == null ? Optional.empty() : slot.seenCommand(command.commandId());
    if (seen.isPresent()) {
      return eventsAfter(slot, seen.get() - 1, 1).map(first -> Appended.replayOf(first.get(0)));
    }
    Workshop state = slot.state;
    Future<List<Event>> since = command.expectedVersion() != null
        && command.expectedVersion() < state.version()
        ? eventsAfter(slot, command.expectedVersion(), Integer.MAX_VALUE)
        : Future.succeededFuture(List.of());
    Future<List<Event>> history = revertHistory(slot, command);
    return Future.all(since, history).compose(loaded -> {
      List<Event> events = since.result();
      EventData data;
      try {
        // Nobody conflicts with themselves: a sender's own changes since the version it names
        // are ones it has already seen.
        data = decider.decide(command, state, events.stream().filter(e -> !by.equals(e.by())).toList(),
            history.result());
      } catch (Rejection r) {
        return firstResultOf(slot, command).compose(first -> first
            .map(e -> Future.succeededFuture(Appended.replayOf(e)))
            .orElseGet(() -> Future.failedFuture(r)));
      }
      String commandId = command.commandId() != null ? command.commandId() : UUID.randomUUID().toString();
      Event event = new Event(slot.state.id(), state.version() + 1, by, Instant.now().toString(),
          commandId, data);
      return store.append(event)
          .map(v -> {
            apply(slot, event);
            return new Appended(event, durability.sync(), false);
          })
          .recover(t -> {
            if (!(t instanceof DuplicateWrite dup)) return Future.failedFuture(t);
            if (dup.kind() == DuplicateWrite.Kind.COMMAND_SEEN) {
              return store.eventByCommandId(slot.state.id(), commandId).compose(first -> first
                  .map(e -> Future.succeededFuture(Appended.replayOf(e)))
                  .orElseGet(() -> Future.failedFuture(t)));
            }
            if (attempt >= MAX_RETRIES) {
              return Future.failedFuture(new Rejection(Failure.UNAVAILABLE,
                  "workshop " + slot.state.id() + " is too busy: gave up after " + attempt + " retries"));
            }
            // Another node took this seq: learn its events, then decide again on top of them,
            // after a short random pause so that two busy nodes do not keep colliding.
            metrics.seqRetry();
            long pause = 1 + ThreadLocalRandom.current().nextLong(Math.min(64, 2L << Math.min(attempt, 5)));
            return vertx.timer(pause).compose(v -> catchUp(slot)).compose(v -> process(slot, command, by, attempt + 1));
          });
    });
  }

  /** A revert is decided on the log from the change it reverts on (to see later changes). */
  private Future<List<Event>> revertHistory(WorkshopSlot slot, Command command) {
    if (!(command instanceof Command.RevertChange revert) || revert.seq() == null || revert.seq() < 1) {
      return Future.succeededFuture(List.of());
    }
    return eventsAfter(slot, revert.seq() - 1, Integer.MAX_VALUE);
  }

  /** A rejected command may be a retry of one accepted long ago: then its first result stands. */
  private Future<Optional<Event>> firstResultOf(WorkshopSlot slot, Command command) {
    if (command.commandId() == null) return Future.succeededFuture(Optional.empty());
    return store.eventByCommandId(slot.state.id(), command.commandId());
  }

  private Future<CommandResult> acknowledge(Appended appended) {
    if (appended.replay()) return Future.succeededFuture(CommandResult.of(appended.event()));
    return appended.durable().map(v -> {
      publish(appended.event());
      return CommandResult.of(appended.event());
    });
  }

  private void apply(WorkshopSlot slot, Event event) {
    generation++;
    slot.state = decider.evolve(slot.state, event);
    slot.remember(event);
    writeSnapshot(slot);
    if (event.seq() % options.historyEvery() == 0) keepHistory(slot.state);
  }

  /** Every few versions a snapshot is kept for good, so time travel replays only a few events. */
  private void keepHistory(Workshop state) {
    store.saveVersionSnapshot(state).onFailure(t ->
        LOG.warn("snapshot of {} v{} not kept: {}", state.id(), state.version(), t.toString()));
  }

  private void publish(Event event) {
    metrics.published();
    vertx.eventBus().publish(Addresses.workshop(event.workshop()), new JsonObject(event.toMap()));
  }

  /** Coalesced: at most one snapshot write per workshop in flight, always of the latest state. */
  private void writeSnapshot(WorkshopSlot slot) {
    if (slot.snapshotWriting || slot.snapshotVersion >= slot.state.version()) return;
    slot.snapshotWriting = true;
    Workshop state = slot.state;
    store.saveSnapshot(state).onComplete(ar -> {
      slot.snapshotWriting = false;
      if (ar.succeeded()) {
        slot.snapshotVersion = Math.max(slot.snapshotVersion, state.version());
        writeSnapshot(slot);
      } else {
        LOG.warn("snapshot of {} v{} not written: {}", state.id(), state.version(), ar.cause().toString());
        vertx.setTimer(1_000, id -> writeSnapshot(slot));
      }
    });
  }

  // ---- reads --------------------------------------------------------------------------------

  /** The current state, with the meeting's cross-workshop warnings; NOT_FOUND when absent. */
  public Future<Workshop> get(String workshopId) {
    return onContext(() -> slot(workshopId).compose(slot -> {
      if (!slot.state.exists()) {
        return Future.failedFuture(Rejection.notFound("workshop " + workshopId + " does not exist"));
      }
      return Future.succeededFuture(withMeetingWarnings(slot.state));
    }));
  }

  public Future<Boolean> exists(String workshopId) {
    return onContext(() -> slot(workshopId).map(slot -> slot.state.exists()));
  }

  /** Existing workshops, of one category when given, ordered by date then id. */
  public Future<List<Workshop>> list(String category) {
    return onContext(() -> store.workshopIds(category)
        // The store is away: answer from the workshops held in memory rather than not at all.
        .recover(t -> t instanceof StoreUnavailable
            ? Future.succeededFuture(slots.entrySet().stream().filter(e -> e.getValue().succeeded())
                .map(Map.Entry::getKey).sorted().toList())
            : Future.failedFuture(t))
        .compose(ids -> {
      List<Future<WorkshopSlot>> loads = ids.stream().map(this::slot).toList();
      return Future.all(loads).map(all -> {
        List<Workshop> out = new ArrayList<>();
        for (Future<WorkshopSlot> f : loads) {
          Workshop w = f.result().state;
          if (w.exists() && (category == null || w.categories().contains(category))) {
            out.add(withMeetingWarnings(w));
          }
        }
        out.sort((a, b) -> {
          int byDate = String.valueOf(a.date()).compareTo(String.valueOf(b.date()));
          return byDate != 0 ? byDate : a.id().compareTo(b.id());
        });
        return out;
      });
    }));
  }

  /** The log after {@code after}: from memory when the tail covers it, else from the store. */
  public Future<List<Event>> eventsAfter(String workshopId, long after, int limit) {
    return onContext(() -> slot(workshopId).compose(slot -> {
      Optional<List<Event>> fromTail = slot.tailAfter(after, limit);
      metrics.catchUp(fromTail.isPresent());
      return fromTail.map(Future::succeededFuture).orElseGet(() -> eventsAfter(slot, after, limit));
    }));
  }

  private Future<List<Event>> eventsAfter(WorkshopSlot slot, long after, int limit) {
    Optional<List<Event>> fromTail = slot.tailAfter(after, limit);
    if (fromTail.isPresent()) return Future.succeededFuture(fromTail.get());
    return store.eventsAfter(slot.state.id(), after, Math.min(limit, STORE_PAGE));
  }

  /**
   * The state as served, with the meeting's speaker clashes; kept until any workshop changes, since
   * a change in one may add or remove a clash in another (reads then cost no recomputation).
   */
  private Workshop withMeetingWarnings(Workshop w) {
    Future<WorkshopSlot> loaded = slots.get(w.id());
    WorkshopSlot slot = loaded != null && loaded.succeeded() ? loaded.result() : null;
    if (slot != null && slot.servedGeneration == generation && slot.served.version() == w.version()) {
      return slot.served;
    }
    Workshop served = computeMeetingWarnings(w);
    if (slot != null) {
      slot.served = served;
      slot.servedGeneration = generation;
    }
    return served;
  }

  private Workshop computeMeetingWarnings(Workshop w) {
    if (w.categories().isEmpty() || w.date() == null) return w;
    List<Workshop> meeting = new ArrayList<>();
    for (Future<WorkshopSlot> f : slots.values()) {
      if (!f.succeeded()) continue;
      Workshop other = f.result().state;
      if (other.exists() && w.date().equals(other.date())
          && other.categories().stream().anyMatch(w.categories()::contains)) {
        meeting.add(other);
      }
    }
    List<Warning> clashes = Warnings.speakerClashes(meeting).getOrDefault(w.id(), List.of());
    if (clashes.isEmpty()) return w;
    List<Warning> all = new ArrayList<>(w.warnings());
    all.addAll(clashes);
    return w.withWarnings(all);
  }

  // ---- loading and following other nodes --------------------------------------------------

  /** Loads every workshop with a log, so that meeting-wide warnings see all of them. */
  public Future<Integer> loadAll() {
    return onContext(() -> store.loggedWorkshopIds().compose(ids ->
        Future.all(ids.stream().map(this::slot).toList()).map(v -> ids.size())));
  }

  private Future<WorkshopSlot> slot(String workshopId) {
    Future<WorkshopSlot> existing = slots.get(workshopId);
    if (existing != null && !existing.failed()) return existing;
    Future<WorkshopSlot> loading = load(workshopId);
    slots.put(workshopId, loading);
    return loading;
  }

  private Future<WorkshopSlot> load(String workshopId) {
    return store.loadSnapshot(workshopId).compose(snapshot -> {
      WorkshopSlot slot = new WorkshopSlot(snapshot.orElse(Workshop.absent(workshopId)),
          options.tailSize(), options.commandMemory());
      return catchUp(slot).map(v -> {
        slot.consumer = vertx.eventBus().<JsonObject>consumer(Addresses.workshop(workshopId),
            msg -> onPublished(slot, msg.body()));
        return slot;
      });
    });
  }

  /** Applies events another node (or this one) published; a gap means: read the store. */
  private void onPublished(WorkshopSlot slot, JsonObject body) {
    long seq = body.getLong("seq", 0L);
    if (seq <= slot.state.version()) return; // ours, or already applied
    slot.enqueue(() -> {
      if (seq <= slot.state.version()) return Future.succeededFuture();
      if (seq == slot.state.version() + 1) {
        apply(slot, Event.parse(body.encode()));
        return Future.succeededFuture();
      }
      return catchUp(slot);
    });
  }

  /** Reads and applies every event after the slot's version from the store. */
  private Future<Void> catchUp(WorkshopSlot slot) {
    return store.eventsAfter(slot.state.id(), slot.state.version(), STORE_PAGE).compose(events -> {
      for (Event e : events) {
        if (e.seq() == slot.state.version() + 1) apply(slot, e);
      }
      return events.size() < STORE_PAGE ? Future.succeededFuture() : catchUp(slot);
    });
  }

  private <T> Future<T> onContext(Supplier<Future<T>> task) {
    if (Vertx.currentContext() == context) return task.get();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> task.get().onComplete(promise));
    return promise.future();
  }
}
