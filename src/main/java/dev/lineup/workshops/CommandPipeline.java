package dev.lineup.workshops;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.store.Durability;
import dev.lineup.store.DuplicateWrite;
import dev.lineup.store.EventStore;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command pipeline: one queue per workshop puts its commands in one order; each is decided
 * on the current state and what its sender had not seen, appended (the store's unique
 * (workshop, seq) index arbitrates between nodes), applied, made durable, then acknowledged and
 * published. Runs on the pipeline's context.
 */
final class CommandPipeline {

  private static final int MAX_RETRIES = 50;

  private final Vertx vertx;
  private final EventStore store;
  private final Durability durability;
  private final Decider decider;
  private final WorkshopSlots slots;
  private final EventApplier applier;
  private final NodeFollower follower;
  private final StoreWatch storeWatch;
  private final PipelineMetrics metrics;

  CommandPipeline(Vertx vertx, EventStore store, Durability durability, Decider decider,
                  WorkshopSlots slots, EventApplier applier, NodeFollower follower,
                  StoreWatch storeWatch, PipelineMetrics metrics) {
    this.vertx = vertx;
    this.store = store;
    this.durability = durability;
    this.decider = decider;
    this.slots = slots;
    this.applier = applier;
    this.follower = follower;
    this.storeWatch = storeWatch;
    this.metrics = metrics;
  }

  /** Decides, persists and publishes one command; the reply waits until the event is durable. */
  Future<CommandResult> submit(String workshopId, Command command, String by) {
    long started = System.nanoTime();
    String type = CommandParser.typeOf(command);
    Future<CommandResult> result = !storeWatch.up()
        ? Future.failedFuture(new StoreUnavailable("the store is unreachable", null))
        : slots.slot(workshopId)
            .compose(slot -> slot.enqueue(() -> process(slot, command, by, 0)))
            .compose(this::acknowledge);
    return result.andThen(ar -> metrics.command(type, outcome(ar.cause()), started));
  }

  /** An event appended and applied, and the sync that makes it durable (not awaited in the queue). */
  private record Appended(Event event, Future<Void> durable, boolean replay) {
    /** A command already in the log: its first result, appending nothing. */
    static Appended replayOf(Event first) {
      return new Appended(first, Future.succeededFuture(), true);
    }
  }

  /**
   * One attempt at a command: a retry seen recently gets its first result; otherwise it is
   * decided and appended, and a refusal is looked at again (it may be a retry seen long ago, or
   * have lost its seq to another node).
   */
  private Future<Appended> process(WorkshopSlot slot, Command command, String by, int attempt) {
    Optional<Long> seen = command.commandId() == null ? Optional.empty() : slot.seenCommand(command.commandId());
    if (seen.isPresent()) return replayOfSeq(slot, seen.get());
    return decisionContext(slot, command, by)
        .compose(context -> decide(slot, command, context))
        .compose(event -> append(slot, event))
        .recover(failure -> afterRefusal(slot, command, by, attempt, failure));
  }

  private Future<Appended> replayOfSeq(WorkshopSlot slot, long seq) {
    return slots.eventsAfter(slot, seq - 1, 1).map(first -> Appended.replayOf(first.get(0)));
  }

  /** What the decision needs besides the state: the changes since the sender's version, a revert's history. */
  private Future<DecisionContext> decisionContext(WorkshopSlot slot, Command command, String by) {
    Long expected = command.expectedVersion();
    Future<List<Event>> since = expected != null && expected < slot.version()
        ? slots.eventsAfter(slot, expected, Integer.MAX_VALUE)
        : Future.succeededFuture(List.of());
    Future<List<Event>> history = revertHistory(slot, command);
    return Future.all(since, history).map(v -> new DecisionContext(by, since.result(), history.result()));
  }

  /** A revert is decided on the log from the change it reverts on (to see later changes). */
  private Future<List<Event>> revertHistory(WorkshopSlot slot, Command command) {
    if (!(command instanceof Command.RevertChange revert) || revert.seq() == null || revert.seq() < 1) {
      return Future.succeededFuture(List.of());
    }
    return slots.eventsAfter(slot, revert.seq() - 1, Integer.MAX_VALUE);
  }

  /** The next event of the workshop, or the decider's rejection. */
  private Future<Event> decide(WorkshopSlot slot, Command command, DecisionContext context) {
    EventData data;
    try {
      data = decider.decide(command, slot.state(), context);
    } catch (Rejection r) {
      return Future.failedFuture(r);
    }
    String commandId = command.commandId() != null ? command.commandId() : UUID.randomUUID().toString();
    return Future.succeededFuture(new Event(slot.id(), slot.version() + 1, context.sender(),
        Instant.now().toString(), commandId, data));
  }

  private Future<Appended> append(WorkshopSlot slot, Event event) {
    return store.append(event).map(v -> {
      applier.apply(slot, event);
      return new Appended(event, durability.sync(), false);
    });
  }

  private Future<Appended> afterRefusal(WorkshopSlot slot, Command command, String by, int attempt,
                                        Throwable failure) {
    // A refused command may be a retry of one accepted long ago: then its first result stands.
    if (failure instanceof Rejection) return earlierResult(slot, command, failure);
    if (!(failure instanceof DuplicateWrite duplicate)) return Future.failedFuture(failure);
    return switch (duplicate.kind()) {
      case COMMAND_SEEN -> earlierResult(slot, command, failure);
      case SEQ_TAKEN -> retryOnNextSeq(slot, command, by, attempt);
    };
  }

  /** The first result of this command's commandId in the log, else {@code failure}. */
  private Future<Appended> earlierResult(WorkshopSlot slot, Command command, Throwable failure) {
    if (command.commandId() == null) return Future.failedFuture(failure);
    return store.eventByCommandId(slot.id(), command.commandId()).compose(first -> first
        .map(e -> Future.succeededFuture(Appended.replayOf(e)))
        .orElseGet(() -> Future.failedFuture(failure)));
  }

  /**
   * Another node took this seq: learn its events, then decide again on top of them, after a short
   * random pause so that two busy nodes do not keep colliding.
   */
  private Future<Appended> retryOnNextSeq(WorkshopSlot slot, Command command, String by, int attempt) {
    if (attempt >= MAX_RETRIES) {
      return Future.failedFuture(new Rejection(Failure.UNAVAILABLE,
          "workshop " + slot.id() + " is too busy: gave up after " + attempt + " retries"));
    }
    metrics.seqRetry();
    long pause = 1 + ThreadLocalRandom.current().nextLong(Math.min(64, 2L << Math.min(attempt, 5)));
    return vertx.timer(pause)
        .compose(v -> follower.catchUp(slot))
        .compose(v -> process(slot, command, by, attempt + 1));
  }

  private Future<CommandResult> acknowledge(Appended appended) {
    if (appended.replay()) return Future.succeededFuture(CommandResult.of(appended.event()));
    return appended.durable().map(v -> {
      publish(appended.event());
      return CommandResult.of(appended.event());
    });
  }

  private void publish(Event event) {
    metrics.published();
    vertx.eventBus().publish(Addresses.workshop(event.workshop()), new JsonObject(event.toMap()));
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
}
