package dev.lineup.live;

import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** An HTTP server on a random port with the bridge mounted at /eventbus, as the lead will mount it. */
final class LiveServer implements AutoCloseable {

  final LiveBridge bridge;
  final HttpServer server;

  private LiveServer(LiveBridge bridge, HttpServer server) {
    this.bridge = bridge;
    this.server = server;
  }

  static LiveServer start(Vertx vertx, LiveOptions options) {
    return start(vertx, options, new HttpServerOptions());
  }

  static LiveServer start(Vertx vertx, LiveOptions options, HttpServerOptions serverOptions) {
    LiveBridge bridge = LiveBridge.create(vertx, options, new TestAuthenticator());
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(bridge.router());
    router.route().failureHandler(ctx -> {
      int status = ctx.failure() instanceof Rejection r ? r.failure().status : ctx.statusCode();
      ctx.response().setStatusCode(status < 0 ? 500 : status).end();
    });
    HttpServer server = BridgeTestClient.await(vertx.createHttpServer(serverOptions.setPort(0).setHost("localhost"))
        .requestHandler(router).listen().toCompletionStage().toCompletableFuture());
    return new LiveServer(bridge, server);
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    BridgeTestClient.await(server.close().toCompletionStage().toCompletableFuture());
    bridge.close();
  }
}
