package dev.lineup.bench;

import dev.lineup.support.Await;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenarios 1 (fan-out) and 3 (edit to screen): C clients on the bridge subscribed to one
 * workshop, K edits sent over HTTP at a steady rate (open loop). Lineup: a {@code talk.update}
 * command per edit (decided, appended, committed, then published). Baseline: the stock vertx-web
 * bridge, with the same event (as Lineup published it) POSTed to a handler that publishes it.
 * The two servers run side by side; repeats alternate between them.
 */
final class FanOut {

  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
  private static final String WORKSHOP = "fan";
  private static final String ADDRESS = "lineup.workshop." + WORKSHOP;

  private final Bench bench;

  FanOut(Bench bench) {
    this.bench = bench;
  }

  void fanout() {
    int c = bench.intOpt("fanout-clients");
    Bench.Figures[] f = run("fanout", c, bench.intOpt("fanout-edits"), bench.intOpt("fanout-rate"));
    String s = "1 fan-out C=" + c + ", " + bench.intOpt("fanout-edits") + " edits @ " + bench.intOpt("fanout-rate") + "/s";
    boolean goalSize = c >= 5000;
    bench.row(s, "p50 command→client", "ms", f[0].get("p50"), f[1].get("p50"), "stock bridge", null, null);
    if (c == 1000) {
      bench.rowByRatio(s, "p99 command→client", "ms", f[0].get("p99"), f[1].get("p99"), "stock bridge",
          "≤ 1.2× stock bridge", r -> r <= 1.2);
    } else {
      bench.row(s, "p99 command→client", "ms", f[0].get("p99"), f[1].get("p99"), "stock bridge", null, null);
    }
    bench.row(s, "p99 command→client", "ms", f[0].get("p99"), f[2].get("p99"), "Socket.IO", null, null);
    bench.row(s, "max command→client", "ms", f[0].get("max"), f[1].get("max"), "stock bridge", null, null);
    bench.row(s, "max command→client", "ms", f[0].get("max"), f[2].get("max"), "Socket.IO", null, null);
    if (goalSize) {
      bench.rowByRatio(s, "server CPU per delivered frame", "µs", f[0].get("cpuPerFrame"), f[1].get("cpuPerFrame"),
          "stock bridge", "≤ 0.7× stock bridge", r -> r <= 0.7);
      bench.rowByRatio(s, "server CPU per delivered frame", "µs", f[0].get("cpuPerFrame"), f[2].get("cpuPerFrame"),
          "Socket.IO", "≤ 1.0× Socket.IO", r -> r <= 1.0);
    } else {
      bench.row(s, "server CPU per delivered frame", "µs", f[0].get("cpuPerFrame"), f[1].get("cpuPerFrame"), "stock bridge", null, null);
      bench.row(s, "server CPU per delivered frame", "µs", f[0].get("cpuPerFrame"), f[2].get("cpuPerFrame"), "Socket.IO", null, null);
    }
    bench.row(s, "deliveries/s", "/s", f[0].get("rate"), f[1].get("rate"), "stock bridge", null, null);
    bench.row(s, "deliveries missing", "", f[0].get("missing"), f[1].get("missing"), "stock bridge", "0", v -> v == 0);
    bench.row(s, "deliveries missing", "", f[0].get("missing"), f[2].get("missing"), "Socket.IO", "0", v -> v == 0);
    bench.row(s, "clients that fell behind", "", f[0].get("behind"), f[1].get("behind"), "stock bridge", "0", v -> v == 0);
  }

  void screens() {
    int c = bench.intOpt("screens");
    Bench.Figures[] f = run("screen", c, bench.intOpt("screen-edits"), bench.intOpt("screen-rate"));
    String s = "3 edit→screen " + c + " screens, " + bench.intOpt("screen-rate") + " edits/s";
    bench.row(s, "p50 send→every screen", "ms", f[0].get("everyP50"), f[1].get("everyP50"), "stock bridge", null, null);
    bench.rowByRatio(s, "p99 send→every screen", "ms", f[0].get("everyP99"), f[1].get("everyP99"), "stock bridge",
        "≤ 1.5× stock bridge", r -> r <= 1.5);
    bench.row(s, "p99 send→every screen", "ms", f[0].get("everyP99"), f[2].get("everyP99"), "Socket.IO", null, null);
    bench.row(s, "p99 send→one screen", "ms", f[0].get("p99"), f[1].get("p99"), "stock bridge", null, null);
    bench.row(s, "server CPU per delivered frame", "µs", f[0].get("cpuPerFrame"), f[1].get("cpuPerFrame"), "stock bridge", null, null);
    bench.row(s, "deliveries missing", "", f[0].get("missing"), f[1].get("missing"), "stock bridge", "0", v -> v == 0);
  }

