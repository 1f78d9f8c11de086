package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;

/**
 * Verifies the bearer token of a request (REST {@code Authorization} header or the bridge frame's
 * {@code headers.authorization}). Fails with a {@link dev.lineup.schedule.Rejection} of
 * {@link dev.lineup.schedule.Failure#UNAUTHENTICATED} when it is missing or not valid.
 */
public interface Authenticator {

  /** @param authorization the whole header value, "Bearer &lt;jwt&gt;", or null */
  Future<Principal> authenticate(String authorization);

  /**
   * The principal, when it may change {@code workshopId} (admin, or organizer with it in scope);
   * else {@link Failure#FORBIDDEN} (or {@link Failure#UNAUTHENTICATED} for a bad token).
   */
  default Future<Principal> authorizeEdit(String authorization, String workshopId) {
    return authenticate(authorization).compose(p -> p.mayEdit(workshopId)
        ? Future.succeededFuture(p)
        : Future.failedFuture(new Rejection(Failure.FORBIDDEN,
            p.subject() + " may not change workshop " + workshopId)));
  }

  /** The principal, when it is an admin; else {@link Failure#FORBIDDEN}. */
  default Future<Principal> authorizeAdmin(String authorization) {
    return authenticate(authorization).compose(p -> p.isAdmin()
        ? Future.succeededFuture(p)
        : Future.failedFuture(new Rejection(Failure.FORBIDDEN, "admin role required")));
  }
}
