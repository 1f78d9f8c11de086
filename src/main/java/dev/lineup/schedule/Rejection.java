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

  public Rejection(Failure failure, String detail) {
    this(failure, detail, List.of(), List.of());
  }

  public Rejection(Failure failure, String detail, List<FieldError> errors, List<Event> conflicts) {
    super(detail, null, false, false);
    this.failure = failure;
    this.errors = List.copyOf(errors);
    this.conflicts = List.copyOf(conflicts);
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
}
