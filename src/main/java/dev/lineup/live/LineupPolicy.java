package dev.lineup.live;

import dev.lineup.auth.Authenticator;
import dev.lineup.auth.Principal;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Lineup's rules for the bridge (DESIGN.md, Security):
 * <ul>
 *   <li>a workshop's events: anyone, no token (reading is public);</li>
 *   <li>commands: forwarded with the frame's {@code authorization}; the core verifies it (the
 *       command gateway is the one door for changes, REST and bridge alike);</li>
 *   <li>reading presence: any valid token;</li>
 *   <li>announcing presence in a workshop: whoever may edit it, or a display token of that
 *       workshop, as a screen (editing nothing).</li>
 * </ul>
 */
final class LineupPolicy implements BridgePolicy {

  private final Authenticator authenticator;

  LineupPolicy(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public Future<Principal> check(BridgeRequest request) {
    return switch (request.channel()) {
      case EVENTS, COMMANDS -> Future.succeededFuture(null);
      case PRESENCE -> request.action() == BridgeRequest.Action.REGISTER
          ? authenticate(request.authorization())
          : authenticate(request.authorization()).compose(p -> mayAnnounce(p, request));
    };
  }

  private Future<Principal> authenticate(String authorization) {
    try {
      return authenticator.authenticate(authorization);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Principal> mayAnnounce(Principal p, BridgeRequest request) {
    String workshop = request.workshop();
    if (p.mayEdit(workshop)) return Future.succeededFuture(p);
    if (isScreenOf(p, workshop)) {
      if (request.body() instanceof JsonObject body && body.getValue("editing") != null) {
        return Future.failedFuture(new Rejection(Failure.FORBIDDEN, "a display edits nothing"));
      }
      return Future.succeededFuture(p);
    }
    return Future.failedFuture(new Rejection(Failure.FORBIDDEN,
        p.subject() + " may not appear in workshop " + workshop));
  }

  private static boolean isScreenOf(Principal p, String workshop) {
    return p.roles().contains(Principal.DISPLAY)
        && (p.workshops().contains(workshop) || p.workshops().contains(Principal.ALL_WORKSHOPS));
  }
}
