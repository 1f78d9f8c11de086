package dev.lineup.live;

import dev.lineup.auth.Authenticator;
import dev.lineup.auth.Principal;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Known tokens only: "Bearer alice" is an organizer of every workshop, "bob" an organizer of w1,
 * "dora" a display (a screen) of w1, "admin" an admin.
 */
final class TestAuthenticator implements Authenticator {

  static final Map<String, Principal> TOKENS = Map.of(
      "alice", Principal.of("alice", List.of(Principal.ORGANIZER), List.of("*")),
      "bob", Principal.of("bob", List.of(Principal.ORGANIZER), List.of("w1")),
      "dora", Principal.of("dora", List.of(Principal.DISPLAY), List.of("w1")),
      "admin", Principal.of("admin", List.of(Principal.ADMIN), List.of()));

  @Override
  public Future<Principal> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Future.failedFuture(new Rejection(Failure.UNAUTHENTICATED, "a bearer token is required"));
    }
    Principal principal = TOKENS.get(authorization.substring("Bearer ".length()));
    if (principal == null) {
      return Future.failedFuture(new Rejection(Failure.UNAUTHENTICATED, "the token is not valid"));
    }
    return Future.succeededFuture(principal);
  }
}
