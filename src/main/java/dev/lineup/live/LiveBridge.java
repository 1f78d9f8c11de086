package dev.lineup.live;

import dev.lineup.auth.Authenticator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The browsers' event bus: SockJS at {@code /eventbus}, speaking the frames of vertx-web's bridge
 * (so the official JavaScript client works unchanged), with Lineup's rules. Deny by default; a
 * browser may only
 * <ul>
 *   <li>register on {@code lineup.workshop.<id>} (every event of a workshop; no token needed) and
 *       {@code lineup.presence.<id>};</li>
 *   <li>send to {@code lineup.commands} (forwarded to the core with the frame's
 *       {@code headers.authorization}; the reply or failure relayed as the stock bridge does);</li>
 *   <li>send to {@code lineup.presence.<id>} (its token verified here, the identity stamped);</li>
 *   <li>ping.</li>
 * </ul>
 * Anything else gets {@code {type: "err", body: "access_denied"}}. Unlike the stock bridge it holds
 * one event-bus consumer per address, encodes each message once for all sockets and bounds what
 * each socket may have queued (see {@link BridgeSocket}).
 *
 * <p>Mount the router with {@code router.route("/eventbus/*").subRouter(bridge.router())}. Create
 * one bridge per Vert.x instance; its router may serve any number of HTTP server instances.
 */
public final class LiveBridge {

  private final Vertx vertx;
  private final LiveOptions options;
  private final Authenticator authenticator;
  private final Counters counters = new Counters();
  private final Fanout fanout;
  private final Presence presence;
  private final Router router;

  private LiveBridge(Vertx vertx, LiveOptions options, Authenticator authenticator) {
    this.vertx = Objects.requireNonNull(vertx);
    this.options = Objects.requireNonNull(options);
    this.authenticator = Objects.requireNonNull(authenticator);
    this.fanout = new Fanout(vertx);
    this.presence = new Presence(vertx, options.nodeId(), options.presenceTtlMs());
    this.router = buildRouter();
  }

  public static LiveBridge create(Vertx vertx, LiveOptions options, Authenticator authenticator) {
    return new LiveBridge(vertx, options, authenticator);
  }

  /** The router of a new bridge, for when no metrics are wanted. */
  public static Router router(Vertx vertx, LiveOptions options, Authenticator authenticator) {
    return create(vertx, options, authenticator).router();
  }

  /** The SockJS routes, to be mounted at {@code /eventbus/*}. */
  public Router router() {
    return router;
  }

  public LiveMetrics metrics() {
    return new LiveMetrics(counters.socketsOpen.get(), fanout.topicCount(),
        counters.deliveries.sum(), counters.dropped.sum(), counters.laggingEpisodes.sum(),
        counters.laggingNow.get(), counters.closedForLag.sum(), counters.queuedBytes.get(),
        presence.localEntryCount());
  }

  /** Publishes the counters of {@link #metrics()} as meters named {@code lineup.live.*}. */
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("lineup.live.sockets", counters.socketsOpen, AtomicLong::get)
        .description("browser connections open on this node").register(registry);
    Gauge.builder("lineup.live.topics", fanout, Fanout::topicCount)
        .description("event-bus consumers held for browsers").register(registry);
    FunctionCounter.builder("lineup.live.deliveries", counters.deliveries, LongAdder::sum)
        .description("frames written to browsers").register(registry);
    FunctionCounter.builder("lineup.live.dropped", counters.dropped, LongAdder::sum)
        .description("frames not written to lagging browsers").register(registry);
    FunctionCounter.builder("lineup.live.lagging.episodes", counters.laggingEpisodes, LongAdder::sum)
        .description("times a browser fell behind").register(registry);
    Gauge.builder("lineup.live.lagging", counters.laggingNow, AtomicLong::get)
        .description("browsers behind now").register(registry);
    FunctionCounter.builder("lineup.live.closed.lagging", counters.closedForLag, LongAdder::sum)
        .description("browsers closed for staying behind").register(registry);
    Gauge.builder("lineup.live.queued.bytes", counters.queuedBytes, AtomicLong::get)
        .description("bytes written to browsers and not yet flushed").register(registry);
    Gauge.builder("lineup.live.presence.entries", presence, Presence::localEntryCount)
        .description("presence entries of this node's browsers").register(registry);
  }

  /** Stops the consumers and timers (open sockets close with the HTTP server). */
  public Future<Void> close() {
    fanout.close();
    presence.close();
    return Future.succeededFuture();
  }

  private Router buildRouter() {
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
        .setHeartbeatInterval(options.heartbeatIntervalMs())
        .setRegisterWriteHandler(false);
    Router sockJsRouter = SockJSHandler.create(vertx, sockJs)
        .socketHandler(sock -> new BridgeSocket(this, sock));
    // Before every SockJS route: the handshake and the HTTP transports alike.
    sockJsRouter.route().order(-1).handler(new OriginGuard(options.allowedOrigins()));
    return sockJsRouter;
  }

  Vertx vertx() {
    return vertx;
  }

  LiveOptions options() {
    return options;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Counters counters() {
    return counters;
  }

  Fanout fanout() {
    return fanout;
  }

  Presence presence() {
    return presence;
  }
}
