package dev.lineup.bench;

import dev.lineup.support.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario "restart": C pages (1,000) follow W workshops on a Lineup node, which is stopped, stays
 * away D ms, and starts again on the same port and data folder. Every page reconnects the way the
 * pages' own lineup-live.js does (its reconnect constants are read from that file): a SockJS
 * {@code /eventbus/info} request, the WebSocket, register, catch-up on {@code lineup.registered}
 * or after the registration wait, retries with the same capped, jittered backoff. Measures the time
 * from the node's first 200 of {@code /health} until every page is live again (open, registered,
 * caught up), and, for one edit per workshop made right then, from its acknowledgement until every
 * page of that workshop holds it, without a gap.
 */
final class Restart {

  private static final Logger LOG = LoggerFactory.getLogger(Restart.class);
  private static final Path PAGE_CLIENT = Path.of("webroot/js/lineup-live.js");
  private static final String REGISTERED = "lineup.registered";
  private static final long PING_MS = 5_000; // as the bridge client (vertxbus_ping_interval)

  private final Bench bench;

  Restart(Bench bench) {
    this.bench = bench;
  }

  /**
   * How a page reconnects: the first delay, the cap (each delay drawn in [ceiling / 2, ceiling]),
   * how long it waits for lineup.registered before catching up anyway, whether it listens for that
   * acknowledgement at all, whether it also catches up as soon as the socket opens.
   */
  record Policy(String name, long firstMs, long capMs, int doublings, long registeredWaitMs,
                boolean listensForAck, boolean catchUpOnOpen) {

    /** The pages' lineup-live.js: its constants read from the file. */
    static Policy ofPages() {
      String js;
      try {
        js = Files.readString(PAGE_CLIENT);
      } catch (IOException e) {
        throw new UncheckedIOException("the pages' client is not at " + PAGE_CLIENT.toAbsolutePath(), e);
      }
      return new Policy("lineup-live.js", constant(js, "RECONNECT_FIRST_MS"), constant(js, "RECONNECT_CAP_MS"), 16,
          constant(js, "REGISTERED_WAIT_MS"), true, false);
    }

    /** lineup-live.js before issue 17: 500 ms doubling up to 30 s, catch-up on open and 1 s later. */
    static final Policy BEFORE = new Policy("the pages' previous reconnect (backoff to 30 s)", 500, 30_000, 10, 1000, false, true);

    private static long constant(String js, String name) {
      Matcher m = Pattern.compile("export const " + name + " = (\\d+);").matcher(js);
      if (!m.find()) throw new IllegalStateException(PAGE_CLIENT + " defines no " + name);
      return Long.parseLong(m.group(1));
    }

    /** As reconnectDelay() in lineup-live.js. */
    long delay(int attempt) {
      double ceiling = Math.min(capMs, firstMs * Math.pow(2, Math.min(attempt, doublings)));
      return Math.round(ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2);
    }
  }

  /** One page following one workshop. */
  private final class Page {
    final Policy policy;
    final int index;
    final String workshop;
    final String address;
    private final BitSet seqs = new BitSet();
    private WebSocket ws;
    private int attempts;
    private int retries;
    private long ackTimer = -1;
    private volatile boolean awaitingAck;
    private boolean stopped;
    long openedAt;
    volatile long liveAt; // the first catch-up after (re)opening answered: live and caught up
    long connectAttempts;
    long catchUps;

    Page(Policy policy, int index, String workshop) {
      this.policy = policy;
      this.index = index;
      this.workshop = workshop;
      this.address = "lineup.workshop." + workshop;
    }

    void connect() {
      synchronized (this) {
        if (stopped) return;
        connectAttempts++;
      }
      // sockjs-client asks /info first, then opens the WebSocket.
      HttpLoad.send(http, new HttpLoad.Call(HttpMethod.GET, "/eventbus/info", null, null))
          .compose(info -> sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI("/eventbus/websocket")))
          .onSuccess(this::opened)
          .onFailure(e -> dropped());
    }

    private synchronized void opened(WebSocket socket) {
      ws = socket;
      attempts = 0;
      openedAt = System.nanoTime();
      liveAt = 0;
      socket.textMessageHandler(this::onText);
      socket.binaryMessageHandler(b -> onText(b.toString()));
      socket.closeHandler(v -> {
        synchronized (this) {
          if (ws == socket) ws = null;
        }
        dropped();
      });
      awaitingAck = true;
      socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
      if (policy.catchUpOnOpen()) vertx.runOnContext(v -> catchUp());
      ackTimer = vertx.setTimer(policy.registeredWaitMs(), t -> {
        if (awaitingAck) registered(); // a server that does not acknowledge
      });
    }

