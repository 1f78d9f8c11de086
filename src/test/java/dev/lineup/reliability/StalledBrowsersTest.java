package dev.lineup.reliability;

import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty browsers stop reading (paused sockets with a tiny receive buffer) while thousands of
 * ~20 KB events go out through real commands: the node's heap stays bounded, the healthy
 * subscribers get every event promptly, the stalled ones are told to catch up or dropped.
 */
class StalledBrowsersTest {

  private static final int EVENTS = Integer.getInteger("lineup.stall.events", 2_000);
  private static final int WRITERS = 4;
  private static final int STALLED = 20;
  private static final int HEALTHY = 5;
  private static final int ABSTRACT_BYTES = 20 * 1024;
  private static final long MB = 1024 * 1024;
  private static final long LAG_TIMEOUT_MS = 30_000;
  /** The pipeline keeps the last 2,000 events of a workshop in memory (catch-up without the store). */
  private static final int TAIL_EVENTS = 2_000;

  private TestNode node;
  private Vertx clients;
  private final List<BridgeClient> sockets = new ArrayList<>();

  @BeforeEach
  void start() {
    // A generous store timeout: the machines running the suite are shared and often loaded.
    node = TestNode.start(Map.of("live_lag_timeout_ms", LAG_TIMEOUT_MS, "store_timeout_ms", 10_000));
    clients = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    sockets.forEach(BridgeClient::close);
    Await.result(clients.close(), java.time.Duration.ofSeconds(10));
    node.close();
  }

  /** One healthy subscriber's record: seq, commandId and arrival time of every event. */
  private static final class Healthy {
    final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  }

  /** One stalled browser: what it got once it reads again. */
  private static final class Stalled {
    final AtomicInteger events = new AtomicInteger();
    final AtomicInteger lagging = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong lastSeq = new java.util.concurrent.atomic.AtomicLong();
    /** The {@code after} of the last catch-up notice, and whether no event came after it. */
    volatile Long noticeAfter;
    volatile boolean lastWasNotice;
    BridgeClient socket;

    /** Its last frame tells it to catch up after the last event it got: a client would reach the end. */
    boolean toldToCatchUpFromItsLastEvent() {
      return lastWasNotice && noticeAfter != null && noticeAfter == lastSeq.get();
    }
  }

