package dev.lineup.workshops;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandHash;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.DocumentRefused;
import dev.lineup.store.Durability;
import dev.lineup.store.DuplicateWrite;
import dev.lineup.store.EventStore;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command pipeline: one queue per workshop puts its commands in one order; each is decided
 * on the current state and what its sender had not seen, bounded in size, appended (the store's
 * unique (workshop, seq) index arbitrates between nodes), applied, made durable, then acknowledged
 * and published. Runs on the pipeline's context; what takes long (a page to read, a large
 * workshop to measure) is decided on a worker while the workshop's queue waits, so that no
 * command holds the context the other workshops share.
 *
 * <p>Commands that arrive while their workshop's last append is out wait in its inbox; the next
 * round decides the plain ones among them one after the other on the state the previous one
 * leaves, and appends them together ({@link AppendBatcher}: one insert for all the workshops'
 * rounds, one sync for what it wrote). The state moves only by what the store took: a command
 * refused there is handled on its own, and those decided after it are decided again.
 */
final class CommandPipeline {

  private static final int MAX_RETRIES = 50;
  /** At most this many commands of a workshop decided in one round. */
  static final int MAX_ROUND = 128;

  private final Vertx vertx;
  private final EventStore store;
  private final Durability durability;
  private final Decider decider;
  private final WorkshopSlots slots;
  private final EventApplier applier;
  private final NodeFollower follower;
  private final StoreWatch storeWatch;
  private final PipelineMetrics metrics;
  private final WorkshopsOptions options;
  private final AppendBatcher batcher;
  private final Map<String, Inbox> inboxes = new HashMap<>();

  CommandPipeline(Vertx vertx, EventStore store, Durability durability, Decider decider,
                  WorkshopSlots slots, EventApplier applier, NodeFollower follower,
                  StoreWatch storeWatch, PipelineMetrics metrics, WorkshopsOptions options) {
    this.vertx = vertx;
    this.store = store;
    this.durability = durability;
    this.decider = decider;
    this.slots = slots;
    this.applier = applier;
    this.follower = follower;
    this.storeWatch = storeWatch;
    this.metrics = metrics;
    this.options = options;
    this.batcher = new AppendBatcher(store, metrics);
  }

  /** A command as sent: by whom, and its hash (what binds its commandId to it). */
  private record Sent(Command command, String by, String hash) {
    String commandId() {
      return command.commandId();
    }
  }

  /**
   * A decided command: its event (the document that stores it, the message that publishes it), the
   * state after it, their sizes (the state's -1 when not measured), and whether it is large.
   */
  private record Decided(Event event, JsonObject document, JsonObject published, Workshop next,
                         long eventBytes, long stateBytes, boolean large) {
  }

  /**
   * An event appended and applied, the message that publishes it, and the sync that makes it
   * durable (not awaited in the queue).
   */
  private record Appended(Event event, JsonObject published, Future<Void> durable, boolean replay) {
    /** A command already in the log: its first result, appending nothing. */
    static Appended replayOf(Event first) {
      return new Appended(first, null, Future.succeededFuture(), true);
    }
  }

  /** A command waiting for its round, and where its outcome goes. */
  private record Waiting(Sent sent, Promise<Appended> outcome) {
  }

  /** A workshop's commands waiting for their round; at most one round queued at a time. */
  private static final class Inbox {
    final Deque<Waiting> commands = new ArrayDeque<>();
    boolean roundQueued;

    List<Waiting> take() {
      List<Waiting> out = new ArrayList<>();
      while (!commands.isEmpty() && out.size() < MAX_ROUND) out.add(commands.removeFirst());
      return out;
    }

    /** Puts commands back first, in their order: they go before those that came since. */
    void putBack(List<Waiting> waiting) {
      for (int i = waiting.size() - 1; i >= 0; i--) commands.addFirst(waiting.get(i));
    }
  }

  /** Decides, persists and publishes one command; the reply waits until the event is durable. */
  Future<CommandResult> submit(String workshopId, Command command, String by) {
    long started = System.nanoTime();
    String type = CommandParser.typeOf(command);
    Future<CommandResult> result = !storeWatch.up()
        ? Future.failedFuture(new StoreUnavailable("the store is unreachable", null))
        : offContextIf(large(command), () -> new Sent(command, by, CommandHash.of(command)))
            .compose(sent -> slots.slot(workshopId)
                .compose(slot -> awaitRound(slot, sent)))
            .compose(this::acknowledge);
    return result.andThen(ar -> metrics.command(type, outcome(ar.cause()), started));
  }

