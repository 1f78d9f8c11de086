package dev.lineup.schedule;

/**
 * Why a request was refused. The status is the HTTP status of the REST answer and, the same
 * number, the {@code failureCode} of an event-bus reply: the one mapping for both.
 */
public enum Failure {
  INVALID(400, "Invalid request"),
  UNAUTHENTICATED(401, "Authentication required"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "Not found"),
  CONFLICT(409, "Conflict"),
  /** A request (its body) did not arrive in time. */
  TIMED_OUT(408, "Request timeout"),
  PRECONDITION_FAILED(412, "Precondition failed"),
  TOO_LARGE(413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  /** Throttled: the answer carries {@code Retry-After} ({@link Rejection#retryAfterSeconds()}). */
  TOO_MANY_REQUESTS(429, "Too many requests"),
  UNAVAILABLE(503, "Service unavailable"),
  INTERNAL(500, "Internal error");

  public final int status;
  public final String title;

  Failure(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public static Failure ofStatus(int status) {
    for (Failure f : values()) {
      if (f.status == status) return f;
    }
    return status >= 500 ? INTERNAL : INVALID;
  }
}
