package dev.lineup.store;

import dev.lineup.schedule.Event;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Workshop;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The event log and the snapshots, in MongoDB (real or embedded), through vertx-mongo-client.
 * Queries are built from typed values only, never from client JSON.
 */
public final class EventStore {

  static final String EVENTS = "events";
  private static final long STARTUP_TIMEOUT_MILLIS = 30_000;
  static final String WORKSHOPS = "workshops";
  /** Kept snapshots of past versions {workshop, version, state}, for time travel. */
  static final String SNAPSHOTS = "snapshots";
  /** Named versions of workshops; written by {@code dev.lineup.history.ReleaseStore}. */
  public static final String RELEASES = "releases";
  private static final String SEQ_INDEX = "workshop_seq";
  /** A commandId is its sender's: unique per workshop and sender (see {@link #LEGACY_COMMAND_INDEX}). */
  private static final String COMMAND_INDEX = "workshop_by_commandId";
  /** Before commandIds belonged to their sender: unique per workshop; dropped at start. */
  static final String LEGACY_COMMAND_INDEX = "workshop_commandId";
  /** The stored event's binding to its command ({@code CommandHash}); never sent to clients. */
  public static final String COMMAND_HASH = "commandHash";

  private final MongoClient mongo;
  private final long timeoutMillis;

  private EventStore(MongoClient mongo, long timeoutMillis) {
    this.mongo = mongo;
    this.timeoutMillis = timeoutMillis;
  }

  /** Opens the store and makes sure its unique indexes exist: they arbitrate concurrent writers. */
  public static Future<EventStore> open(MongoClient mongo, long timeoutMillis) {
    EventStore store = new EventStore(mongo, timeoutMillis);
    // Start-up may meet a store that is still starting or a busy machine: a longer deadline here
    // than for commands, which must answer within the store timeout.
    EventStore patient = new EventStore(mongo, Math.max(timeoutMillis, STARTUP_TIMEOUT_MILLIS));
    // The events' indexes one after the other (the legacy one goes before its successor comes),
    // the other collections' beside them: start-up waits for the longest, not for the sum.
    Future<Void> events = patient.guard(mongo.createIndexWithOptions(EVENTS,
            new JsonObject().put("workshop", 1).put("seq", 1),
            new IndexOptions().name(SEQ_INDEX).unique(true)))
        .compose(v -> patient.dropLegacyCommandIndex())
        .compose(v -> patient.guard(mongo.createIndexWithOptions(EVENTS,
            new JsonObject().put("workshop", 1).put("by", 1).put("commandId", 1),
            new IndexOptions().name(COMMAND_INDEX).unique(true))));
    Future<Void> workshops = patient.guard(mongo.createIndexWithOptions(WORKSHOPS,
        new JsonObject().put("categories", 1), new IndexOptions().name("categories")));
    Future<Void> snapshots = patient.guard(mongo.createIndexWithOptions(SNAPSHOTS,
        new JsonObject().put("workshop", 1).put("version", 1),
        new IndexOptions().name("workshop_version").unique(true)));
    Future<Void> releases = patient.guard(mongo.createIndexWithOptions(RELEASES,
        new JsonObject().put("workshop", 1).put("name", 1),
        new IndexOptions().name("workshop_name").unique(true)));
    return Future.all(events, workshops, snapshots, releases).map(store);
  }

  /**
   * The unique (workshop, commandId) index of before would refuse one sender's commandId because
   * another sender used it: it goes (on a real MongoDB and on the embedded store alike).
   */
  private Future<Void> dropLegacyCommandIndex() {
    return guard(mongo.listIndexes(EVENTS)).compose(indexes -> {
      boolean legacy = indexes.stream().anyMatch(i -> i instanceof JsonObject index
          && LEGACY_COMMAND_INDEX.equals(index.getString("name")));
      return legacy ? guard(mongo.dropIndex(EVENTS, LEGACY_COMMAND_INDEX)) : Future.<Void>succeededFuture();
    });
  }

  public MongoClient client() {
    return mongo;
  }

  /** An event as stored: as clients get it, plus the hash of the command that made it. */
  public static JsonObject eventDocument(Event event, String commandHash) {
    JsonObject doc = new JsonObject(event.toMap());
    if (commandHash != null) doc.put(COMMAND_HASH, commandHash);
    return doc;
  }

  /** Appends one event document; fails with {@link DuplicateWrite} when its seq or commandId is taken. */
  public Future<Void> append(JsonObject eventDocument) {
    return guard(mongo.insert(EVENTS, eventDocument)).<Void>mapEmpty().recover(this::duplicate);
  }

