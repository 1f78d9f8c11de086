package dev.lineup.api;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Rejection;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an answer: an RFC 9457 problem (status, title, detail,
 * errors, conflicts), whose status is both the HTTP status and the event-bus failureCode.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  public static Rejection rejectionOf(Throwable t) {
    if (t instanceof Rejection r) return r;
    if (t instanceof StoreUnavailable) {
      return new Rejection(Failure.UNAVAILABLE, "the store is unavailable; changes are paused, try again shortly");
    }
    if (t instanceof ReplyException re && re.failureCode() > 0 && re.getMessage() != null
        && re.getMessage().startsWith("{")) {
      JsonObject problem = new JsonObject(re.getMessage());
      return new Rejection(Failure.ofStatus(re.failureCode()), problem.getString("detail", ""));
    }
    LOG.error("unexpected failure", t);
    return new Rejection(Failure.INTERNAL, "internal error; it has been logged");
  }

  public static JsonObject of(Throwable t) {
    return of(rejectionOf(t));
  }

  public static JsonObject of(Rejection r) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("status", r.failure().status)
        .put("title", r.failure().title)
        .put("detail", r.detail());
    if (r.retryAfterSeconds() > 0) problem.put("retryAfter", r.retryAfterSeconds());
    if (!r.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      for (FieldError e : r.errors()) errors.add(new JsonObject().put("path", e.path()).put("message", e.message()));
      problem.put("errors", errors);
    }
    if (!r.conflicts().isEmpty()) {
      JsonArray conflicts = new JsonArray();
      r.conflicts().forEach(e -> conflicts.add(new JsonObject(e.toMap())));
      problem.put("conflicts", conflicts);
    }
    return problem;
  }

  /** Writes the problem as the HTTP answer: status, {@code Retry-After} when it names one, body. */
  public static Future<Void> send(HttpServerResponse response, Rejection r) {
    response.setStatusCode(r.failure().status).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    if (r.retryAfterSeconds() > 0) response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
    return response.end(of(r).encode());
  }

  /** For an event-bus consumer: the failure to reply with (code = HTTP status, message = problem). */
  public static ReplyException replyException(Throwable t) {
    Rejection r = rejectionOf(t);
    return new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
        r.failure().status, of(r).encode());
  }
}