  /**
   * A meeting's programme page: one connection per attendee, registered on each of the meeting's
   * W workshops; K edits spread over the workshops, every page gets every one. Lineup only: what
   * it costs (connections held, CPU per delivered frame) and what the pages see.
   */
  void programme() {
    int attendees = bench.intOpt("programme-attendees");
    int workshops = bench.intOpt("programme-workshops");
    int edits = bench.intOpt("programme-edits");
    int rate = bench.intOpt("programme-rate");
    String s = "10 programme page: " + attendees + " attendees × " + workshops + " workshops, " + edits + " edits @ " + rate + "/s";
    Bench.Figures f = new Bench.Figures();
    Target lineup = new Target("lineup", bench.lineup("programme"), Swarm.Protocol.BRIDGE);
    try {
      lineup.api = new LineupApi(bench.vertx, lineup.child.port);
      List<String> addresses = new ArrayList<>();
      for (int w = 0; w < workshops; w++) {
        String id = "meet" + w;
        lineup.workshops.add(id);
        lineup.talkIds.add(lineup.api.create(id, 12).get(0));
        addresses.add("lineup.workshop." + id);
      }
      long fdsBefore = lineup.child.openFiles();
      lineup.swarm = new Swarm(bench.vertx, Swarm.Protocol.BRIDGE);
      Await.result(lineup.swarm.connect(attendees, lineup.child.port, addresses, 100), Duration.ofSeconds(300));
      f.put("fdsPerPage", (lineup.child.openFiles() - fdsBefore) / (double) attendees);
      for (int r = 0; r < bench.repeats(); r++) {
        measure(lineup, "programme-warm" + r, edits, rate, null);
        measure(lineup, "programme-r" + r, edits, rate, f);
      }
    } finally {
      lineup.close();
    }
    bench.row(s, "server file descriptors per page", "", f.get("fdsPerPage"), null, null, "1 (one connection)", v -> v <= 1.05);
    bench.row(s, "server CPU per delivered frame", "µs", f.get("cpuPerFrame"), null, null, null, null);
    bench.row(s, "p50 command→page", "ms", f.get("p50"), null, null, null, null);
    bench.row(s, "p99 command→page", "ms", f.get("p99"), null, null, null, null);
    bench.row(s, "deliveries missing", "", f.get("missing"), null, null, "0", v -> v == 0);
  }

  /**
   * Scale-out (§3 of issue 18): the fan-out round on one node, then on three clustered nodes
   * (Hazelcast event bus; the first hosts the embedded store for the others) with the clients
   * spread evenly over them and the edits sent to the first. CPU is the sum over the nodes.
   */
  void cluster() {
    int c = bench.intOpt("fanout-clients");
    int edits = bench.intOpt("fanout-edits");
    int rate = bench.intOpt("fanout-rate");
    String s = "11 scale-out C=" + c + ", " + edits + " edits @ " + rate + "/s: 3 nodes against 1";
    Bench.Figures one = new Bench.Figures();
    Bench.Figures three = new Bench.Figures();
    round(List.of(bench.lineup("cluster-one")), "one", c, edits, rate, one);
    round(bench.clusterNodes("cluster", 3), "three", c, edits, rate, three);
    bench.row(s, "server CPU per delivered frame (all nodes)", "µs", three.get("cpuPerFrame"), one.get("cpuPerFrame"), "one node", null, null);
    bench.row(s, "p50 command→client", "ms", three.get("p50"), one.get("p50"), "one node", null, null);
    bench.row(s, "p99 command→client", "ms", three.get("p99"), one.get("p99"), "one node", null, null);
    bench.row(s, "deliveries missing", "", three.get("missing"), one.get("missing"), "one node", "0", v -> v == 0);
  }

