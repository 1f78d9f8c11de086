package dev.lineup.schedule;

import java.util.List;

/**
 * A refused command or request, with everything a client needs to show why: the field errors of a
 * validation failure, or the events a stale command conflicts with.
 */
public final class Rejection extends RuntimeException {

  private final Failure failure;
  private final List<FieldError> errors;
  private final List<Event> conflicts;
  private final long retryAfterSeconds;

  public Rejection(Failure failure, String detail) {
    this(failure, detail, List.of(), List.of());
  }

  public Rejection(Failure failure, String detail, List<FieldError> errors, List<Event> conflicts) {
    this(failure, detail, errors, conflicts, 0);
  }

  private Rejection(Failure failure, String detail, List<FieldError> errors, List<Event> conflicts,
                    long retryAfterSeconds) {
    super(detail, null, false, false);
    this.failure = failure;
    this.errors = List.copyOf(errors);
    this.conflicts = List.copyOf(conflicts);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * A refusal the client may retry after {@code seconds} (at least 1): the answer carries
   * {@code Retry-After}. For {@link Failure#TOO_MANY_REQUESTS} and {@link Failure#UNAVAILABLE}.
   */
  public static Rejection retryAfter(Failure failure, String detail, long seconds) {
    return new Rejection(failure, detail, List.of(), List.of(), Math.max(1, seconds));
  }

  public static Rejection invalid(String path, String message) {
    return new Rejection(Failure.INVALID, path + ": " + message,
        List.of(new FieldError(path, message)), List.of());
  }

  public static Rejection invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).path() + ": " + errors.get(0).message()
        : errors.size() + " invalid fields";
    return new Rejection(Failure.INVALID, detail, errors, List.of());
  }

  public static Rejection notFound(String detail) {
    return new Rejection(Failure.NOT_FOUND, detail);
  }

  public Failure failure() {
    return failure;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public List<Event> conflicts() {
    return conflicts;
  }

  /** Seconds after which a retry may succeed; 0 when the answer names none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
