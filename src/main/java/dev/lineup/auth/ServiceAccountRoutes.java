package dev.lineup.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

import static dev.lineup.auth.Bodies.authorization;
import static dev.lineup.auth.Bodies.integer;
import static dev.lineup.auth.Bodies.requiredString;
import static dev.lineup.auth.Bodies.sendCreated;
import static dev.lineup.auth.Bodies.sendNoContent;
import static dev.lineup.auth.Bodies.strict;
import static dev.lineup.auth.Bodies.stringList;

/**
 * Service accounts, for admins only: {@code POST /api/service-accounts} {@code {name, roles,
 * workshops?, expiresInDays}} → 201 with the account and its token (shown this once);
 * {@code GET /api/service-accounts} (never a token); {@code DELETE /api/service-accounts/{name}}
 * revokes: the token stops working at once on every node.
 */
final class ServiceAccountRoutes {

  private static final Set<String> FIELDS = Set.of("name", "roles", "workshops", "expiresInDays");

  private final JwtAuthenticator authenticator;
  private final ServiceAccounts accounts;

  ServiceAccountRoutes(JwtAuthenticator authenticator, ServiceAccounts accounts) {
    this.authenticator = authenticator;
    this.accounts = accounts;
  }

  void mount(Router router) {
    router.post("/api/service-accounts").handler(this::create);
    router.get("/api/service-accounts").handler(this::list);
    router.delete("/api/service-accounts/:name").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> {
          JsonObject body = strict(ctx, FIELDS);
          return accounts.create(requiredString(body, "name"), stringList(body, "roles"),
              stringList(body, "workshops"), integer(body, "expiresInDays"), admin.subject());
        })
        .map(account -> account.json().mergeIn(authenticator.issue(account).json()))
        .onSuccess(body -> sendCreated(ctx, body))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> accounts.list())
        .map(list -> new JsonArray(list.stream().map(ServiceAccounts.Account::json).toList()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    authenticator.authorizeAdmin(authorization(ctx))
        .compose(admin -> accounts.revoke(ctx.pathParam("name")))
        .onSuccess(v -> sendNoContent(ctx))
        .onFailure(ctx::fail);
  }
}