  /** A warm-up and a measured round on these nodes (edits to the first), then the nodes stopped. */
  private void round(List<Child> nodes, String label, int clients, int edits, int rate, Bench.Figures figures) {
    Target t = new Target(label, nodes.get(0), Swarm.Protocol.BRIDGE);
    if (nodes.size() > 1) t.nodes.addAll(nodes);
    try {
      t.api = new LineupApi(bench.vertx, t.child.port);
      t.talkId = t.api.create(WORKSHOP, 12).get(0);
      t.connect(clients);
      measure(t, label + "-warm", edits, rate, null);
      measure(t, label + "-r0", edits, rate, figures);
    } finally {
      t.close();
      nodes.subList(1, nodes.size()).forEach(Child::close);
    }
  }

  /** One server under test; its swarm is made for each round (10,000 clients × 3 servers would pass the harness's file limit). */
  private final class Target {
    final String name;
    final Child child;
    final Swarm.Protocol protocol;
    final HttpClientAgent http;
    Swarm swarm;
    LineupApi api;
    String talkId;
    /** For the programme page: edits go round the workshops (else to WORKSHOP and talkId). */
    final List<String> workshops = new ArrayList<>();
    final List<String> talkIds = new ArrayList<>();
    /** A cluster's nodes (clients spread over them, CPU summed); empty: the child alone. */
    final List<Child> nodes = new ArrayList<>();
    JsonObject template;
    final AtomicInteger seq = new AtomicInteger(1_000);

    Target(String name, Child child, Swarm.Protocol protocol) {
      this.name = name;
      this.child = child;
      this.protocol = protocol;
      this.http = HttpLoad.client(bench.vertx, child.port, 32);
    }

    Future<Buffer> edit(int k, String commandId) {
      if (api != null && !workshops.isEmpty()) {
        int w = k % workshops.size();
        return HttpLoad.send(http, new HttpLoad.Call(HttpMethod.POST, "/api/workshops/" + workshops.get(w) + "/commands",
            "Bearer " + api.admin, LineupApi.edit(talkIds.get(w), k, commandId).encode()));
      }
      if (api != null) {
        return HttpLoad.send(http, new HttpLoad.Call(HttpMethod.POST, "/api/workshops/" + WORKSHOP + "/commands",
            "Bearer " + api.admin, LineupApi.edit(talkId, k, commandId).encode()));
      }
      JsonObject event = template.copy().put("seq", seq.incrementAndGet()).put("commandId", commandId)
          .put("at", java.time.Instant.now().toString());
      event.getJsonObject("data").getJsonObject("set").put("title", "Edited title number " + k);
      return HttpLoad.send(http, new HttpLoad.Call(HttpMethod.POST, "/publish/" + ADDRESS, null, event.encode()));
    }

    void connect(int clients) {
      swarm = new Swarm(bench.vertx, protocol);
      long t0 = System.nanoTime();
      List<Child> over = nodes.isEmpty() ? List.of(child) : nodes;
      for (int i = 0; i < over.size(); i++) {
        int share = clients / over.size() + (i < clients % over.size() ? 1 : 0);
        Await.result(swarm.connect(share, over.get(i).port, ADDRESS, 100), Duration.ofSeconds(300));
      }
      LOG.info("{}: {} clients connected in {} ms", name, clients, (System.nanoTime() - t0) / 1_000_000);
    }

    long cpuNanos() {
      return nodes.isEmpty() ? child.cpuNanos() : nodes.stream().mapToLong(Child::cpuNanos).sum();
    }

    void disconnect() {
      if (swarm != null) swarm.close();
      swarm = null;
    }

    void close() {
      disconnect();
      http.close();
      child.close();
    }
  }

  /** Returns the per-repeat figures of Lineup [0], the stock bridge [1] and Socket.IO [2]. */
  Bench.Figures[] run(String label, int clients, int edits, int rate) {
    Bench.Figures[] figures = {new Bench.Figures(), new Bench.Figures(), new Bench.Figures()};
    List<Target> targets = new ArrayList<>();
    try {
      Target lineup = new Target("lineup", bench.lineup(label), Swarm.Protocol.BRIDGE);
      targets.add(lineup);
      lineup.api = new LineupApi(bench.vertx, lineup.child.port);
      lineup.talkId = lineup.api.create(WORKSHOP, 12).get(0);
      // Lineup's own event, as published, is what the baselines publish.
      Await.result(lineup.edit(0, null), Duration.ofSeconds(30));
      JsonObject template = lineup.api.lastEvent(WORKSHOP);
      Target stock = new Target("stock", bench.baseline("stock-bridge-" + label, "bridge"), Swarm.Protocol.BRIDGE);
      targets.add(stock);
      Target socketIo = new Target("socketio", bench.socketIo("socketio-" + label), Swarm.Protocol.SOCKET_IO);
      targets.add(socketIo);
      stock.template = template;
      socketIo.template = template;
      for (int r = 0; r < bench.repeats(); r++) {
        for (int i = 0; i < targets.size(); i++) {
          Target t = targets.get(i);
          t.connect(clients);
          // Registration is not acknowledged by every server: a warm-up round that reaches
          // everybody proves it, and warms each server as much as one measured round.
          measure(t, label + "-warm" + r, edits, rate, null);
          measure(t, label + "-r" + r, edits, rate, figures[i]);
          t.disconnect();
        }
      }
    } finally {
      targets.forEach(Target::close);
    }
    return figures;
  }

