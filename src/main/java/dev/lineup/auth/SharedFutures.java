package dev.lineup.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A future shared by callers on several event loops (one JWKS fetch, one store read of a user)
 * completes on the thread of whoever started it; each caller continues on its own context instead.
 */
final class SharedFutures {

  private SharedFutures() {
  }

  static <T> Future<T> onCallerContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null || shared.isComplete()) return shared;
    Promise<T> promise = Promise.promise();
    shared.onComplete(ar -> caller.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }
}
