package dev.lineup.http;

import dev.lineup.api.Problems;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
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
  /** What is read (and thrown away) of a refused body before its connection is closed. */
  private static final long DRAIN_BYTES = 8L << 20;
  private static final long DRAIN_MILLIS = 5_000;

  private final ApiRoutes routes;
  private final HttpOptions options;
  private final HostGuard hosts;
  private final Consumer<Integer> onListening;
  private HttpServer server;

  public HttpVerticle(ApiRoutes routes, HttpOptions options, HostGuard hosts, Consumer<Integer> onListening) {
    this.routes = routes;
    this.options = options;
    this.hosts = hosts;
    this.onListening = onListening;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    router.route().handler(hosts);
    router.route("/api/*").handler(routes.bodyLimits().handler());
    routes.mount(vertx, router);
    router.route("/api/*").last().handler(ctx -> ctx.fail(Rejection.notFound("no such resource: "
        + ctx.request().method() + " " + ctx.request().path())));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(this::problem);
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
        // Browsers speak HTTP/2 over TLS only (a proxy's business here); HTTP/1.1 serves all.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(options.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        // Above the bridge's own limit, so that an oversized frame gets its frame_too_large answer.
        .setMaxWebSocketFrameSize(options.maxWebSocketBytes())
        .setMaxWebSocketMessageSize(options.maxWebSocketBytes()));
    return server.requestHandler(router).listen(options.port()).onSuccess(s -> onListening.accept(s.actualPort()));
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
   * refused before its body was read is answered at once, then its connection closed: see
   * {@link #closeAfterTheBody}.
   */
  private void problem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Rejection rejection = failure != null ? Problems.rejectionOf(failure)
        : new Rejection(Problems.kindOf(ctx.statusCode()), statusDetail(ctx));
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    boolean bodyUnread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
    if (bodyUnread) response.putHeader(HttpHeaders.CONNECTION, "close");
    Future<Void> answered = Problems.send(response, rejection);
    if (bodyUnread) closeAfterTheBody(ctx.request(), answered);
  }

  /**
   * Closing while the client still sends would reset the connection, and most clients then lose
   * the answer unread. So the rest of the body is read and thrown away (nothing is kept), and the
   * connection closed once it has ended, or after {@value #DRAIN_BYTES} bytes, or a few seconds,
   * whichever comes first. A client that asked {@code Expect: 100-continue} sends no body at all.
   */
  private void closeAfterTheBody(HttpServerRequest request, Future<Void> answered) {
    HttpConnection connection = request.connection();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    if (expectsContinue || (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > DRAIN_BYTES)) {
      answered.onComplete(v -> connection.close());
      return;
    }
    long[] drained = {0};
    long timer = vertx.setTimer(Math.min(DRAIN_MILLIS, options.bodyTimeoutMs()), t -> connection.close());
    request.exceptionHandler(e -> connection.close());
    request.handler(chunk -> {
      drained[0] += chunk.length();
      if (drained[0] > DRAIN_BYTES) connection.close();
    });
    request.endHandler(v -> answered.onComplete(done -> {
      vertx.cancelTimer(timer);
      connection.close();
    }));
    request.resume();
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
