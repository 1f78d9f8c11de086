package dev.lineup.api;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Rejection;
import dev.lineup.store.DocumentRefused;
import dev.lineup.store.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
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

  /** The HTTP status of a kind of failure; also the failureCode of an event-bus reply. */
  public static int status(Failure failure) {
    return switch (failure) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TIMED_OUT -> 408;
      case PRECONDITION_FAILED -> 412;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case UNPROCESSABLE -> 422;
      case TOO_MANY_REQUESTS -> 429;
      case INTERNAL -> 500;
      case UNAVAILABLE -> 503;
    };
  }

  /** The problem's title: the status in words. */
  public static String title(Failure failure) {
    return switch (failure) {
      case INVALID -> "Invalid request";
      case UNAUTHENTICATED -> "Authentication required";
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "Conflict";
      case TIMED_OUT -> "Request timeout";
      case PRECONDITION_FAILED -> "Precondition failed";
      case TOO_LARGE -> "Payload too large";
      case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
      case UNPROCESSABLE -> "Unprocessable content";
      case TOO_MANY_REQUESTS -> "Too many requests";
      case INTERNAL -> "Internal error";
      case UNAVAILABLE -> "Service unavailable";
    };
  }

  /** The kind of failure an HTTP status (or a failureCode) stands for. */
  public static Failure kindOf(int status) {
    for (Failure f : Failure.values()) {
      if (status(f) == status) return f;
    }
    return status >= 500 ? Failure.INTERNAL : Failure.INVALID;
  }

  public static Rejection rejectionOf(Throwable t) {
    if (t instanceof Rejection r) return r;
    if (t instanceof DocumentRefused refused) {
      return new Rejection(refused.tooLarge() ? Failure.TOO_LARGE : Failure.UNPROCESSABLE,
          "the store refused this change (" + refused.getMessage() + "); nothing was changed");
    }
    if (t instanceof StoreUnavailable) {
      return new Rejection(Failure.UNAVAILABLE, "the store is unavailable; changes are paused, try again shortly");
    }
    if (t instanceof ReplyException re && re.failureCode() > 0 && re.getMessage() != null
        && re.getMessage().startsWith("{")) {
      JsonObject problem = new JsonObject(re.getMessage());
      return new Rejection(kindOf(re.failureCode()), problem.getString("detail", ""));
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
        .put("status", status(r.failure()))
        .put("title", title(r.failure()))
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
    response.setStatusCode(status(r.failure())).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    if (r.retryAfterSeconds() > 0) response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
    return response.end(of(r).encode());
  }

  /** For an event-bus consumer: the failure to reply with (code = HTTP status, message = problem). */
  public static ReplyException replyException(Throwable t) {
    Rejection r = rejectionOf(t);
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status(r.failure()), of(r).encode());
  }
}
