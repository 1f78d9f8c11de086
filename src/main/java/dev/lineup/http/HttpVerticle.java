package dev.lineup.http;

import dev.lineup.api.Problems;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP server instance (several share the port, one per event loop): the API, the bridge and
 * the pages. Before any route: the security headers, the host check, and (for /api) the body
 * limits. Routes come from {@link ApiRoutes}, built once for all instances.
 */
public final class HttpVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 3;

  private final ApiRoutes routes;
  private final HttpOptions options;
  private final Consumer<Integer> onListening;
  private HttpServer server;

  public HttpVerticle(ApiRoutes routes, HttpOptions options, Consumer<Integer> onListening) {
    this.routes = routes;
    this.options = options;
    this.onListening = onListening;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> HostGuard.of(options.publicOrigins())).compose(hosts -> {
      Router router = Router.router(vertx);
      router.route().handler(new SecurityHeaders());
      router.route().handler(hosts);
      router.route("/api/*").handler(routes.bodyLimits().handler());
      routes.mount(vertx, router);
      router.route("/api/*").last().handler(ctx -> ctx.fail(Rejection.notFound("no such resource: "
          + ctx.request().method() + " " + ctx.request().path())));
      router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
      router.route().failureHandler(HttpVerticle::problem);
      server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
          // Clear-text HTTP/2 upgrades trip a metrics bug in vertx-micrometer; HTTP/1.1 serves all.
          .setHttp2ClearTextEnabled(false)
          .setIdleTimeout(options.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
          // Above the bridge's own limit, so that an oversized frame gets its frame_too_large answer.
          .setMaxWebSocketFrameSize(options.maxWebSocketBytes())
          .setMaxWebSocketMessageSize(options.maxWebSocketBytes()));
      return server.requestHandler(router).listen(options.port()).onSuccess(s -> onListening.accept(s.actualPort()));
    });
  }

  /**
   * Graceful: stop accepting, let requests in flight (commands waiting for their durable
   * acknowledgement among them) finish, close what is left after the grace period.
   */
  @Override
  public Future<?> stop() {
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Every failure answers as application/problem+json; no stack trace leaves the server. A request
   * refused before its body was read has its connection closed after the answer: the rest of the
   * body is never read.
   */
  private static void problem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Rejection rejection = failure != null ? Problems.rejectionOf(failure)
        : new Rejection(Failure.ofStatus(ctx.statusCode()), statusDetail(ctx));
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    boolean bodyUnread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
    if (bodyUnread) response.putHeader(HttpHeaders.CONNECTION, "close");
    response.setStatusCode(rejection.failure().status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .end(Problems.of(rejection).encode())
        .onComplete(v -> {
          if (bodyUnread) ctx.request().connection().close();
        });
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
