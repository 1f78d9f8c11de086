package dev.lineup.webhooks;

import dev.lineup.auth.Principal;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed webhooks: admins and organizers of a workshop register URLs that get each of its events
 * POSTed as JSON (the event as the log has it), signed with {@code Lineup-Signature}, at least
 * once and in seq order, retried with backoff across restarts, paused after repeated failure.
 *
 * <ul>
 *   <li>{@code POST /api/workshops/{id}/webhooks {url, events?}} → 201 {@code {id, secret, …}}
 *       (the secret is shown this once);</li>
 *   <li>{@code GET /api/workshops/{id}/webhooks} and {@code …/webhooks/{hookId}}: state, cursor and
 *       recent failures, never the secret;</li>
 *   <li>{@code DELETE …/webhooks/{hookId}}; {@code POST …/webhooks/{hookId}/resume}.</li>
 * </ul>
 * Every call needs the right to change the workshop, as for commands.
 */
public final class Webhooks {

  private static final String ID = "(?<id>" + Workshop.ID_PATTERN + ")";
  private static final String HOOK = "(?<hook>[0-9a-f-]{36})";
  private static final int MAX_EVENT_TYPES = 64;

  private final Vertx vertx;
  private final Workshops workshops;
  private final CommandGateway gateway;
  private final WebhookOptions options;
  private final WebhookStore store;
  private final Destinations destinations;
  private final WebhookDeliveries deliveries;
  private String deployment;

  private Webhooks(Vertx vertx, Workshops workshops, CommandGateway gateway, WebhookOptions options,
                   WebhookStore store, MeterRegistry registry) {
    this.vertx = vertx;
    this.workshops = workshops;
    this.gateway = gateway;
    this.options = options;
    this.store = store;
    this.destinations = new Destinations(vertx, options.allowPrivate());
    this.deliveries = new WebhookDeliveries(store, workshops, destinations, options, registry);
  }

  /** Webhooks kept in {@code store}; deliveries start with {@link #start()}. */
  public static Webhooks create(Vertx vertx, EventStore store, Workshops workshops, CommandGateway gateway,
                                WebhookOptions options, MeterRegistry registry) {
    return new Webhooks(vertx, workshops, gateway, options, WebhookStore.open(store), registry);
  }

  /** Starts this node's delivery loop. */
  public Future<Void> start() {
    return vertx.deployVerticle(deliveries).map(id -> {
      deployment = id;
      return null;
    });
  }

  /** Stops delivering and lets go of this node's leases; call before the store goes away. */
  public Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }

  public void mount(Router router) {
    String base = "/api/workshops/" + ID + "/webhooks";
    router.postWithRegex(base).handler(this::register);
    router.getWithRegex(base).handler(this::list);
    router.getWithRegex(base + "/" + HOOK).handler(this::show);
    router.deleteWithRegex(base + "/" + HOOK).handler(this::delete);
    router.postWithRegex(base + "/" + HOOK + "/resume").handler(this::resume);
  }

  /** The body of a registration; unknown fields are refused. */
  record Registration(String url, List<String> events) {
  }

  private void register(RoutingContext ctx) {
    String workshop = ctx.pathParam("id");
    Registration request;
    try {
      request = registration(ctx.body().asString());
    } catch (Rejection r) {
      ctx.fail(r);
      return;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      ctx.fail(CommandParser.fromJackson(e));
      return;
    }
    gateway.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), workshop).compose(principal ->
            workshops.get(workshop).compose(w -> store.count(workshop).compose(count -> {
              if (count >= options.maxPerWorkshop()) {
                return Future.failedFuture(new Rejection(Failure.CONFLICT, "workshop " + workshop + " has "
                    + count + " webhooks already, the most it may have; delete one first"));
              }
              return destinations.resolve(request.url());
            }).compose(checked -> {
              // Deliveries start after the version the workshop is at now: no history replayed.
              Webhook hook = new Webhook(UUID.randomUUID().toString(), workshop, request.url().trim(),
                  request.events(), Signatures.newSecret(), Webhook.State.ACTIVE, w.version(), 0, 0, List.of(),
                  Instant.now().toString(), principal.subject(), null, null);
              return store.insert(hook).map(v -> hook);
            })))
        .onSuccess(hook -> {
          deliveries.watch(hook);
          ctx.response().setStatusCode(201)
              .putHeader(HttpHeaders.LOCATION, "/api/workshops/" + workshop + "/webhooks/" + hook.id())
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
              .end(hook.view().put("secret", hook.secret()).encode());
        })
        .onFailure(ctx::fail);
  }

  static Registration registration(String body) throws com.fasterxml.jackson.core.JacksonException {
    if (body == null || body.isBlank()) throw Rejection.invalid("", "the body is empty: send {\"url\": \"https://…\"}");
    Registration r = Json.MAPPER.readValue(body, Registration.class);
    if (r == null) throw Rejection.invalid("", "a webhook is a JSON object {url, events?}");
    Destinations.parse(r.url());
    if (r.events() == null) return r;
    if (r.events().isEmpty()) throw Rejection.invalid("events", "names no event type; leave it out for all of them");
    if (r.events().size() > MAX_EVENT_TYPES) throw Rejection.invalid("events", "names more than " + MAX_EVENT_TYPES + " types");
    for (int i = 0; i < r.events().size(); i++) {
      String type = r.events().get(i);
      try {
        if (type == null) throw new IllegalArgumentException("null");
        EventData.classOf(type);
      } catch (IllegalArgumentException e) {
        throw Rejection.invalid("events[" + i + "]", "is not an event type (e.g. talk.updated, talk.moved, schedule.shifted)");
      }
    }
    return new Registration(r.url(), List.copyOf(new LinkedHashSet<>(r.events())));
  }

  private void list(RoutingContext ctx) {
    authorized(ctx)
        .compose(p -> store.ofWorkshop(ctx.pathParam("id")))
        .onSuccess(hooks -> {
          JsonArray out = new JsonArray();
          hooks.forEach(h -> out.add(h.view()));
          json(ctx, 200, out.encode());
        })
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    authorized(ctx)
        .compose(p -> store.get(ctx.pathParam("hook")))
        .compose(found -> found(ctx, found))
        .onSuccess(hook -> json(ctx, 200, hook.view().encode()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("hook");
    authorized(ctx)
        .compose(p -> store.delete(ctx.pathParam("id"), id))
        .compose(deleted -> deleted ? Future.succeededFuture() : Future.<Void>failedFuture(notFound(ctx)))
        .onSuccess(v -> {
          deliveries.forget(id);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private void resume(RoutingContext ctx) {
    authorized(ctx)
        .compose(p -> store.resume(ctx.pathParam("id"), ctx.pathParam("hook")))
        .compose(found -> found(ctx, found))
        .onSuccess(hook -> {
          deliveries.watch(hook);
          json(ctx, 200, hook.view().encode());
        })
        .onFailure(ctx::fail);
  }

  /** Everything here needs the right to change the workshop, as commands do. */
  private Future<Principal> authorized(RoutingContext ctx) {
    return gateway.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ctx.pathParam("id"));
  }

  /** The webhook of the path's workshop, or NOT_FOUND (another workshop's webhook is not found here). */
  private static Future<Webhook> found(RoutingContext ctx, Optional<Webhook> found) {
    return found.filter(h -> h.workshop().equals(ctx.pathParam("id"))).map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(notFound(ctx)));
  }

  private static Rejection notFound(RoutingContext ctx) {
    return Rejection.notFound("workshop " + ctx.pathParam("id") + " has no webhook " + ctx.pathParam("hook"));
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(body);
  }
}
