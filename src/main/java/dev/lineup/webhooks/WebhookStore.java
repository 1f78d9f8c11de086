package dev.lineup.webhooks;

import dev.lineup.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Webhooks in their own collection, with their durable progress: the cursor moves only after a
 * delivery succeeded (at least once), and only the node holding a webhook's lease, claimed with
 * {@code findOneAndUpdate}, delivers it or moves its cursor (one node at a time, in seq order).
 */
final class WebhookStore {

  static final String WEBHOOKS = "webhooks";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookStore.class);

  private final EventStore store;
  private final MongoClient mongo;

  private WebhookStore(EventStore store) {
    this.store = store;
    this.mongo = store.client();
  }

  /** The index only speeds up listing a workshop's webhooks: a node starts without it. */
  static WebhookStore open(EventStore store) {
    store.guard(store.client().createIndexWithOptions(WEBHOOKS, new JsonObject().put("workshop", 1),
            new IndexOptions().name("workshop")))
        .onFailure(t -> LOG.warn("index of {} not created now: {}", WEBHOOKS, t.toString()));
    return new WebhookStore(store);
  }

  Future<Void> insert(Webhook hook) {
    return store.guard(mongo.insert(WEBHOOKS, hook.toDocument())).mapEmpty();
  }

  Future<List<Webhook>> ofWorkshop(String workshop) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put("createdAt", 1).put("_id", 1));
    return store.guard(mongo.findWithOptions(WEBHOOKS, new JsonObject().put("workshop", workshop), options))
        .map(docs -> docs.stream().map(Webhook::of).toList());
  }

  Future<Long> count(String workshop) {
    return store.guard(mongo.count(WEBHOOKS, new JsonObject().put("workshop", workshop)));
  }

  Future<Optional<Webhook>> get(String id) {
    return store.guard(mongo.findOne(WEBHOOKS, new JsonObject().put("_id", id), null))
        .map(doc -> Optional.ofNullable(doc).map(Webhook::of));
  }

  Future<Boolean> delete(String workshop, String id) {
    return store.guard(mongo.removeDocument(WEBHOOKS, new JsonObject().put("_id", id).put("workshop", workshop)))
        .map(r -> r != null && r.getRemovedCount() > 0);
  }

  /** Every active webhook: what a node may deliver. */
  Future<List<Webhook>> active() {
    return store.guard(mongo.find(WEBHOOKS, new JsonObject().put("state", Webhook.State.ACTIVE.wire())))
        .map(docs -> docs.stream().map(Webhook::of).toList());
  }

  /**
   * Takes (or renews) the lease of an active webhook for {@code node}: granted when the node holds
   * it already or nobody's lease is current. The webhook as it is now, or empty when not granted.
   */
  Future<Optional<Webhook>> claim(String id, String node, long now, long leaseMillis) {
    JsonObject query = new JsonObject().put("_id", id).put("state", Webhook.State.ACTIVE.wire())
        .put("$or", new JsonArray().add(new JsonObject().put("leaseNode", node))
            .add(new JsonObject().put("leaseUntil", new JsonObject().put("$lt", now))));
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("leaseNode", node)
        .put("leaseUntil", now + leaseMillis));
    return store.guard(mongo.findOneAndUpdateWithOptions(WEBHOOKS, query, update, new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true)))
        .map(doc -> Optional.ofNullable(doc).map(Webhook::of));
  }

  /** Moves the cursor forward to {@code seq} (delivered, or passed over by the events filter). */
  Future<Boolean> advance(String id, String node, long seq, boolean delivered) {
    JsonObject set = new JsonObject().put("cursor", seq).put("consecutiveFailures", 0).put("nextAttemptAt", 0L);
    if (delivered) set.put("lastDeliveredAt", Instant.now().toString());
    return updateHeld(id, node, new JsonObject().put("cursor", new JsonObject().put("$lt", seq)), set);
  }

  /** Records a failed attempt; paused, the lease is let go so that a resume anywhere takes effect. */
  Future<Boolean> failed(String id, String node, List<Webhook.DeliveryFailure> failures, int consecutive,
                         long nextAttemptAt, boolean pause) {
    JsonArray recent = new JsonArray();
    failures.forEach(f -> recent.add(f.toJson()));
    JsonObject set = new JsonObject().put("failures", recent).put("consecutiveFailures", consecutive)
        .put("nextAttemptAt", nextAttemptAt);
    if (pause) {
      set.put("state", Webhook.State.PAUSED.wire()).put("pausedAt", Instant.now().toString()).put("leaseUntil", 0L);
    }
    return updateHeld(id, node, new JsonObject(), set);
  }

  /** A paused webhook delivers again, from where it stopped. */
  Future<Optional<Webhook>> resume(String workshop, String id) {
    JsonObject query = new JsonObject().put("_id", id).put("workshop", workshop);
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("state", Webhook.State.ACTIVE.wire())
        .put("consecutiveFailures", 0).put("nextAttemptAt", 0L).putNull("pausedAt"));
    return store.guard(mongo.findOneAndUpdateWithOptions(WEBHOOKS, query, update, new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true)))
        .map(doc -> Optional.ofNullable(doc).map(Webhook::of));
  }

  /** Lets go of every lease {@code node} holds (it is stopping): another node may deliver at once. */
  Future<Void> release(String node) {
    return store.guard(mongo.updateCollectionWithOptions(WEBHOOKS, new JsonObject().put("leaseNode", node),
            new JsonObject().put("$set", new JsonObject().put("leaseUntil", 0L)), new UpdateOptions().setMulti(true)))
        .mapEmpty();
  }

  /** An update that applies only while {@code node} holds the lease; false when it does not any more. */
  private Future<Boolean> updateHeld(String id, String node, JsonObject condition, JsonObject set) {
    JsonObject query = condition.copy().put("_id", id).put("leaseNode", node);
    return store.guard(mongo.updateCollection(WEBHOOKS, query, new JsonObject().put("$set", set)))
        .map(r -> r != null && r.getDocMatched() > 0);
  }
}
