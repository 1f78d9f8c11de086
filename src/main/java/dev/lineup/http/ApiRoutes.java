package dev.lineup.http;

import dev.lineup.auth.Auth;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SiteArchive;
import dev.lineup.history.History;
import dev.lineup.live.LiveBridge;
import io.vertx.micrometer.PrometheusScrapingHandler;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Everything the HTTP servers serve besides static pages; shared by the server instances. */
public final class ApiRoutes {

  private final Workshops workshops;
  private final CommandGateway gateway;
  private final Auth auth;
  private final LiveBridge live;
  private final JekyllPages pages = new JekyllPages();
  private final BodyLimits bodyLimits;
  private final SiteOptions site;
  private final String openApi;

  /** Site archives: the largest accepted, and the limits they are read within. */
  public record SiteOptions(int maxBytes, SiteArchive.Limits limits, int defaultMinutes) {
  }

  public ApiRoutes(Workshops workshops, CommandGateway gateway, Auth auth, LiveBridge live,
                   HttpOptions options, SiteOptions site) {
    this.site = site;
    this.live = live;
    this.workshops = workshops;
    this.gateway = gateway;
    this.auth = auth;
    // Routes whose bodies may differ from the default say so here, once for all server instances.
    this.bodyLimits = new BodyLimits(auth.authenticator(), options.maxBodyBytes(), options.bodyTimeoutMs())
        .allow(HttpMethod.POST, "/api/token", options.maxTokenBodyBytes())
        .allow(HttpMethod.POST, "/api/workshops", options.maxPageBytes())
        .allow(HttpMethod.POST, WorkshopRoutes.COMMANDS_PATH, options.maxCommandBytes())
        .allow(HttpMethod.POST, "/api/sites", site.maxBytes());
    this.openApi = resource("/openapi.yaml");
  }

  /** The body limits of every /api route; a route mounted elsewhere declares its own with {@link BodyLimits#allow}. */
  BodyLimits bodyLimits() {
    return bodyLimits;
  }

  void mount(Vertx vertx, Router router) {
    router.route("/eventbus/*").subRouter(live.router());
    auth.mount(router);
    AsOf asOf = new AsOf(new History(workshops), workshops);
    HistoryRoutes.mount(router, asOf, gateway);
    new ExportRoutes(workshops, asOf, site.defaultMinutes()).mount(router);
    new SiteRoutes(vertx, workshops, gateway, auth.authenticator(), asOf.history(), site.limits()).mount(router);
    new WorkshopRoutes(workshops, gateway, pages, asOf).mount(router);
    // Admins only: the figures tell a stranger how busy the node is and what it runs.
    router.get("/metrics").handler(ctx -> auth.authenticator().authorizeAdmin(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .onSuccess(admin -> ctx.next()).onFailure(ctx::fail)).handler(PrometheusScrapingHandler.create());
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(openApi));
    router.get("/health").handler(readiness(vertx));
    router.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK())));
  }

  /** Ready: the store answers and, when clustered, this node is a member of the cluster. */
  private HealthCheckHandler readiness(Vertx vertx) {
    HealthCheckHandler health = HealthCheckHandler.create(vertx);
    // The ping fails within the store timeout (2 s by default), before the check's own 3 s
    // deadline: a check that times out would answer 500 instead of a plain "not ready".
    health.register("store", 3_000, promise -> workshops.store().ping()
        // The check has its own deadline: whichever comes first answers.
        .onSuccess(v -> promise.tryComplete(Status.OK()))
        .onFailure(t -> promise.tryComplete(Status.KO(new JsonObject().put("error", t.getMessage())))));
    auth.registerHealth(health);
    if (vertx.isClustered()) {
      health.register("cluster", promise -> {
        var manager = ((VertxInternal) vertx).clusterManager();
        promise.complete(manager != null && manager.isActive()
            ? Status.OK(new JsonObject().put("node", manager.getNodeId()).put("members", manager.getNodes().size()))
            : Status.KO());
      });
    }
    return health;
  }

  private static String resource(String name) {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