  private static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Await.pause(Duration.ofMillis(200)); // finalization and reference processing after the collection
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  private long queuedBytes(Http http) {
    for (String line : http.get("/metrics", "Authorization", "Bearer " + node.adminToken()).body().split("\n")) {
      if (line.startsWith("lineup_live_queued_bytes")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return -1;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void stalledSocketsCostBoundedMemoryAndDelayNoOne() throws Exception {
    Http http = node.http;
    String admin = node.adminToken();
    String ws = "stalls";
    JsonArray talks = new JsonArray();
    for (int i = 0; i < WRITERS; i++) {
      talks.add(new JsonObject().put("title", "Talk " + i).put("start", History.hhmm(9 * 60 + i * 30))
          .put("end", History.hhmm(9 * 60 + i * 30 + 25)));
    }
    assertThat(http.postJson("/api/workshops", admin, new JsonObject().put("id", ws).put("title", "Stalls")
        .put("date", "2026-11-26").put("talks", talks)).status()).isEqualTo(201);
    List<String> talkIds = http.get("/api/workshops/" + ws).json().getJsonArray("talks").stream()
        .map(t -> ((JsonObject) t).getString("id")).toList();
    String address = Addresses.workshop(ws);

    List<Healthy> healthy = new ArrayList<>();
    for (int i = 0; i < HEALTHY; i++) {
      Healthy h = new Healthy();
      BridgeClient c = BridgeClient.connect(clients, node.port(), BridgeClient.Options.defaults().onFrame(frame -> {
        if (!address.equals(frame.getString("address"))) return;
        JsonObject body = frame.getJsonObject("body");
        if (body.getLong("seq") == null) return;
        h.arrivals.put(body.getString("commandId"), System.nanoTime());
        h.seqs.add(body.getLong("seq"));
      }));
      sockets.add(c);
      c.listen(address);
      healthy.add(h);
    }
    List<Stalled> stalled = new ArrayList<>();
    for (int i = 0; i < STALLED; i++) {
      Stalled s = new Stalled();
      s.socket = BridgeClient.connect(clients, node.port(), BridgeClient.Options.defaults().withReceiveBuffer(4096).onFrame(frame -> {
        if (!address.equals(frame.getString("address"))) return;
        JsonObject body = frame.getJsonObject("body");
        if (Addresses.Notice.LAGGING.equals(body.getString("type"))) {
          s.lagging.incrementAndGet();
          s.noticeAfter = body.getLong("after");
          s.lastWasNotice = true;
        } else {
          s.events.incrementAndGet();
          s.lastSeq.set(body.getLong("seq"));
          s.lastWasNotice = false;
        }
      }));
      sockets.add(s.socket);
      s.socket.listen(address);
      stalled.add(s);
    }
    for (Stalled s : stalled) s.socket.pause();

    long baselineHeap = usedHeapAfterGc();
    long baselineDirect = directBytes();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> ackMillis = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger peakHeapMb = new AtomicInteger();
    AtomicInteger peakQueuedKb = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    // Mid-storm the writers hold still for a moment, so that the heap is measured without the
    // garbage of writes in flight: what remains is what the node retains.
    java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger inFlight = new AtomicInteger();
    long started = System.nanoTime();
    for (int w = 0; w < WRITERS; w++) {
      int me = w;
      pool.submit(() -> {
        String pad = String.valueOf((char) ('a' + me)).repeat(ABSTRACT_BYTES);
        for (int n = me; n < EVENTS; n += WRITERS) {
          String commandId = "stall-" + n;
          JsonObject c = new JsonObject().put("type", "talk.update").put("talkId", talkIds.get(me)).put("commandId", commandId)
              .put("set", new JsonObject().put("abstract", n + " " + pad));
          if (hold.get()) Await.until("the mid-storm measurement done", Duration.ofMinutes(1), () -> !hold.get());
          inFlight.incrementAndGet();
          long t0 = System.nanoTime();
          sentAt.put(commandId, t0);
          Http.Response r = http.command(ws, admin, c);
          inFlight.decrementAndGet();
          ackMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        return null;
      });
    }
    // A sampler: heap (no forced GC) and what the bridge holds queued, while the storm runs.
    AtomicInteger running = new AtomicInteger(1);
    pool.submit(() -> {
      while (running.get() == 1) {
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakHeapMb.accumulateAndGet((int) (heap / MB), Math::max);
        peakQueuedKb.accumulateAndGet((int) (queuedBytes(http) / 1024), Math::max);
        Await.pause(Duration.ofMillis(250));
      }
      return null;
    });
    pool.shutdown();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    long heapMidStorm = -1;
    int queuedMidKb = -1;
    int acksMid = -1;
    List<Stalled> resumed = stalled.subList(0, STALLED / 2);
    List<Stalled> stayPaused = stalled.subList(STALLED / 2, STALLED);
    while (!pool.isTerminated() && System.nanoTime() < deadline) {
      if (sentAt.size() >= EVENTS && ackMillis.size() >= EVENTS) running.set(0);
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (heapMidStorm < 0 && (ackMillis.size() >= EVENTS / 2 || elapsedMs >= LAG_TIMEOUT_MS / 2)) {
        // Mid-storm, every stalled socket lagging and none timed out yet: what do they cost?
        hold.set(true);
        Await.until("no command in flight", Duration.ofSeconds(10), () -> inFlight.get() == 0);
        Await.pause(Duration.ofMillis(1_500)); // the heap measured once snapshots and the group commit are written
        acksMid = ackMillis.size();
        heapMidStorm = usedHeapAfterGc();
        queuedMidKb = (int) (queuedBytes(http) / 1024);
        hold.set(false);
        // Half of them read again before the lag timeout: they must be told to catch up.
        resumed.forEach(s -> s.socket.resume());
      }
      pool.awaitTermination(200, TimeUnit.MILLISECONDS);
    }
    running.set(0);
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    long publishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long version = http.get("/api/workshops/" + ws).json().getLong("version");
    assertThat(version).isEqualTo(1L + EVENTS);

    // Healthy subscribers: everything, in seq order, promptly.
    List<Long> expected = java.util.stream.LongStream.rangeClosed(2, version).boxed().toList();
    List<Long> latencies = new ArrayList<>();
    for (Healthy h : healthy) {
      Await.until("a healthy subscriber with every event", Duration.ofSeconds(20), () -> h.seqs.size() >= EVENTS);
      synchronized (h.seqs) {
        assertThat(h.seqs).as("a healthy subscriber gets every event in order").containsExactlyElementsOf(expected);
      }
      for (var e : h.arrivals.entrySet()) latencies.add(TimeUnit.NANOSECONDS.toMillis(e.getValue() - sentAt.get(e.getKey())));
    }
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] acks = ackMillis.stream().mapToLong(Long::longValue).sorted().toArray();

    // Memory while the stalled sockets are still there, then after they are gone.
    long heapWithStalls = usedHeapAfterGc();
    long directWithStalls = directBytes();
    Http.Response metrics = http.get("/metrics", "Authorization", "Bearer " + admin);
    String laggingLine = Arrays.stream(metrics.body().split("\n")).filter(l -> l.startsWith("lineup_live_lagging")).findFirst().orElse("?");
    String closedLine = Arrays.stream(metrics.body().split("\n")).filter(l -> l.startsWith("lineup_live")
        && l.contains("closed")).findFirst().orElse("?");

    // The resumed half was told to catch up and then followed live to the end, or (on a loaded
    // machine, still behind when the storm ended) its last frame tells it to catch up from the last
    // event it got; the other half, still stalled past the lag timeout, was dropped (or, resumed now,
    // is told to catch up).
    int told = 0;
    int dropped = 0;
    for (Stalled s : resumed) {
      Await.until("a resumed socket at the last seq or told to catch up from its last event", Duration.ofSeconds(15),
          () -> s.lastSeq.get() >= version || s.socket.isClosed() || s.toldToCatchUpFromItsLastEvent());
      Await.pause(Duration.ofMillis(500)); // nothing more arrives: what it holds now is its last word
      assertThat(s.socket.isClosed()).as("a resumed socket stays open").isFalse();
      assertThat(s.lagging.get()).as("a resumed socket is told to catch up").isPositive();
      assertThat(s.lastSeq.get() == version || s.toldToCatchUpFromItsLastEvent())
          .as("a resumed socket follows live again (seq %d of %d), or its last frame tells it to catch up after seq %d",
              s.lastSeq.get(), version, s.noticeAfter).isTrue();
      told++;
    }
    for (Stalled s : stayPaused) s.socket.resume();
    for (Stalled s : stayPaused) {
      Await.until("a stalled socket told to catch up or dropped", Duration.ofSeconds(15),
          () -> s.lagging.get() > 0 || s.socket.isClosed());
      if (s.lagging.get() > 0) told++;
      else if (s.socket.isClosed()) dropped++;
      assertThat(s.lagging.get() > 0 || s.socket.isClosed())
          .as("a stalled socket that got %d events is told to catch up or dropped", s.events.get()).isTrue();
      assertThat(s.events.get()).as("a stalled socket got far less than everything").isLessThan(EVENTS);
    }
    for (Stalled s : stalled) {
      s.socket.close();
      sockets.remove(s.socket);
    }
    long heapWithout = usedHeapAfterGc();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("events", EVENTS);
    figures.put("event size bytes", ABSTRACT_BYTES);
    figures.put("stalled sockets", STALLED);
    figures.put("healthy sockets", HEALTHY);
    figures.put("publish ms", publishMs);
    figures.put("heap baseline MB", baselineHeap / MB);
    figures.put("heap after storm, stalls connected MB", heapWithStalls / MB);
    figures.put("heap mid-storm, 20 stalled sockets lagging MB", heapMidStorm / MB);
    figures.put("heap growth mid-storm MB", (heapMidStorm - baselineHeap) / MB);
    figures.put("bridge queued KB when measured mid-storm", queuedMidKb);
    figures.put("heap growth MB", (heapWithStalls - baselineHeap) / MB);
    figures.put("heap after stalled sockets closed MB", heapWithout / MB);
    figures.put("heap held for the stalled sockets MB", (heapWithStalls - heapWithout) / MB);
    figures.put("peak heap during storm (no forced GC) MB", peakHeapMb.get());
    figures.put("peak bridge queued KB (lineup_live_queued_bytes)", peakQueuedKb.get());
    figures.put("direct buffers growth MB", (directWithStalls - baselineDirect) / MB);
    figures.put("healthy delivery ms p50 (command sent -> event at subscriber)", percentile(lat, 0.50));
    figures.put("healthy delivery ms p99", percentile(lat, 0.99));
    figures.put("healthy delivery ms max", percentile(lat, 1.0));
    figures.put("command ack ms p50", percentile(acks, 0.50));
    figures.put("command ack ms p99", percentile(acks, 0.99));
    figures.put("stalled told to catch up", told);
    figures.put("stalled dropped", dropped);
    figures.put("metrics lagging", laggingLine);
    figures.put("metrics closed", closedLine);

    // What the bridge holds for lagging sockets: its bound per socket (256 KB) plus a frame.
    assertThat(peakQueuedKb.get()).isLessThanOrEqualTo(STALLED * (256 + 2 * ABSTRACT_BYTES / 1024) + HEALTHY * 256);
    // The heap grows by the pipeline's in-memory tail (by design: TAIL_EVENTS events of a
    // workshop, here ~20 KB each) and by at most 50 MB for everything else, stalls included.
    long tailMb = (long) Math.min(EVENTS, TAIL_EVENTS) * ABSTRACT_BYTES / MB;
    figures.put("of which the pipeline's event tail MB (expected)", tailMb);
    long tailMidMb = (long) Math.min(acksMid, TAIL_EVENTS) * ABSTRACT_BYTES / MB;
    figures.put("events acknowledged when measured mid-storm", acksMid);
    figures.put("heap growth mid-storm besides the event tail MB", (heapMidStorm - baselineHeap) / MB - tailMidMb);
    Figures.write("stalled-browsers", figures);
    assertThat((heapMidStorm - baselineHeap) / MB - tailMidMb)
        .as("heap growth mid-storm with %d stalled sockets lagging, besides the event tail", STALLED)
        .isLessThanOrEqualTo(50);
    assertThat((heapWithStalls - baselineHeap) / MB - tailMb).as("heap growth besides the event tail")
        .isLessThanOrEqualTo(50);
    assertThat(percentile(lat, 0.99)).as("healthy p99 delivery, ms").isLessThan(Math.max(1_000, 2 * percentile(acks, 0.99)));
  }
}