    private void dropped() {
      long delay;
      synchronized (this) {
        if (stopped) return;
        delay = policy.delay(attempts++);
      }
      vertx.setTimer(delay, t -> connect());
    }

    private void onText(String text) {
      if (text.contains(REGISTERED)) {
        if (policy.listensForAck()) registered();
        return;
      }
      long seq = Swarm.number(text, "\"seq\":");
      if (seq > 0) learn(seq);
    }

    /** As lineup-live: the acknowledgement always catches up; the wait only when none came. */
    private void registered() {
      synchronized (this) {
        if (ackTimer != -1) vertx.cancelTimer(ackTimer);
        ackTimer = -1;
        awaitingAck = false;
        retries = 0;
      }
      catchUp();
    }

    void catchUp() {
      long after;
      synchronized (this) {
        if (stopped) return;
        after = contiguousSeq();
        catchUps++;
      }
      HttpLoad.send(http, new HttpLoad.Call(HttpMethod.GET, "/api/workshops/" + workshop + "/events?after=" + after, null, null))
          .onSuccess(body -> {
            for (Object e : new JsonArray(body)) learn(((JsonObject) e).getLong("seq"));
            if (liveAt == 0 && openedAt != 0) liveAt = System.nanoTime();
          })
          .onFailure(e -> {
            long delay;
            synchronized (this) {
              delay = policy.delay(retries++);
            }
            vertx.setTimer(delay, t -> catchUp());
          });
    }

    synchronized void learn(long seq) {
      seqs.set((int) seq);
    }

    synchronized long contiguousSeq() {
      return seqs.nextClearBit(1) - 1;
    }

    synchronized void ping() {
      if (ws != null && !ws.isClosed()) ws.writeTextMessage("{\"type\":\"ping\"}");
    }

