package dev.lineup.auth;

import io.vertx.core.Future;

/**
 * Verifies the bearer token of a request (REST {@code Authorization} header or the bridge frame's
 * {@code headers.authorization}). Fails with a {@link dev.lineup.schedule.Rejection} of
 * {@link dev.lineup.schedule.Failure#UNAUTHENTICATED} when it is missing or not valid.
 */
public interface Authenticator {

  /** @param authorization the whole header value, "Bearer &lt;jwt&gt;", or null */
  Future<Principal> authenticate(String authorization);
}
