package dev.lineup.store;

/**
 * An append refused by a unique index: the seq was taken by a concurrent writer (another node),
 * or the commandId is already in the log (a retry).
 */
public final class DuplicateWrite extends RuntimeException {

  public enum Kind { SEQ_TAKEN, COMMAND_SEEN }

  private final Kind kind;

  public DuplicateWrite(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
