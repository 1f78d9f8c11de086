package dev.lineup.workshops;

import dev.lineup.auth.Authenticator;
import dev.lineup.auth.Principal;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * The one door for changes, REST and event bus alike: authenticate the bearer token, check that
 * its holder may edit this workshop, read the command strictly, then run it. The identity comes
 * from the verified token only.
 */
public final class CommandGateway {

  private final Authenticator authenticator;
  private final Workshops workshops;

  public CommandGateway(Authenticator authenticator, Workshops workshops) {
    this.authenticator = authenticator;
    this.workshops = workshops;
  }

  /** A command as client JSON (REST body, or the bus message without its envelope). */
  public Future<CommandResult> submit(String authorization, String workshopId, String json) {
    return submit(authorization, workshopId, id -> CommandParser.parse(json, id));
  }

  /** A command the adapter built itself (e.g. a Jekyll page posted as text/markdown). */
  public Future<CommandResult> submit(String authorization, String workshopId,
                                      Function<String, Command> command) {
    return authorize(authorization, workshopId).compose(principal -> {
      Command parsed = command.apply(workshopId);
      return workshops.submit(workshopId, parsed, principal.subject());
    });
  }

  /** The principal, when it may change this workshop. */
  public Future<Principal> authorize(String authorization, String workshopId) {
    if (workshopId == null || !workshopId.matches(Addresses.WORKSHOP_ID_PATTERN)) {
      return Future.failedFuture(Rejection.invalid("workshop",
          "a workshop id is 1–128 letters, digits, - or _, starting with a letter or digit"));
    }
    return authenticator.authenticate(authorization).compose(principal -> principal.mayEdit(workshopId)
        ? Future.succeededFuture(principal)
        : Future.failedFuture(new Rejection(Failure.FORBIDDEN, principal.subject()
            + " may not change workshop " + workshopId)));
  }
}
