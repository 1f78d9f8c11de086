package dev.lineup.auth;

import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.lineup.auth.Bodies.authorization;
import static dev.lineup.auth.Bodies.requiredString;
import static dev.lineup.auth.Bodies.sendToken;
import static dev.lineup.auth.Bodies.strict;

/**
 * What a person does with their own credentials: {@code POST /api/token} (username and password →
 * token), {@code POST /api/token/refresh} (a valid token → a fresh one), {@code POST /api/me/password}
 * (current and new password → a fresh token; every other token of the user stops working). Every
 * password check and every refresh is throttled ({@link LoginThrottle}). Failures go to the
 * router's failure handler as {@link Rejection}s. Expects a BodyHandler installed before these routes.
 */
final class AuthRoutes {

  private static final Set<String> TOKEN_FIELDS = Set.of("username", "password");
  private static final Set<String> PASSWORD_FIELDS = Set.of("current", "new");
  /** Throttling keys are bounded: a megabyte "username" must not become a megabyte key. */
  private static final int MAX_KEY_LENGTH = 128;

  private final JwtAuthenticator authenticator;
  private final UserStore users;
  private final LoginThrottle throttle;
  private final ClientAddress clients;

  AuthRoutes(JwtAuthenticator authenticator, UserStore users, LoginThrottle throttle, ClientAddress clients) {
    this.authenticator = authenticator;
    this.users = users;
    this.throttle = throttle;
    this.clients = clients;
  }

  void mount(Router router) {
    router.post("/api/token").handler(this::token);
    router.post("/api/token/refresh").handler(this::refresh);
    router.post("/api/me/password").handler(this::changePassword);
  }

  /** {@code {username, password}} → {@code {token, expiresIn}} (seconds). */
  private void token(RoutingContext ctx) {
    String client = clients.of(ctx.request());
    Future.succeededFuture(ctx)
        .map(c -> strict(c, TOKEN_FIELDS))
        .compose(body -> checkPassword(requiredString(body, "username"), requiredString(body, "password"), client))
        .map(user -> authenticator.issue(user).json())
        .onSuccess(body -> sendToken(ctx, body))
        .onFailure(ctx::fail);
  }

  /**
   * A valid token of Lineup's (no body) → a fresh one for the same subject, roles and workshops. A
   * token that fails to verify counts against the client's address, as a failed login does.
   */
  private void refresh(RoutingContext ctx) {
    String client = clients.of(ctx.request());
    long wait = throttle.retryAfterSeconds(null, client);
    if (wait > 0) {
      ctx.fail(tooMany(wait));
      return;
    }
    authenticator.verify(authorization(ctx))
        .onFailure(e -> {
          if (isUnauthenticated(e)) throttle.failed(null, client);
        })
        .compose(verified -> verified.local() ? Future.succeededFuture(verified)
            : Future.failedFuture(new Rejection(Failure.FORBIDDEN,
                "this token was issued by the identity provider: refresh it there")))
        .map(verified -> authenticator.reissue(verified).json())
        .onSuccess(body -> sendToken(ctx, body))
        .onFailure(ctx::fail);
  }

  /** {@code {current, new}} with the user's token → a fresh token; the user's other tokens stop working. */
  private void changePassword(RoutingContext ctx) {
    String client = clients.of(ctx.request());
    authenticator.verify(authorization(ctx))
        .compose(verified -> {
          String username = verified.principal().subject();
          JsonObject body = strict(ctx, PASSWORD_FIELDS);
          String current = requiredString(body, "current");
          String next = requiredString(body, "new");
          List<FieldError> errors = new ArrayList<>();
          UserStore.validatePassword("new", next, errors);
          if (!errors.isEmpty()) return Future.failedFuture(Rejection.invalid(errors));
          Future<UserStore.User> user = verified.local() ? users.find(username) : Future.succeededFuture();
          return user.compose(u -> u == null
              ? Future.failedFuture(new Rejection(Failure.FORBIDDEN, username + " is not a Lineup user with a password"))
              : checkPassword(username, current, client).compose(checked -> users.setPassword(username, next)));
        })
        .map(user -> authenticator.issue(user).json())
        .onSuccess(body -> sendToken(ctx, body))
        .onFailure(ctx::fail);
  }

  /**
   * One throttled password check: refused at once (429, {@code Retry-After}) while the username or
   * the address is waiting; a wrong password counts against both, a right one clears the username
   * and makes this address known for the user (its logins then skip the username limit and hash on
   * the known lane).
   */
  private Future<UserStore.User> checkPassword(String username, String password, String client) {
    String key = username.length() > MAX_KEY_LENGTH ? username.substring(0, MAX_KEY_LENGTH) : username;
    long wait = throttle.retryAfterSeconds(key, client);
    if (wait > 0) return Future.failedFuture(tooMany(wait));
    PasswordHasher.Lane lane = throttle.isKnown(key, client) ? PasswordHasher.Lane.KNOWN : PasswordHasher.Lane.OPEN;
    return users.login(username, password, lane)
        .onSuccess(user -> throttle.succeeded(key, client))
        .onFailure(e -> {
          if (isUnauthenticated(e)) throttle.failed(key, client);
        });
  }

  private static Rejection tooMany(long seconds) {
    return Rejection.retryAfter(Failure.TOO_MANY_REQUESTS,
        "too many failed attempts for this username or from this address; try again in " + seconds + " s", seconds);
  }

  private static boolean isUnauthenticated(Throwable e) {
    return e instanceof Rejection r && r.failure() == Failure.UNAUTHENTICATED;
  }
}
