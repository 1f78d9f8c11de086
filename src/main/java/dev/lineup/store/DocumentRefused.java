package dev.lineup.store;

/**
 * The store refused one document (too large for it, not valid for it): the failure of that one
 * write, never a sign that the store is unreachable.
 */
public final class DocumentRefused extends RuntimeException {

  private final boolean tooLarge;

  public DocumentRefused(String message, boolean tooLarge, Throwable cause) {
    super(message, cause);
    this.tooLarge = tooLarge;
  }

  /** The document is larger than the store takes (MongoDB's 16 MB). */
  public boolean tooLarge() {
    return tooLarge;
  }
}