  private Future<Appended> awaitRound(WorkshopSlot slot, Sent sent) {
    Inbox inbox = inboxes.computeIfAbsent(slot.id(), id -> new Inbox());
    Promise<Appended> outcome = Promise.promise();
    inbox.commands.addLast(new Waiting(sent, outcome));
    queueRound(slot, inbox);
    return outcome.future();
  }

  private void queueRound(WorkshopSlot slot, Inbox inbox) {
    if (inbox.roundQueued || inbox.commands.isEmpty()) return;
    inbox.roundQueued = true;
    slot.enqueue(() -> {
      inbox.roundQueued = false;
      List<Waiting> taken = inbox.take();
      try {
        return round(slot, inbox, taken);
      } catch (RuntimeException e) {
        for (Waiting w : taken) w.outcome().tryFail(e);
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * One round of a workshop's queue: a command that needs more than its state (the changes since
   * its sender's version, a revert's history, a worker) goes alone, the full way; else the plain
   * ones from the first on are decided in turn and appended together.
   */
  private Future<Void> round(WorkshopSlot slot, Inbox inbox, List<Waiting> taken) {
    if (taken.isEmpty()) return Future.succeededFuture();
    Waiting first = taken.get(0);
    if (!plain(slot, first.sent(), slot.state(), Set.of(), 0)) {
      putBack(slot, inbox, taken.subList(1, taken.size()));
      return process(slot, first.sent(), 0).andThen(first.outcome()).<Void>mapEmpty().otherwiseEmpty();
    }
    Workshop draft = slot.state();
    List<Waiting> batch = new ArrayList<>();
    List<Decided> decided = new ArrayList<>();
    Set<WorkshopSlot.CommandKey> ids = new HashSet<>();
    long growth = 0;
    int i = 0;
    for (; i < taken.size(); i++) {
      Waiting w = taken.get(i);
      if (!plain(slot, w.sent(), draft, ids, growth)) break;
      Decided d;
      try {
        d = decided(draft, w.sent(), new DecisionContext(w.sent().by(), List.of(), List.of()), false);
      } catch (Exception refused) {
        // Refused on a state the store has not taken yet: decided again next round, on one it has.
        if (!batch.isEmpty()) break;
        // Its own refusal (it may still be a retry of a command accepted long ago); the round goes on.
        afterRefusal(slot, w.sent(), 0, refused).onComplete(w.outcome());
        continue;
      }
      batch.add(w);
      decided.add(d);
      draft = d.next();
      growth += d.eventBytes();
      if (w.sent().commandId() != null) ids.add(new WorkshopSlot.CommandKey(w.sent().by(), w.sent().commandId()));
    }
    putBack(slot, inbox, taken.subList(i, taken.size()));
    if (batch.isEmpty()) return Future.succeededFuture();
    return batcher.append(decided.stream().map(Decided::document).toList())
        .transform(ar -> afterAppend(slot, inbox, batch, decided, ar));
  }

  /**
   * The commands the store took are applied in order, and made durable by one sync; the first it
   * refused is looked at on its own (in this round), and those decided after it go again.
   */
  private Future<Void> afterAppend(WorkshopSlot slot, Inbox inbox, List<Waiting> batch, List<Decided> decided,
                                   AsyncResult<EventStore.AppendResult> ar) {
    if (ar.failed()) {
      for (Waiting w : batch) w.outcome().fail(ar.cause());
      return Future.succeededFuture();
    }
    int inserted = ar.result().inserted();
    Future<Void> durable = inserted > 0 ? durability.sync() : null;
    for (int j = 0; j < inserted; j++) {
      Decided d = decided.get(j);
      applier.apply(slot, d.event(), d.next(), d.document().getString(EventStore.COMMAND_HASH), d.eventBytes());
      batch.get(j).outcome().complete(new Appended(d.event(), d.published(), durable, false));
    }
    if (inserted == batch.size()) return Future.succeededFuture();
    putBack(slot, inbox, batch.subList(inserted + 1, batch.size()));
    Waiting refused = batch.get(inserted);
    return afterRefusal(slot, refused.sent(), 0, ar.result().refusal())
        .andThen(refused.outcome()).<Void>mapEmpty().otherwiseEmpty();
  }

  private void putBack(WorkshopSlot slot, Inbox inbox, List<Waiting> waiting) {
    if (waiting.isEmpty()) return;
    inbox.putBack(waiting);
    queueRound(slot, inbox);
  }

  /**
   * A command decided on its workshop's state alone, on this context: no whole workshop in it, no
   * revert, nothing its sender had not seen, no commandId seen lately or twice in the round, and
   * the state far enough below its size bound not to be measured.
   */
  private boolean plain(WorkshopSlot slot, Sent sent, Workshop draft, Set<WorkshopSlot.CommandKey> ids, long growth) {
    Command command = sent.command();
    if (large(command) || command instanceof Command.RevertChange) return false;
    Long expected = command.expectedVersion();
    if (expected != null && expected < draft.version()) return false;
    if (sent.commandId() != null && (slot.seenCommand(sent.by(), sent.commandId()).isPresent()
        || ids.contains(new WorkshopSlot.CommandKey(sent.by(), sent.commandId())))) {
      return false;
    }
    return slot.stateKnownBelow(options.maxSnapshotBytes() / 2 - growth);
  }

  /** Commands that carry a whole workshop (a page to read, many talks to check). */
  private static boolean large(Command command) {
    return command instanceof Command.ImportWorkshop || command instanceof Command.CreateWorkshop;
  }

  /**
   * One attempt at a command: a retry seen recently gets its first result; otherwise it is
   * decided and appended, and a refusal is looked at again (it may be a retry seen long ago, or
   * have lost its seq to another node).
   */
  private Future<Appended> process(WorkshopSlot slot, Sent sent, int attempt) {
    Optional<WorkshopSlot.Seen> seen = sent.commandId() == null ? Optional.empty()
        : slot.seenCommand(sent.by(), sent.commandId());
    if (seen.isPresent()) return recentResult(slot, sent, seen.get());
    return decisionContext(slot, sent)
        .compose(context -> decide(slot, sent, context))
        .compose(decided -> append(slot, decided))
        .recover(failure -> afterRefusal(slot, sent, attempt, failure));
  }

  /** The sender's commandId was accepted recently: the same command gets its first result. */
  private Future<Appended> recentResult(WorkshopSlot slot, Sent sent, WorkshopSlot.Seen seen) {
    if (seen.commandHash() == null) {
      return earlierResult(slot, sent, new IllegalStateException("event of " + sent.commandId() + " not in the store"));
    }
    if (!seen.commandHash().equals(sent.hash())) return Future.failedFuture(reused(sent));
    return slots.eventsAfter(slot, seen.seq() - 1, 1).map(first -> Appended.replayOf(first.get(0)));
  }

  /** What the decision needs besides the state: the changes since the sender's version, a revert's history. */
  private Future<DecisionContext> decisionContext(WorkshopSlot slot, Sent sent) {
    Long expected = sent.command().expectedVersion();
    Future<List<Event>> since = expected != null && expected < slot.version()
        ? slots.eventsAfter(slot, expected, Integer.MAX_VALUE)
        : Future.succeededFuture(List.of());
    Future<List<Event>> history = revertHistory(slot, sent.command());
    return Future.all(since, history).map(v -> new DecisionContext(sent.by(), since.result(), history.result()));
  }

  /** A revert is decided on the log from the change it reverts on (to see later changes). */
  private Future<List<Event>> revertHistory(WorkshopSlot slot, Command command) {
    if (!(command instanceof Command.RevertChange revert) || revert.seq() == null || revert.seq() < 1) {
      return Future.succeededFuture(List.of());
    }
    return slots.eventsAfter(slot, revert.seq() - 1, Integer.MAX_VALUE);
  }

  /**
   * The next event and state, or the decider's rejection. On a worker when the command is large
   * or the workshop may be near its size bound (then the new state is measured exactly); the
   * workshop's queue waits meanwhile, so its state does not change under the decision.
   */
  private Future<Decided> decide(WorkshopSlot slot, Sent sent, DecisionContext context) {
    Workshop state = slot.state();
    boolean measure = large(sent.command()) || !slot.stateKnownBelow(options.maxSnapshotBytes() / 2);
    return offContextIf(measure, () -> decided(state, sent, context, measure));
  }

  private Decided decided(Workshop state, Sent sent, DecisionContext context, boolean measure)
      throws Exception {
    EventData data = decider.decide(sent.command(), state, context);
    String commandId = sent.commandId() != null ? sent.commandId() : UUID.randomUUID().toString();
    Event event = new Event(state.id(), state.version() + 1, sent.by(), Instant.now().toString(), commandId, data);
    long eventBytes = Json.MAPPER.writeValueAsBytes(event).length;
    if (eventBytes > options.maxEventBytes()) {
      throw tooLarge("this change would be an event of " + eventBytes + " bytes", "max_event_bytes",
          options.maxEventBytes());
    }
    Workshop next = decider.evolve(state, event);
    long stateBytes = -1;
    if (measure) {
      stateBytes = Json.MAPPER.writeValueAsBytes(next).length;
      if (stateBytes > options.maxSnapshotBytes()) {
        throw tooLarge("this change would make workshop " + state.id() + " " + stateBytes + " bytes",
            "max_snapshot_bytes", options.maxSnapshotBytes());
      }
    }
    return new Decided(event, EventStore.eventDocument(event, sent.hash()), new JsonObject(event.toMap()), next,
        eventBytes, stateBytes, measure);
  }

  private static Rejection tooLarge(String what, String bound, long limit) {
    return new Rejection(Failure.TOO_LARGE, what + ", above the bound " + bound + " (" + limit + " bytes); nothing was changed");
  }

  /**
   * Appends one command's event with the others of the node; a large document goes on its own,
   * handed to the store client from a worker, where it is encoded.
   */
  private Future<Appended> append(WorkshopSlot slot, Decided decided) {
    Future<Void> appended = decided.large()
        ? vertx.executeBlocking(() -> store.append(decided.document()), false).compose(appending -> appending)
        : batcher.append(List.of(decided.document())).compose(r -> r.inserted() == 1
            ? Future.succeededFuture() : Future.failedFuture(r.refusal()));
    return appended
        .map(v -> {
          applier.apply(slot, decided.event(), decided.next(),
              decided.document().getString(EventStore.COMMAND_HASH), decided.eventBytes());
          if (decided.stateBytes() >= 0) slot.measured(decided.stateBytes());
          return new Appended(decided.event(), decided.published(), durability.sync(), false);
        });
  }

  private Future<Appended> afterRefusal(WorkshopSlot slot, Sent sent, int attempt, Throwable failure) {
    // A refused command may be a retry of one accepted long ago: then its first result stands.
    if (failure instanceof Rejection) return earlierResult(slot, sent, failure);
    if (!(failure instanceof DuplicateWrite duplicate)) return Future.failedFuture(failure);
    return switch (duplicate.kind()) {
      case COMMAND_SEEN -> earlierResult(slot, sent, failure);
      case SEQ_TAKEN -> retryOnNextSeq(slot, sent, attempt);
    };
  }

  /**
   * The first result of the sender's commandId in the log when it was this same command (a
   * refusal when it was another one), else {@code failure}.
   */
  private Future<Appended> earlierResult(WorkshopSlot slot, Sent sent, Throwable failure) {
    if (sent.commandId() == null) return Future.failedFuture(failure);
    return store.eventByCommand(slot.id(), sent.by(), sent.commandId()).compose(found -> found
        // Events of before commandIds were bound to their command carry no hash: taken as the same.
        .map(stored -> stored.commandHash() == null || stored.commandHash().equals(sent.hash())
            ? Future.succeededFuture(Appended.replayOf(stored.event()))
            : Future.<Appended>failedFuture(reused(sent)))
        .orElseGet(() -> Future.failedFuture(failure)));
  }

  private static Rejection reused(Sent sent) {
    String message = "commandId already used for a different command";
    return new Rejection(Failure.UNPROCESSABLE, "commandId " + sent.commandId() + " already used for a different command",
        List.of(new FieldError("commandId", message)), List.of());
  }

  /**
   * Another node took this seq: learn its events, then decide again on top of them, after a short
   * random pause so that two busy nodes do not keep colliding.
   */
  private Future<Appended> retryOnNextSeq(WorkshopSlot slot, Sent sent, int attempt) {
    if (attempt >= MAX_RETRIES) {
      return Future.failedFuture(new Rejection(Failure.UNAVAILABLE,
          "workshop " + slot.id() + " is too busy: gave up after " + attempt + " retries"));
    }
    metrics.seqRetry();
    long pause = 1 + ThreadLocalRandom.current().nextLong(Math.min(64, 2L << Math.min(attempt, 5)));
    return vertx.timer(pause)
        .compose(v -> follower.catchUp(slot))
        .compose(v -> process(slot, sent, attempt + 1));
  }

  private Future<CommandResult> acknowledge(Appended appended) {
    if (appended.replay()) return Future.succeededFuture(CommandResult.of(appended.event()));
    return appended.durable().map(v -> {
      metrics.published();
      vertx.eventBus().publish(Addresses.workshop(appended.event().workshop()), appended.published());
      return CommandResult.of(appended.event());
    });
  }

  /** Runs {@code work} on a worker when {@code elsewhere}, here otherwise; its exception is the failure. */
  private <T> Future<T> offContextIf(boolean elsewhere, Callable<T> work) {
    if (elsewhere) return vertx.executeBlocking(work, false);
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private String outcome(Throwable failure) {
    if (failure == null) return "accepted";
    if (failure instanceof Rejection r) return r.failure().name().toLowerCase();
    if (failure instanceof DocumentRefused) {
      metrics.storeError();
      return "refused";
    }
    if (failure instanceof StoreUnavailable) {
      metrics.storeError();
      storeWatch.suspect();
      return "unavailable";
    }
    return "error";
  }
}