  /**
   * What an ordered append of several documents did: the first {@code inserted} went in, in order;
   * when fewer than all, {@code refusal} says why the next one did not ({@link DuplicateWrite} or
   * {@link DocumentRefused}), and none after it was tried.
   */
  public record AppendResult(int inserted, Throwable refusal) {
  }

  /**
   * Appends the documents in order, in one round trip (an ordered insert: the store stops at the
   * first one a unique index refuses). Fails as a whole only when the store could not be reached
   * (then which went in is not known, as for {@link #append(JsonObject)}).
   */
  public Future<AppendResult> appendAll(List<JsonObject> documents) {
    if (documents.size() == 1) {
      return append(documents.get(0)).map(v -> new AppendResult(1, null)).recover(t -> refusalOf(t, 0));
    }
    List<BulkOperation> inserts = documents.stream().map(BulkOperation::createInsert).toList();
    return guard(mongo.bulkWriteWithOptions(EVENTS, inserts, new BulkWriteOptions().setOrdered(true)))
        .map(result -> new AppendResult(documents.size(), null))
        .recover(t -> {
          Optional<MongoBulkWriteException> bulk = bulkFailure(t);
          if (bulk.isPresent() && !bulk.get().getWriteErrors().isEmpty()) {
            BulkWriteError first = bulk.get().getWriteErrors().get(0);
            Throwable why = ErrorCategory.fromErrorCode(first.getCode()) == ErrorCategory.DUPLICATE_KEY
                ? duplicateWrite(first.getMessage())
                : new DocumentRefused("the store refused the document: " + first.getMessage(), false, t);
            return Future.succeededFuture(new AppendResult(first.getIndex(), why));
          }
          // Refused before it was sent (too large to encode): one at a time finds which, and what went in.
          return t instanceof DocumentRefused ? appendEach(documents, 0) : Future.failedFuture(t);
        });
  }

  private Future<AppendResult> appendEach(List<JsonObject> documents, int from) {
    if (from == documents.size()) return Future.succeededFuture(new AppendResult(from, null));
    return append(documents.get(from)).compose(v -> appendEach(documents, from + 1), t -> refusalOf(t, from));
  }

  /** A refusal of the document at {@code index} is that document's; any other failure, the call's. */
  private static Future<AppendResult> refusalOf(Throwable t, int index) {
    return t instanceof DuplicateWrite || t instanceof DocumentRefused
        ? Future.succeededFuture(new AppendResult(index, t)) : Future.failedFuture(t);
  }

