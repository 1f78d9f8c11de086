package dev.lineup.faults;

import dev.lineup.bus.Addresses;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A browser stand-in following one workshop as the page does (DESIGN: apply strictly by seq; on
 * a gap, or after a reconnect, fetch what was missed with {@code /events?after=}): it applies the
 * events it is sent in seq order, fills each gap from the node it is connected to, and when its
 * socket closes it reconnects to the next node of its list and catches up. It counts what it had
 * to do: gaps filled, reconnects, frames it already had.
 */
final class Browser implements AutoCloseable {

  private final Vertx vertx;
  private final List<LineupProcess> nodes;
  private final String workshop;
  private final String address;
  /** One thread does everything (frames, fetches, reconnects): the page's single thread. */
  private final ScheduledExecutorService page = Executors.newSingleThreadScheduledExecutor();
  private final List<Long> applied = new ArrayList<>();
  private int node;
  private BridgeClient socket;
  private long version;
  private int gapsFilled;
  private int reconnects;
  private int duplicates;
  private volatile String lastFailure;

  private Browser(Vertx vertx, List<LineupProcess> nodes, int first, String workshop) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.node = first;
    this.workshop = workshop;
    this.address = Addresses.workshop(workshop);
  }

  /** Opens the page on {@code nodes.get(first)}: registered first, then caught up from the log. */
  static Browser open(Vertx vertx, List<LineupProcess> nodes, int first, String workshop) {
    Browser b = new Browser(vertx, nodes, first, workshop);
    call(b.page, () -> b.connect(first));
    b.page.scheduleWithFixedDelay(b::watchSocket, 100, 100, TimeUnit.MILLISECONDS);
    return b;
  }

  private void connect(int at) {
    LineupProcess n = nodes.get(at);
    socket = BridgeClient.connect(vertx, n.host(), n.port(), BridgeClient.Options.defaults()
        .pingEvery(Duration.ofSeconds(1))
        .onFrame(frame -> page.execute(() -> onFrame(frame))));
    socket.listen(address);
    node = at;
    catchUp();
  }

  /** A closed socket: the next node that answers (a page reloading against the load balancer). */
  private void watchSocket() {
    if (socket != null && !socket.isClosed()) return;
    for (int i = 1; i <= nodes.size(); i++) {
      int next = (node + i) % nodes.size();
      try {
        connect(next);
        reconnects++;
        return;
      } catch (RuntimeException | AssertionError refused) {
        lastFailure = refused.toString();
      }
    }
  }

  private void onFrame(JsonObject frame) {
    if (!"rec".equals(frame.getString("type")) || !address.equals(frame.getString("address"))) return;
    if (!(frame.getValue("body") instanceof JsonObject body) || !body.containsKey("seq")) return; // a notice
    long seq = body.getLong("seq");
    if (seq <= version) {
      duplicates++;
    } else if (seq == version + 1) {
      apply(seq);
    } else {
      gapsFilled++;
      catchUp();
      if (seq == version + 1) apply(seq);
    }
  }

  private void apply(long seq) {
    applied.add(seq);
    version = seq;
  }

  /** What the node has after our version; a node that does not answer is left for the next frame. */
  private void catchUp() {
    try {
      Http http = nodes.get(node).http;
      while (true) {
        Http.Response r = http.get("/api/workshops/" + workshop + "/events?after=" + version);
        if (r.status() != 200) throw new IllegalStateException("catch-up answered " + r.status());
        JsonArray page = r.array();
        if (page.isEmpty()) return;
        for (Object o : page) {
          long seq = ((JsonObject) o).getLong("seq");
          if (seq == version + 1) apply(seq);
        }
      }
    } catch (RuntimeException e) {
      lastFailure = e.toString();
    }
  }

  long version() {
    return call(page, () -> version);
  }

  /** The seqs in the order this page applied them. */
  List<Long> applied() {
    return call(page, () -> List.copyOf(applied));
  }

  int gapsFilled() {
    return call(page, () -> gapsFilled);
  }

  int reconnects() {
    return call(page, () -> reconnects);
  }

  int duplicates() {
    return call(page, () -> duplicates);
  }

  int node() {
    return call(page, () -> node);
  }

  String lastFailure() {
    return lastFailure;
  }

  @Override
  public void close() {
    call(page, () -> {
      if (socket != null) socket.close();
      return null;
    });
    page.shutdownNow();
  }

  private static <T> T call(ScheduledExecutorService on, java.util.concurrent.Callable<T> task) {
    try {
      return on.submit(task).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void call(ScheduledExecutorService on, Runnable task) {
    call(on, () -> {
      task.run();
      return null;
    });
  }
}
