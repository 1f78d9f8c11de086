package dev.lineup.store;

/** The store did not answer in time or refused the connection. */
public final class StoreUnavailable extends RuntimeException {

  public StoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