  private static Optional<MongoBulkWriteException> bulkFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MongoBulkWriteException e) return Optional.of(e);
    }
    return Optional.empty();
  }

  public Future<Void> append(Event event) {
    return append(eventDocument(event, null));
  }

  private Future<Void> duplicate(Throwable t) {
    return Future.failedFuture(DuplicateKey.of(t).<Throwable>map(e -> duplicateWrite(e.getMessage())).orElse(t));
  }

  /** Which unique index refused: the commandId's (a retry) or the seq's (another writer was first). */
  private static DuplicateWrite duplicateWrite(String why) {
    String message = String.valueOf(why);
    DuplicateWrite.Kind kind = message.contains(COMMAND_INDEX) || message.contains("commandId")
        ? DuplicateWrite.Kind.COMMAND_SEEN : DuplicateWrite.Kind.SEQ_TAKEN;
    return new DuplicateWrite(kind, message);
  }

  /** Events of a workshop with seq &gt; {@code after}, in seq order, at most {@code limit}. */
  public Future<List<Event>> eventsAfter(String workshop, long after, int limit) {
    JsonObject query = new JsonObject().put("workshop", workshop)
        .put("seq", new JsonObject().put("$gt", after));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("seq", 1)).setLimit(limit)
        .setFields(new JsonObject().put("_id", 0).put(COMMAND_HASH, 0));
    return guard(mongo.findWithOptions(EVENTS, query, options))
        .map(docs -> docs.stream().map(d -> Event.parse(d.encode())).toList());
  }

  /** An event in the log and the hash of the command that made it (null for events of before). */
  public record Stored(Event event, String commandHash) {
  }

  /** The event a sender's commandId made in a workshop. */
  public Future<Optional<Stored>> eventByCommand(String workshop, String by, String commandId) {
    JsonObject query = new JsonObject().put("workshop", workshop).put("by", by).put("commandId", commandId);
    return guard(mongo.findOne(EVENTS, query, new JsonObject().put("_id", 0)))
        .map(doc -> Optional.ofNullable(doc).map(d -> {
          String hash = (String) d.remove(COMMAND_HASH);
          return new Stored(Event.parse(d.encode()), hash);
        }));
  }

  /** The highest seq in a workshop's log, 0 when it has none. */
  public Future<Long> lastSeq(String workshop) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(1)
        .setFields(new JsonObject().put("seq", 1));
    return guard(mongo.findWithOptions(EVENTS, new JsonObject().put("workshop", workshop), options))
        .map(docs -> docs.isEmpty() ? 0L : docs.get(0).getLong("seq"));
  }

  /** The snapshot document of a state: costly for a large one (build it off the event loop). */
  public static JsonObject snapshotDocument(Workshop workshop) {
    return new JsonObject(Json.toMap(workshop)).put("_id", workshop.id()).put("deleted", !workshop.exists());
  }

  /** Writes a snapshot unless a newer one is already there (another node may be ahead). */
  public Future<Void> saveSnapshot(Workshop workshop) {
    return saveSnapshot(snapshotDocument(workshop));
  }

  /** As {@link #saveSnapshot(Workshop)}, for a document made by {@link #snapshotDocument}. */
  public Future<Void> saveSnapshot(JsonObject doc) {
    JsonObject query = new JsonObject().put("_id", doc.getString("_id"))
        .put("version", new JsonObject().put("$lt", doc.getLong("version")));
    // A newer snapshot (same _id, higher version) makes the upsert collide: nothing to do.
    return DuplicateKey.alreadyThere(guard(mongo.replaceDocumentsWithOptions(WORKSHOPS, query, doc,
        new UpdateOptions().setUpsert(true))));
  }

  public Future<Optional<Workshop>> loadSnapshot(String id) {
    return guard(mongo.findOne(WORKSHOPS, new JsonObject().put("_id", id), null))
        .map(doc -> Optional.ofNullable(doc).map(EventStore::toWorkshop));
  }

  /** The document that keeps one version of a workshop for good. */
  public static JsonObject versionSnapshotDocument(Workshop workshop) {
    return new JsonObject().put("workshop", workshop.id()).put("version", workshop.version())
        .put("state", new JsonObject(Json.toMap(workshop)));
  }

  /** Keeps the state of one version for good; every node may write it, the first one stays. */
  public Future<Void> saveVersionSnapshot(Workshop workshop) {
    return saveVersionSnapshot(versionSnapshotDocument(workshop));
  }

  public Future<Void> saveVersionSnapshot(JsonObject doc) {
    return DuplicateKey.alreadyThere(guard(mongo.insert(SNAPSHOTS, doc)));
  }

  /** The kept snapshot with the highest version not above {@code version}. */
  public Future<Optional<Workshop>> versionSnapshotAtOrBelow(String workshop, long version) {
    JsonObject query = new JsonObject().put("workshop", workshop)
        .put("version", new JsonObject().put("$lte", version));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("version", -1)).setLimit(1)
        .setFields(new JsonObject().put("_id", 0).put("state", 1));
    return guard(mongo.findWithOptions(SNAPSHOTS, query, options))
        .map(docs -> docs.stream().findFirst()
            .map(d -> Json.parse(d.getJsonObject("state").encode(), Workshop.class)));
  }

  /** Ids of the existing workshops, of one category when given. */
  public Future<List<String>> workshopIds(String category) {
    JsonObject query = new JsonObject().put("deleted", false);
    if (category != null) query.put("categories", category);
    FindOptions options = new FindOptions().setFields(new JsonObject().put("_id", 1))
        .setSort(new JsonObject().put("_id", 1));
    return guard(mongo.findWithOptions(WORKSHOPS, query, options))
        .map(docs -> docs.stream().map(d -> d.getString("_id")).toList());
  }

  /** Ids of every workshop that has a log, snapshot or not (a crash may precede the snapshot). */
  public Future<List<String>> loggedWorkshopIds() {
    return guard(mongo.distinct(EVENTS, "workshop", String.class.getName()))
        .map(arr -> arr.stream().map(String::valueOf).sorted().toList());
  }

  public Future<Void> ping() {
    return guard(mongo.runCommand("ping", new JsonObject().put("ping", 1))).mapEmpty();
  }

  private static Workshop toWorkshop(JsonObject doc) {
    JsonObject state = doc.copy();
    state.remove("_id");
    state.remove("deleted");
    return Json.parse(state.encode(), Workshop.class);
  }

  /**
   * Every store call fails within the timeout instead of hanging when the store is gone. A failure
   * of the connection is {@link StoreUnavailable} (changes pause until the store is back); one that
   * belongs to the document written is {@link DocumentRefused} (that write's failure alone).
   */
  public <T> Future<T> guard(Future<T> call) {
    return call.timeout(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(t -> Future.failedFuture(StoreFailures.classified(t)));
  }
}
