package dev.lineup.auth;

import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/token} (username and password → token), and, for admins only,
 * {@code POST /api/users} and {@code GET /api/users}. Failures go to the router's failure handler
 * as {@link Rejection}s. Expects a BodyHandler installed before these routes.
 */
public final class AuthRoutes {

  private static final Set<String> TOKEN_FIELDS = Set.of("username", "password");
  private static final Set<String> USER_FIELDS = Set.of("username", "password", "roles", "workshops");

  private final JwtAuthenticator authenticator;
  private final UserStore users;
  private final AuthOptions options;

  private AuthRoutes(JwtAuthenticator authenticator, UserStore users, AuthOptions options) {
    this.authenticator = authenticator;
    this.users = users;
    this.options = options;
  }

  public static void mount(Router router, JwtAuthenticator authenticator, UserStore users, AuthOptions options) {
    AuthRoutes routes = new AuthRoutes(authenticator, users, options);
    router.post("/api/token").handler(routes::token);
    router.post("/api/users").handler(routes::createUser);
    router.get("/api/users").handler(routes::listUsers);
  }

  /** {@code {username, password}} → {@code {token, expiresIn}} (seconds). */
  private void token(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> strictBody(c, TOKEN_FIELDS))
        .compose(body -> users.login(requiredString(body, "username"), requiredString(body, "password")))
        .map(principal -> new JsonObject()
            .put("token", authenticator.issue(principal, options.tokenMinutes()))
            .put("expiresIn", options.tokenMinutes() * 60))
        .onSuccess(body -> {
          // A bearer credential: no cache, shared or private, may keep it (RFC 6749 §5.1).
          ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
          ctx.json(body);
        })
        .onFailure(ctx::fail);
  }

  /** {@code {username, password, roles, workshops?}} → 201 {@code {username, roles, workshops}}. */
  private void createUser(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .map(admin -> strictBody(ctx, USER_FIELDS))
        .compose(body -> {
          String username = requiredString(body, "username");
          List<String> roles = stringList(body, "roles");
          List<String> workshops = stringList(body, "workshops");
          return users.create(username, requiredString(body, "password"), roles, workshops)
              .map(v -> userJson(Principal.of(username, roles, workshops == null ? List.of() : workshops)));
        })
        .onSuccess(user -> ctx.response().setStatusCode(201)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(user.encode()))
        .onFailure(ctx::fail);
  }

  /** → {@code [{username, roles, workshops}]}, by username. */
  private void listUsers(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> users.list())
        .map(list -> new JsonArray(list.stream().map(AuthRoutes::userJson).toList()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static String authorization(RoutingContext ctx) {
    return ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
  }

  private static JsonObject userJson(Principal user) {
    return new JsonObject()
        .put("username", user.subject())
        .put("roles", new JsonArray(user.roles().stream().sorted().toList()))
        .put("workshops", new JsonArray(user.workshops().stream().sorted().toList()));
  }

  /** The body as a JSON object with no field outside {@code allowed}. */
  private static JsonObject strictBody(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new Rejection(Failure.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type: application/json");
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw Rejection.invalid("", "the body is not a JSON object");
    }
    if (body == null) throw Rejection.invalid("", "the body is empty");
    List<FieldError> unknown = new ArrayList<>();
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) unknown.add(new FieldError(field, "unknown field"));
    }
    if (!unknown.isEmpty()) throw Rejection.invalid(unknown);
    return body;
  }

  private static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) throw Rejection.invalid(field, "is required");
    if (!(value instanceof String)) throw Rejection.invalid(field, "is not a string");
    return (String) value;
  }

  /** An optional array of strings: null when absent. */
  private static List<String> stringList(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) return null;
    if (!(value instanceof JsonArray)) throw Rejection.invalid(field, "is not an array of strings");
    List<String> result = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String)) throw Rejection.invalid(field + "[" + i + "]", "is not a string");
      result.add((String) item);
    }
    return result;
  }
}