  private void measure(Target t, String run, int edits, int rate, Bench.Figures figures) {
    String prefix = "bench-" + t.name + "-" + run + "-";
    t.swarm.newRun(prefix, edits);
    Child.sleep(500);
    long[] sentAt = new long[edits];
    List<Future<Buffer>> acks = new ArrayList<>();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long cpuBefore = t.cpuNanos();
    long start = System.nanoTime();
    for (int k = 0; k < edits; k++) {
      long due = start + k * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) Child.sleep(TimeUnit.NANOSECONDS.toMillis(wait), (int) (wait % 1_000_000));
      sentAt[k] = System.nanoTime();
      acks.add(t.edit(k, prefix + k));
    }
    long sentAll = System.nanoTime();
    boolean complete = t.swarm.awaitAll(60_000);
    // The publishing window only: connecting and the swarm's own work before it do not count.
    long cpu = t.cpuNanos() - cpuBefore;
    List<Future<Buffer>> failed = acks.stream().filter(Future::failed).toList();
    if (!failed.isEmpty()) LOG.warn("{} {}: {} edits failed, e.g. {}", t.name, run, failed.size(), failed.get(0).cause().getMessage());
    // Analyse.
    Samples all = new Samples();
    Samples every = new Samples();
    long missing = 0;
    java.util.Map<String, Integer> closedBy = new java.util.TreeMap<>();
    long behind = 0;
    long lastRecv = 0;
    long[] slowest = new long[edits];
    boolean[] incomplete = new boolean[edits];
    for (Swarm.Member m : t.swarm.members) {
      boolean gap = false;
      for (int k = 0; k < edits; k++) {
        long at = m.recvAt(k);
        if (at == 0) {
          missing++;
          gap = true;
          incomplete[k] = true;
          continue;
        }
        long latency = at - sentAt[k];
        all.add(latency);
        slowest[k] = Math.max(slowest[k], latency);
        lastRecv = Math.max(lastRecv, at);
      }
      if (gap || m.lagging() || m.closed) behind++;
      if (m.closingReason() != null) closedBy.merge(m.closingReason(), 1, Integer::sum);
    }
    for (int k = 0; k < edits; k++) if (!incomplete[k]) every.add(slowest[k]);
    double seconds = (lastRecv - start) / 1e9;
    double cpuPerFrame = all.size() == 0 ? Double.NaN : cpu / 1e3 / all.size();
    LOG.info("{} {}: complete={} cpu/frame={} µs p50={} p99={} max={} ms, every-p99={} ms, {} deliveries in {} s, missing={}, behind={}, told closing={}, sending took {} ms",
        t.name, run, complete, Report.fmt(cpuPerFrame), Report.fmt(Samples.ms(all.percentile(50))), Report.fmt(Samples.ms(all.percentile(99))),
        Report.fmt(Samples.ms(all.max())), Report.fmt(Samples.ms(every.percentile(99))), all.size(),
        Report.fmt(seconds), missing, behind, closedBy, (sentAll - start) / 1_000_000);
    if (figures == null) {
      if (!complete) LOG.warn("{}: the warm-up round did not reach every client ({} deliveries missing)", t.name, missing);
      return;
    }
    figures.put("p50", Samples.ms(all.percentile(50)));
    figures.put("p99", Samples.ms(all.percentile(99)));
    figures.put("max", Samples.ms(all.max()));
    figures.put("everyP50", Samples.ms(every.percentile(50)));
    figures.put("everyP99", Samples.ms(every.percentile(99)));
    figures.put("rate", all.size() / seconds);
    figures.put("cpuPerFrame", cpuPerFrame);
    figures.put("missing", (double) missing);
    figures.put("behind", (double) behind);
  }
}
