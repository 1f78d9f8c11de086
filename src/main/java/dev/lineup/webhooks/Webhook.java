package dev.lineup.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered webhook as the store holds it: where it delivers, which event types, its secret,
 * and its durable progress: {@code cursor} (the seq of the last event delivered or passed over),
 * consecutive failures, when the next attempt is due, the recent failures, and the lease of the
 * node delivering it.
 *
 * @param events the event types delivered; null = all
 */
public record Webhook(String id, String workshop, String url, List<String> events, String secret,
                      State state, long cursor, int consecutiveFailures, long nextAttemptAt,
                      List<DeliveryFailure> failures, String createdAt, String createdBy, String pausedAt,
                      String lastDeliveredAt) {

  public enum State {
    ACTIVE, PAUSED;

    String wire() {
      return name().toLowerCase();
    }

    static State of(String wire) {
      return "paused".equals(wire) ? PAUSED : ACTIVE;
    }
  }

  /** One failed attempt: when, which event, the answer's status if there was one, and what went wrong. */
  public record DeliveryFailure(String at, long seq, int attempt, Integer status, String error) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("at", at).put("seq", seq).put("attempt", attempt);
      if (status != null) json.put("status", status);
      return json.put("error", error);
    }

    static DeliveryFailure of(JsonObject json) {
      return new DeliveryFailure(json.getString("at"), json.getLong("seq", 0L), json.getInteger("attempt", 0),
          json.getInteger("status"), json.getString("error"));
    }
  }

  public boolean wants(String eventType) {
    return events == null || events.contains(eventType);
  }

  /** What admins see: everything but the secret. */
  public JsonObject view() {
    JsonObject json = new JsonObject().put("id", id).put("workshop", workshop).put("url", url);
    if (events != null) json.put("events", new JsonArray(events));
    json.put("state", state.wire()).put("cursor", cursor).put("consecutiveFailures", consecutiveFailures);
    if (nextAttemptAt > 0) json.put("nextAttemptAt", Instant.ofEpochMilli(nextAttemptAt).toString());
    JsonArray recent = new JsonArray();
    failures.forEach(f -> recent.add(f.toJson()));
    json.put("failures", recent).put("createdAt", createdAt).put("createdBy", createdBy);
    if (pausedAt != null) json.put("pausedAt", pausedAt);
    if (lastDeliveredAt != null) json.put("lastDeliveredAt", lastDeliveredAt);
    return json;
  }

  JsonObject toDocument() {
    JsonArray recent = new JsonArray();
    failures.forEach(f -> recent.add(f.toJson()));
    return new JsonObject().put("_id", id).put("workshop", workshop).put("url", url)
        .put("events", events == null ? null : new JsonArray(events)).put("secret", secret)
        .put("state", state.wire()).put("cursor", cursor).put("consecutiveFailures", consecutiveFailures)
        .put("nextAttemptAt", nextAttemptAt).put("failures", recent).put("createdAt", createdAt)
        .put("createdBy", createdBy).put("pausedAt", pausedAt).put("lastDeliveredAt", lastDeliveredAt)
        .put("leaseNode", null).put("leaseUntil", 0L);
  }

  static Webhook of(JsonObject doc) {
    JsonArray events = doc.getJsonArray("events");
    List<DeliveryFailure> failures = new ArrayList<>();
    JsonArray recent = doc.getJsonArray("failures", new JsonArray());
    for (int i = 0; i < recent.size(); i++) failures.add(DeliveryFailure.of(recent.getJsonObject(i)));
    return new Webhook(doc.getString("_id"), doc.getString("workshop"), doc.getString("url"),
        events == null ? null : events.stream().map(String::valueOf).toList(), doc.getString("secret"),
        State.of(doc.getString("state")), doc.getLong("cursor", 0L), doc.getInteger("consecutiveFailures", 0),
        doc.getLong("nextAttemptAt", 0L), List.copyOf(failures), doc.getString("createdAt"),
        doc.getString("createdBy"), doc.getString("pausedAt"), doc.getString("lastDeliveredAt"));
  }
}
