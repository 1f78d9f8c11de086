package dev.lineup.stream;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.Workshops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live stream over plain HTTP: {@code GET /api/workshops/{id}/stream} and
 * {@code GET /api/meetings/{category}/stream} as Server-Sent Events, what {@code curl -N}, a
 * server in any language and a browser's {@code EventSource} follow with nothing else installed.
 * Reading is public, as for the snapshot. One instance per node; its routes may be mounted on any
 * number of HTTP server instances.
 *
 * <p>Where a stream starts: after the id in {@code Last-Event-ID} (what a reconnecting client
 * sends), else after {@code ?after=}, else at the current version (live only). Event ids are seqs;
 * a meeting's are {@code workshop:seq} lists (see {@link StreamPosition}). A meeting stream follows
 * the meeting's workshops as they are when it opens; a workshop its resume id does not name is
 * sent from its first event.
 */
public final class EventStreams {

  private static final String ID = "(?<id>" + Workshop.ID_PATTERN + ")";
  private static final String CATEGORY = "(?<category>" + Workshop.CATEGORY_PATTERN + ")";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final Vertx vertx;
  private final Workshops workshops;
  private final StreamOptions options;
  private final StreamMetrics metrics;
  private final StreamTopics topics;
  private final Map<String, Integer> perClient = new ConcurrentHashMap<>();

  public EventStreams(Vertx vertx, Workshops workshops, StreamOptions options, MeterRegistry registry) {
    this.vertx = vertx;
    this.workshops = workshops;
    this.options = options;
    this.metrics = new StreamMetrics(registry);
    this.topics = new StreamTopics(vertx);
  }

  public void mount(Router router) {
    router.getWithRegex("/api/workshops/" + ID + "/stream").handler(this::workshop);
    router.getWithRegex("/api/meetings/" + CATEGORY + "/stream").handler(this::meeting);
  }

  /** Streams open on this node now. */
  public long openStreams() {
    return metrics.open.get();
  }

  private void workshop(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Long after;
    try {
      String resume = resumeFrom(ctx);
      after = resume == null ? null : StreamPosition.parseSeq(resume, resumeName(ctx));
    } catch (Rejection r) {
      ctx.fail(r);
      return;
    }
    admit(ctx, () -> workshops.get(id).map(w -> {
      SortedMap<String, Long> start = new TreeMap<>();
      start.put(id, after != null ? after : w.version());
      return start;
    }), false);
  }

  private void meeting(RoutingContext ctx) {
    String category = ctx.pathParam("category");
    SortedMap<String, Long> resume;
    try {
      String value = resumeFrom(ctx);
      resume = value == null ? null : StreamPosition.parseMeeting(value, resumeName(ctx));
    } catch (Rejection r) {
      ctx.fail(r);
      return;
    }
    admit(ctx, () -> workshops.list(category).compose(list -> {
      if (list.isEmpty()) return Future.failedFuture(Rejection.notFound("no workshops in meeting " + category));
      SortedMap<String, Long> start = new TreeMap<>();
      // Resuming, a workshop the id does not name is new to this client: all of it.
      for (Workshop w : list) start.put(w.id(), resume == null ? w.version() : resume.getOrDefault(w.id(), 0L));
      return Future.succeededFuture(start);
    }), true);
  }

  /** A reconnecting EventSource sends the last id it got; the URL's ?after= is for the first connection. */
  private static String resumeFrom(RoutingContext ctx) {
    String header = ctx.request().getHeader(LAST_EVENT_ID);
    return header != null ? header : ctx.request().getParam("after");
  }

  private static String resumeName(RoutingContext ctx) {
    return ctx.request().getHeader(LAST_EVENT_ID) != null ? LAST_EVENT_ID : "after";
  }

  /** Takes one of the client address's slots, works out where to start, then opens the stream. */
  private void admit(RoutingContext ctx, Supplier<Future<SortedMap<String, Long>>> start,
                     boolean meeting) {
    String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    if (!takeSlot(client)) {
      metrics.refused.increment();
      ctx.fail(Rejection.retryAfter(Failure.TOO_MANY_REQUESTS, "at most " + options.maxPerClient()
          + " event streams at once from one address", Math.max(1, options.retryMillis() / 1000)));
      return;
    }
    Context context = Vertx.currentContext();
    start.get().onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        releaseSlot(client);
        ctx.fail(ar.cause());
        return;
      }
      if (ctx.response().closed()) {
        releaseSlot(client);
        return;
      }
      EventStream stream = new EventStream(this, ctx.response(), client, meeting, ar.result());
      metrics.open.incrementAndGet();
      ctx.request().connection().shutdownHandler(x -> stream.shutdown());
      stream.open();
    }));
  }

  private boolean takeSlot(String client) {
    boolean[] taken = {false};
    perClient.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= options.maxPerClient()) return now;
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private void releaseSlot(String client) {
    perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  void closed(EventStream stream, EventStream.Close reason) {
    releaseSlot(stream.client());
    metrics.open.decrementAndGet();
    metrics.closed.get(reason).increment();
  }

  Vertx vertx() {
    return vertx;
  }

  Workshops workshops() {
    return workshops;
  }

  StreamOptions options() {
    return options;
  }

  StreamTopics topics() {
    return topics;
  }

  StreamMetrics metrics() {
    return metrics;
  }

  /** What /metrics shows of the streams: open now, events sent, closes by reason, refusals. */
  static final class StreamMetrics {
    final AtomicLong open = new AtomicLong();
    final Counter events;
    final Counter refused;
    final Map<EventStream.Close, Counter> closed = new EnumMap<>(EventStream.Close.class);

    StreamMetrics(MeterRegistry registry) {
      Gauge.builder("lineup.stream.open", open, AtomicLong::get)
          .description("event streams (SSE) open on this node").register(registry);
      events = Counter.builder("lineup.stream.events").description("events written to event streams")
          .register(registry);
      refused = Counter.builder("lineup.stream.refused")
          .description("event streams refused: too many from one client address").register(registry);
      for (EventStream.Close reason : EventStream.Close.values()) {
        closed.put(reason, Counter.builder("lineup.stream.closed").tag("reason", reason.tag)
            .description("event streams ended, by why").register(registry));
      }
    }

    void sent() {
      events.increment();
    }
  }
}
