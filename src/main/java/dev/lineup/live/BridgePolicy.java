package dev.lineup.live;

import dev.lineup.auth.Principal;
import io.vertx.core.Future;

/**
 * The one hook that decides, after {@link BridgeAccess} permitted the address, whether this
 * browser may do this: as vertx-web's bridge event handler, but answering with who asked. A
 * refusal is a {@link dev.lineup.schedule.Rejection}, which reaches the browser as an err frame
 * with the HTTP status as {@code failureCode} and the problem+json as {@code message}.
 */
@FunctionalInterface
interface BridgePolicy {

  /** The verified principal (null when the request needs none), or a failed future. */
  Future<Principal> check(BridgeRequest request);
}
