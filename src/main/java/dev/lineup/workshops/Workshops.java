package dev.lineup.workshops;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.Durability;
import dev.lineup.store.EventStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.function.Supplier;

/**
 * The workshops of this node, as the rest of Lineup sees them: the door to the command pipeline
 * and to the read side. Its parts are confined to one Vert.x context; every method hops onto it.
 */
public final class Workshops {

  private final Context context;
  private final EventStore store;
  private final Decider decider;
  private final WorkshopsOptions options;
  private final WorkshopSlots slots;
  private final StoreWatch storeWatch;
  private final CommandPipeline pipeline;
  private final WorkshopReads reads;

  public Workshops(Vertx vertx, Context context, EventStore store, Durability durability,
                   Decider decider, WorkshopsOptions options) {
    this.context = context;
    this.store = store;
    this.decider = decider;
    this.options = options;
    PipelineMetrics metrics = PipelineMetrics.create();
    EventApplier applier = new EventApplier(decider, new SnapshotWriter(vertx, store), options.historyEvery());
    NodeFollower follower = new NodeFollower(vertx, store, applier);
    this.slots = new WorkshopSlots(store, follower, options);
    this.storeWatch = new StoreWatch(vertx, store, slots::ids);
    this.pipeline = new CommandPipeline(vertx, store, durability, decider, slots, applier, follower,
        storeWatch, metrics, options);
    this.reads = new WorkshopReads(slots, store, applier, metrics);
  }

  /** Starts watching the store (on the pipeline's context). */
  public void watchStore(long periodMillis) {
    context.runOnContext(v -> storeWatch.start(periodMillis));
  }

  /** The context the pipeline and the read side run on (for a probe of how long it is held). */
  public Context context() {
    return context;
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

  /** True while the store cannot be reached: changes are paused (commands get 503). Any thread. */
  public boolean changesPaused() {
    return !storeWatch.up();
  }

  /** Decides, persists and publishes one command; the reply waits until the event is durable. */
  public Future<CommandResult> submit(String workshopId, Command command, String by) {
    return onContext(() -> pipeline.submit(workshopId, command, by));
  }

  /** The current state, with the meeting's cross-workshop warnings; NOT_FOUND when absent. */
  public Future<Workshop> get(String workshopId) {
    return onContext(() -> reads.get(workshopId));
  }

  /** The current state, existing or not (then {@link Workshop#exists()} is false). */
  public Future<Workshop> current(String workshopId) {
    return onContext(() -> reads.current(workshopId));
  }

  /** Existing workshops, of one category when given, ordered by date then id. */
  public Future<List<Workshop>> list(String category) {
    return onContext(() -> reads.list(category));
  }

  /** The log after {@code after}: from memory when the tail covers it, else from the store. */
  public Future<List<Event>> eventsAfter(String workshopId, long after, int limit) {
    return onContext(() -> reads.eventsAfter(workshopId, after, limit));
  }

  /** Ids of the workshops this node holds in memory, sorted. */
  public Future<List<String>> heldIds() {
    return onContext(() -> Future.succeededFuture(slots.loadedIds()));
  }

  /** Loads every workshop with a log, so that meeting-wide warnings see all of them. */
  public Future<Integer> loadAll() {
    return onContext(slots::loadAll);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> task) {
    if (Vertx.currentContext() == context) return task.get();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> task.get().onComplete(promise));
    return promise.future();
  }
}
