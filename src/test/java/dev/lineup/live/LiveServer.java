package dev.lineup.live;

import dev.lineup.schedule.Rejection;
import dev.lineup.support.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on a random port with the bridge mounted at /eventbus, as the lead will mount it;
 * two server instances share the port, so that sockets land on two event loops (each listen call
 * from a non-Vert.x thread gets a context of its own).
 */
final class LiveServer implements AutoCloseable {

  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

  final LiveBridge bridge;
  private final List<HttpServer> servers;
  private final Set<String> threads;

  private LiveServer(LiveBridge bridge, List<HttpServer> servers, Set<String> threads) {
    this.bridge = bridge;
    this.servers = servers;
    this.threads = threads;
  }

  static LiveServer start(Vertx vertx, LiveOptions options) {
    return start(vertx, options, new HttpServerOptions());
  }

  static LiveServer start(Vertx vertx, LiveOptions options, HttpServerOptions serverOptions) {
    LiveBridge bridge = LiveBridge.create(vertx, options, new TestAuthenticator());
    Router router = Router.router(vertx);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    router.route("/eventbus/*").handler(ctx -> {
      threads.add(Thread.currentThread().getName());
      ctx.next();
    });
    router.route("/eventbus/*").subRouter(bridge.router());
    router.route().failureHandler(ctx -> {
      int status = ctx.failure() instanceof Rejection r ? r.failure().status : ctx.statusCode();
      ctx.response().setStatusCode(status < 0 ? 500 : status).end();
    });
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    HttpServerOptions listenOptions = new HttpServerOptions(serverOptions).setHost("localhost")
        .setPort(freePort());
    Await.result(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(listenOptions).requestHandler(router).listen().onSuccess(servers::add);
      }
    }, new DeploymentOptions().setInstances(2)), WAIT);
    return new LiveServer(bridge, servers, threads);
  }

  /** Vert.x 5 gives each instance its own port for port 0, so a free one is picked first. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many event loops served bridge requests so far. */
  int threadsServing() {
    return threads.size();
  }

  int port() {
    return servers.get(0).actualPort();
  }

  /** Both instances share one port (Vert.x server sharing). */
  boolean sharesOnePort() {
    return servers.stream().map(HttpServer::actualPort).distinct().count() == 1;
  }

  @Override
  public void close() {
    servers.forEach(s -> Await.result(s.close(), WAIT));
    bridge.close();
  }
}
