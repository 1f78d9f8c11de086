package dev.lineup.http;

import dev.lineup.api.Problems;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP server instance (several share the port, one per event loop): the API, the bridge and
 * the pages. Routes come from {@link ApiRoutes}, built once per instance.
 */
public final class HttpVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 3;

  private final ApiRoutes routes;
  private final int port;
  private final Consumer<Integer> onListening;
  private HttpServer server;

  public HttpVerticle(ApiRoutes routes, int port, Consumer<Integer> onListening) {
    this.routes = routes;
    this.port = port;
    this.onListening = onListening;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    routes.mountBodies(router);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(routes.maxBodyBytes()));
    routes.mount(vertx, router);
    router.route("/api/*").last().handler(ctx -> ctx.fail(Rejection.notFound("no such resource: "
        + ctx.request().method() + " " + ctx.request().path())));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(HttpVerticle::problem);
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
        // Clear-text HTTP/2 upgrades trip a metrics bug in vertx-micrometer; HTTP/1.1 serves all.
        .setHttp2ClearTextEnabled(false));
    return server.requestHandler(router).listen(port).onSuccess(s -> onListening.accept(s.actualPort()));
  }

  /**
   * Graceful: stop accepting, let requests in flight (commands waiting for their durable
   * acknowledgement among them) finish, close what is left after the grace period.
   */
  @Override
  public Future<?> stop() {
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** Every failure answers as application/problem+json; no stack trace leaves the server. */
  private static void problem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Rejection rejection = failure != null ? Problems.rejectionOf(failure)
        : new Rejection(Failure.ofStatus(ctx.statusCode()), statusDetail(ctx));
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(rejection.failure().status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .end(Problems.of(rejection).encode());
  }

  private static String statusDetail(RoutingContext ctx) {
    return switch (ctx.statusCode()) {
      case 413 -> "the body is larger than this server accepts";
      case 404 -> "no such resource: " + ctx.request().path();
      case 405 -> "method not allowed on " + ctx.request().path();
      default -> "request refused (" + ctx.statusCode() + ")";
    };
  }
}
