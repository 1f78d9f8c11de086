package dev.lineup.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

import static dev.lineup.auth.Bodies.authorization;
import static dev.lineup.auth.Bodies.requiredBoolean;
import static dev.lineup.auth.Bodies.requiredString;
import static dev.lineup.auth.Bodies.sendCreated;
import static dev.lineup.auth.Bodies.sendNoContent;
import static dev.lineup.auth.Bodies.strict;
import static dev.lineup.auth.Bodies.stringList;

/**
 * Users, for admins only: {@code POST /api/users} and {@code GET /api/users}; {@code PATCH
 * /api/users/{username}} {@code {disabled}}; {@code PUT /api/users/{username}/password}
 * {@code {password}} (a reset); {@code DELETE /api/users/{username}}. A disable, a reset and a delete
 * make the user's tokens stop working at once, on every node.
 */
final class UserRoutes {

  private static final Set<String> USER_FIELDS = Set.of("username", "password", "roles", "workshops");
  private static final Set<String> PATCH_FIELDS = Set.of("disabled");
  private static final Set<String> RESET_FIELDS = Set.of("password");

  private final Authenticator authenticator;
  private final UserStore users;

  UserRoutes(Authenticator authenticator, UserStore users) {
    this.authenticator = authenticator;
    this.users = users;
  }

  void mount(Router router) {
    router.post("/api/users").handler(this::create);
    router.get("/api/users").handler(this::list);
    router.patch("/api/users/:username").handler(this::patch);
    router.delete("/api/users/:username").handler(this::delete);
    router.put("/api/users/:username/password").handler(this::resetPassword);
  }

  /** {@code {username, password, roles, workshops?}} → 201 {@code {username, roles, workshops, disabled}}. */
  private void create(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .map(admin -> strict(ctx, USER_FIELDS))
        .compose(body -> {
          String username = requiredString(body, "username");
          List<String> roles = stringList(body, "roles");
          List<String> workshops = stringList(body, "workshops");
          return users.create(username, requiredString(body, "password"), roles, workshops)
              .compose(v -> users.get(username));
        })
        .onSuccess(user -> sendCreated(ctx, json(user)))
        .onFailure(ctx::fail);
  }

  /** → {@code [{username, roles, workshops, disabled}]}, by username. */
  private void list(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> users.list())
        .map(list -> new JsonArray(list.stream().map(UserRoutes::json).toList()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** {@code {disabled: true|false}} → the user. */
  private void patch(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .map(admin -> strict(ctx, PATCH_FIELDS))
        .compose(body -> users.setDisabled(ctx.pathParam("username"), requiredBoolean(body, "disabled")))
        .onSuccess(user -> ctx.json(json(user)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> users.delete(ctx.pathParam("username")))
        .onSuccess(v -> sendNoContent(ctx))
        .onFailure(ctx::fail);
  }

  /** {@code {password}} → 204. */
  private void resetPassword(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .map(admin -> strict(ctx, RESET_FIELDS))
        .compose(body -> users.setPassword(ctx.pathParam("username"), requiredString(body, "password")))
        .onSuccess(user -> sendNoContent(ctx))
        .onFailure(ctx::fail);
  }

  static JsonObject json(UserStore.User user) {
    return new JsonObject()
        .put("username", user.username())
        .put("roles", new JsonArray(user.principal().roles().stream().sorted().toList()))
        .put("workshops", new JsonArray(user.principal().workshops().stream().sorted().toList()))
        .put("disabled", user.disabled());
  }
}