    synchronized void stop() {
      stopped = true;
      if (ws != null) ws.close();
    }
  }

  private Vertx vertx;
  private WebSocketClient sockets;
  private HttpClientAgent http;
  private int port;
  private Path dir;
  private Child child;
  private LineupApi api;
  private final List<String> talks = new ArrayList<>();
  private long[] version;
  private volatile List<Page> pages = List.of();

  void run() {
    int clients = bench.intOpt("restart-clients");
    int workshops = bench.intOpt("restart-workshops");
    long downMs = bench.intOpt("restart-down-ms");
    vertx = bench.vertx;
    Policy now = Policy.ofPages();
    LOG.info("pages reconnect as {}; the baseline as {}", now, Policy.BEFORE);
    dir = bench.freshDir("lineup-restart");
    port = dev.lineup.support.Ports.free();
    Bench.Figures f = new Bench.Figures();
    Bench.Figures b = new Bench.Figures();
    child = bench.lineup("restart", dir, port).ready();
    sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(10_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    // Each page has connections of its own in a browser: no shared pool to wait in.
    http = HttpLoad.client(vertx, port, clients);
    long ping = vertx.setPeriodic(PING_MS, t -> pages.forEach(Page::ping));
    try {
      api = new LineupApi(vertx, port);
      version = new long[workshops];
      for (int w = 0; w < workshops; w++) {
        talks.add(api.create("restart-" + w, 12).get(0));
        version[w] = 1;
      }
      // Repeats alternate between today's pages and the previous reconnect, on the same node.
      for (int r = 0; r < bench.repeats(); r++) {
        measure(now, r, clients, downMs, f);
        measure(Policy.BEFORE, r, clients, downMs, b);
      }
    } finally {
      vertx.cancelTimer(ping);
      pages.forEach(Page::stop);
      http.close();
      sockets.close();
      child.close();
    }
    String s = "9 restart: " + clients + " pages on " + workshops + " workshops, node away " + downMs + " ms";
    String base = "previous reconnect: backoff to 30 s";
    bench.row(s, "/health 200 → every page live and caught up", "s", f.get("seconds"), b.get("seconds"), base, "≤ 3 s", v -> v <= 3);
    bench.row(s, "per page: median", "s", f.get("p50"), b.get("p50"), base, null, null);
    bench.row(s, "per page: p99", "s", f.get("p99"), b.get("p99"), base, null, null);
    bench.row(s, "/health 200 → last page's WebSocket open", "s", f.get("connected"), b.get("connected"), base, null, null);
    bench.row(s, "edits right after /health: all acknowledged after", "s", f.get("edits-acked"), b.get("edits-acked"), base, null, null);
    bench.row(s, "an edit's ack → on every page of its workshop (slowest)", "s", f.get("edit"), b.get("edit"), base, null, null);
    bench.row(s, "connection attempts per page per second while away", "", f.get("attempts"), b.get("attempts"), base, null, null);
    bench.row(s, "catch-up reads per page after the restart", "", f.get("catchups"), b.get("catchups"), base, null, null);
    bench.row(s, "pages with a gap at the end", "", f.get("gaps"), b.get("gaps"), base, "0", v -> v == 0);
  }

  /** C pages with this policy: connected and caught up, then one restart of the node, measured. */
  private void measure(Policy policy, int r, int clients, long downMs, Bench.Figures f) {
    int workshops = version.length;
    List<Page> fresh = new ArrayList<>();
    for (int i = 0; i < clients; i++) fresh.add(new Page(policy, i, "restart-" + (i % workshops)));
    pages = fresh;
    try {
      fresh.forEach(Page::connect);
      if (!caughtUp(fresh, version, 120_000, null)) throw new IllegalStateException("the pages never caught up before the restart");
      long catchUpsBefore = fresh.stream().mapToLong(p -> p.catchUps).sum();
      long attemptsBefore = fresh.stream().mapToLong(p -> p.connectAttempts).sum();
      fresh.forEach(p -> p.liveAt = 0);
      child.close(); // SIGTERM: the node stops as in a deploy
      Child.sleep(downMs); // the outage
      long attemptsWhileDown = fresh.stream().mapToLong(p -> p.connectAttempts).sum() - attemptsBefore;
      child = bench.lineup("restart", dir, port);
      child.awaitReady("/health", Duration.ofSeconds(90), 10);
      long back = System.nanoTime();
      long[] ackedAt = new long[workshops];
      for (int w = 0; w < workshops; w++) {
        version[w] = edit(api, w, talks, version[w] + 1);
        ackedAt[w] = System.nanoTime();
      }
      long[] doneAt = new long[fresh.size()];
      boolean all = caughtUp(fresh, version, 90_000, doneAt);
      Samples live = new Samples();
      long lastLive = 0;
      long slowestEdit = 0;
      for (Page p : fresh) {
        long at = p.liveAt == 0 ? System.nanoTime() : p.liveAt;
        // Pages often reconnect before /health first says UP (HTTP and the bridge listen first): 0 then.
        lastLive = Math.max(lastLive, at);
        live.add(Math.max(0, at - back));
        long got = doneAt[p.index] == 0 ? System.nanoTime() : doneAt[p.index];
        slowestEdit = Math.max(slowestEdit, got - ackedAt[p.index % workshops]);
      }
      long lastOpened = fresh.stream().mapToLong(p -> p.openedAt).max().orElse(back);
      double seconds = Math.max(0, lastLive - back) / 1e9;
      LOG.info("restart r{} ({}): {} pages live and caught up {} s after /health; edits acknowledged after {} ms,"
              + " on every page within {} ms of their ack (all: {}); {} attempts while down",
          r, policy.name(), clients, Report.fmt(seconds), (ackedAt[workshops - 1] - back) / 1_000_000,
          slowestEdit / 1_000_000, all, attemptsWhileDown);
      f.put("seconds", seconds);
      f.put("p50", live.percentile(50) / 1e9);
      f.put("p99", live.percentile(99) / 1e9);
      f.put("connected", Math.max(0, lastOpened - back) / 1e9);
      f.put("edits-acked", (ackedAt[workshops - 1] - back) / 1e9);
      f.put("edit", slowestEdit / 1e9);
      f.put("attempts", (double) attemptsWhileDown / clients / (downMs / 1000.0));
      f.put("catchups", (double) (fresh.stream().mapToLong(p -> p.catchUps).sum() - catchUpsBefore) / clients);
      f.put("gaps", (double) fresh.stream().filter(p -> p.contiguousSeq() < version[p.index % workshops]).count());
    } finally {
      fresh.forEach(Page::stop);
    }
  }

  private static long edit(LineupApi api, int w, List<String> talks, long n) {
    var r = api.http.command("restart-" + w, api.admin, LineupApi.edit(talks.get(w), (int) n, null));
    if (r.status() != 200) throw new IllegalStateException("edit failed: " + r.status() + " " + r.body());
    return r.json().getLong("version");
  }

  /** Waits until every page holds every seq of its workshop; notes when each got there. */
  private static boolean caughtUp(List<Page> pages, long[] version, long timeoutMs, long[] doneAt) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    AtomicLong missing = new AtomicLong();
    while (true) {
      missing.set(0);
      for (Page p : pages) {
        if (p.contiguousSeq() >= version[p.index % version.length]) {
          if (doneAt != null && doneAt[p.index] == 0) doneAt[p.index] = System.nanoTime();
        } else {
          missing.incrementAndGet();
        }
      }
      if (missing.get() == 0) return true;
      if (System.nanoTime() > deadline) return false;
      Child.sleep(5);
    }
  }
}
