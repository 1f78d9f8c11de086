package dev.lineup.history;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.store.DuplicateKey;
import dev.lineup.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;

import java.util.List;
import java.util.Optional;

/** Releases in their own collection; its unique (workshop, name) index refuses a second "v2". */
public final class ReleaseStore {

  private static final int MAX_RELEASES = 1_000;

  private final EventStore store;

  public ReleaseStore(EventStore store) {
    this.store = store;
  }

  /** Stores a release; CONFLICT when the workshop already has one of that name. */
  public Future<Release> create(String workshop, Release release) {
    JsonObject doc = new JsonObject().put("workshop", workshop).put("name", release.name())
        .put("note", release.note()).put("version", release.version()).put("by", release.by())
        .put("at", release.at());
    return store.guard(store.client().insert(EventStore.RELEASES, doc)).map(id -> release)
        .recover(t -> Future.failedFuture(DuplicateKey.is(t)
            ? new Rejection(Failure.CONFLICT, "workshop " + workshop + " already has a release named "
                + release.name())
            : t));
  }

  /** The releases of a workshop, oldest version first. */
  public Future<List<Release>> list(String workshop) {
    FindOptions options = new FindOptions().setFields(new JsonObject().put("_id", 0))
        .setSort(new JsonObject().put("version", 1).put("at", 1)).setLimit(MAX_RELEASES);
    return store.guard(store.client().findWithOptions(EventStore.RELEASES,
            new JsonObject().put("workshop", workshop), options))
        .map(docs -> docs.stream().map(ReleaseStore::toRelease).toList());
  }

  public Future<Optional<Release>> find(String workshop, String name) {
    JsonObject query = new JsonObject().put("workshop", workshop).put("name", name);
    return store.guard(store.client().findOne(EventStore.RELEASES, query, new JsonObject().put("_id", 0)))
        .map(doc -> Optional.ofNullable(doc).map(ReleaseStore::toRelease));
  }

  private static Release toRelease(JsonObject doc) {
    return new Release(doc.getString("name"), doc.getString("note"), doc.getLong("version"),
        doc.getString("by"), doc.getString("at"));
  }
}
