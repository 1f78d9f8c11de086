package dev.lineup.live;

import dev.lineup.auth.Authenticator;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Rejection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The browsers' event bus: SockJS at {@code /eventbus}, speaking the frames of vertx-web's bridge
 * (so the official JavaScript client works unchanged), with Lineup's rules. Deny by default
 * ({@link #ACCESS}); a browser may only
 * <ul>
 *   <li>register on {@code lineup.workshop.<id>} (every event of a workshop; no token needed) and
 *       {@code lineup.presence.<id>} (with a token); each registration is acknowledged with
 *       {@code {type: "rec", address, body: {type: "lineup.registered"}}} once it is in effect;</li>
 *   <li>send to {@code lineup.commands} (forwarded to the core with the frame's
 *       {@code headers.authorization}; the reply or failure relayed as the stock bridge does);</li>
 *   <li>send to {@code lineup.presence.<id>} (its token verified, the identity stamped, where it may
 *       edit, or as a screen of its workshop);</li>
 *   <li>ping.</li>
 * </ul>
 * Anything else gets {@code {type: "err", body: "access_denied"}}; what the policy
 * ({@link LineupPolicy}) refuses gets an err frame with the HTTP status as {@code failureCode} and
 * the problem+json as {@code message}. Unlike the stock bridge it holds one event-bus consumer per
 * address, encodes each message once for all sockets and bounds what each socket may have queued
 * (see {@link SocketQueue}).
 *
 * <p>Transports: raw WebSocket, SockJS over WebSocket, xhr-streaming, xhr-polling and
 * eventsource. JSONP and htmlfile are off (they run script the pages' CSP forbids), and so is the
 * iframe page (it would load sockjs-client from a CDN); no JSESSIONID cookie is set.
 *
 * <p>Mount the router with {@code router.route("/eventbus/*").subRouter(bridge.router())}. Create
 * one bridge per Vert.x instance; its router may serve any number of HTTP server instances.
 */
public final class LiveBridge {

  /** Where browsers may send and register; checked in one place, before the policy. */
  static final BridgeAccess ACCESS = new BridgeAccess()
      .addInbound(Permitted.exact(Addresses.COMMANDS, Channel.COMMANDS))
      .addInbound(Permitted.matching(Addresses.presenceRegex(), Channel.PRESENCE))
      .addOutbound(Permitted.matching(Addresses.workshopRegex(), Channel.EVENTS))
      .addOutbound(Permitted.matching(Addresses.presenceRegex(), Channel.PRESENCE));

  /** The pinned copy the SockJS iframe page would load, were it served. */
  private static final String SOCKJS_LIBRARY = "/vendor/sockjs-client/sockjs.min.js";
  /**
   * A frame reaches xhr_send JSON-escaped inside an array; a control character escapes to six
   * characters: so a body this many times the frame limit still carries every frame within it.
   */
  private static final int ESCAPED_FRAME_FACTOR = 6;

  private final Vertx vertx;
  private final LiveOptions options;
  private final BridgePolicy policy;
  private final Counters counters = new Counters();
  private final Fanout fanout;
  private final Presence presence;
  private final Router router;

  private LiveBridge(Vertx vertx, LiveOptions options, Authenticator authenticator) {
    this.vertx = Objects.requireNonNull(vertx);
    this.options = Objects.requireNonNull(options);
    this.policy = new LineupPolicy(Objects.requireNonNull(authenticator));
    this.fanout = new Fanout(vertx, counters);
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
        counters.laggingNow.get(), counters.closed(CloseReason.LAGGING).sum(),
        counters.closed(CloseReason.IDLE).sum(), counters.closed(CloseReason.TOO_LARGE).sum(), counters.queuedBytes.get(),
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
    for (CloseReason reason : CloseReason.values()) {
      FunctionCounter.builder("lineup.live.closed", counters.closed(reason), LongAdder::sum).tag("reason", reason.tag())
          .description("browser connections the server closed (told why first), by reason").register(registry);
    }
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
        .setRegisterWriteHandler(false)
        .setInsertJSESSIONID(false)
        .setLibraryURL(SOCKJS_LIBRARY)
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.HTML_FILE.name());
    Router sockJsRouter = SockJSHandler.create(vertx, sockJs)
        .socketHandler(sock -> new BridgeSocket(this, sock));
    // Before every SockJS route: the handshake and the HTTP transports alike.
    sockJsRouter.route().order(-3).handler(new OriginGuard(options.allowedOrigins()));
    // SockJS serves its iframe page whatever transports are off; no page of ours needs it.
    sockJsRouter.getWithRegex("/iframe[^/]*\\.html").order(-2)
        .handler(ctx -> ctx.fail(Rejection.notFound("the SockJS iframe transports are off")));
    // xhr_send carries the browser's frames in its body: bounded, and read before the transport.
    sockJsRouter.postWithRegex(".*/xhr_send").order(-1).handler(BodyHandler.create(false)
        .setBodyLimit((long) options.maxFrameSize() * ESCAPED_FRAME_FACTOR + 1024));
    return sockJsRouter;
  }

  Vertx vertx() {
    return vertx;
  }

  LiveOptions options() {
    return options;
  }

  BridgeAccess access() {
    return ACCESS;
  }

  BridgePolicy policy() {
    return policy;
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
