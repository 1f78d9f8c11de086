package dev.lineup.store;

import io.vertx.core.Future;

/**
 * Makes the writes acknowledged so far survive a crash. An acknowledgement to a client waits for
 * it: an acknowledged command is never lost.
 */
public interface Durability {

  Future<Void> sync();

  /** For a real MongoDB: its write concern (majority, journaled) already made the write durable. */
  static Durability byWriteConcern() {
    return Future::succeededFuture;
  }
}
