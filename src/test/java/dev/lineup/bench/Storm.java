package dev.lineup.bench;

import dev.lineup.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 5: N clients on the bridge drop at once; E events happen while they are away; then all
 * reconnect at once, each registering again and fetching {@code /events?after=<last seq it has>}.
 * Measures the time until every client holds every seq without a gap, and what the catch-up cost
 * in store queries ({@code lineup_catchup_requests_total} by source, from the node's /metrics).
 */
final class Storm {

  private static final Logger LOG = LoggerFactory.getLogger(Storm.class);

  private final Bench bench;

  Storm(Bench bench) {
    this.bench = bench;
  }

  void run() {
    int clients = bench.intOpt("storm-clients");
    int events = bench.intOpt("storm-events");
    int workshops = bench.intOpt("storm-workshops");
    Bench.Figures f = new Bench.Figures();
    try (Child child = bench.lineup("storm")) {
      LineupApi api = new LineupApi(bench.vertx, child.port);
      List<String> talks = new ArrayList<>();
      long[] version = new long[workshops];
      for (int w = 0; w < workshops; w++) {
        talks.add(api.create("storm-" + w, 12).get(0));
        version[w] = 1;
      }
      Swarm swarm = new Swarm(bench.vertx);
      HttpClientAgent http = HttpLoad.client(bench.vertx, child.port, Math.min(clients, 500));
      try {
        for (int w = 0; w < workshops; w++) {
          int count = clients / workshops + (w < clients % workshops ? 1 : 0);
          Await.result(swarm.connect(count, child.port, "lineup.workshop.storm-" + w, 100), Duration.ofSeconds(300));
        }
        // As if each had loaded the snapshot: they know seq 1; one live edit per workshop proves the registrations.
        for (Swarm.Member m : swarm.members) m.learn(1);
        for (int w = 0; w < workshops; w++) version[w] = edit(api, w, talks, 0);
        awaitCaughtUp(swarm, version, 30_000, null, 0);
        int n = 0;
        for (int r = 0; r < bench.repeats(); r++) {
          double storeBefore = api.metric("lineup_catchup_requests_total", "source=\"store\"");
          double memoryBefore = api.metric("lineup_catchup_requests_total", "source=\"memory\"");
          Await.result(swarm.closeAll(), Duration.ofSeconds(60));
          Child.sleep(500);
          for (int e = 0; e < events; e++) {
            int w = e % workshops;
            version[w] = edit(api, w, talks, ++n);
          }
          long t0 = System.nanoTime();
          long[] doneAt = new long[swarm.members.size()];
          long[] connectedAt = new long[swarm.members.size()];
          Await.result(rejoinAll(swarm, child.port, http, version, doneAt, connectedAt), Duration.ofSeconds(300));
          long lastConnected = 0;
          for (long c : connectedAt) lastConnected = Math.max(lastConnected, c);
          boolean gapFree = awaitCaughtUp(swarm, version, 30_000, doneAt, workshops);
          long last = 0;
          for (long d : doneAt) last = Math.max(last, d == 0 ? System.nanoTime() : d);
          double seconds = (last - t0) / 1e9;
          double store = api.metric("lineup_catchup_requests_total", "source=\"store\"") - storeBefore;
          double memory = api.metric("lineup_catchup_requests_total", "source=\"memory\"") - memoryBefore;
          long lagging = swarm.members.stream().filter(Swarm.Member::lagging).count();
          LOG.info("storm r{}: all {} caught up gap-free={} in {} s; catch-up requests: {} from the store, {} from memory; lagging {}",
              r, clients, gapFree, Report.fmt(seconds), store, memory, lagging);
          f.put("seconds", seconds);
          f.put("connected", (lastConnected - t0) / 1e9);
          f.put("store", store);
          f.put("memory", memory);
          f.put("gaps", (double) swarm.members.stream().filter(m -> m.contiguousSeq() < version[wOf(m)]).count());
        }
      } finally {
        swarm.close();
        http.close();
      }
    }
    String s = "5 reconnect storm: " + clients + " clients, " + events + " events while away, " + workshops + " workshop(s)";
    bench.row(s, "time until all caught up", "s", f.get("seconds"), null, null, "≤ 5 s", v -> v <= 5);
    bench.row(s, "of which: until all reconnected (WebSocket open, registered)", "s", f.get("connected"), null, null, null, null);
    bench.row(s, "catch-up reads from the store", "", f.get("store"), null, null,
        "≈ 1 per workshop (" + workshops + ")", v -> v <= workshops * 1.5);
    bench.row(s, "catch-up reads from memory", "", f.get("memory"), null, null, null, null);
    bench.row(s, "clients with a gap at the end", "", f.get("gaps"), null, null, "0", v -> v == 0);
  }

  private static int wOf(Swarm.Member m) {
    return Integer.parseInt(m.address.substring("lineup.workshop.storm-".length()));
  }

  private static long edit(LineupApi api, int w, List<String> talks, int n) {
    var r = api.http.command("storm-" + w, api.admin, LineupApi.edit(talks.get(w), n, null));
    if (r.status() != 200) throw new IllegalStateException("edit failed: " + r.status() + " " + r.body());
    return r.json().getLong("version");
  }

  /** Everyone at once: reconnect (register), then fetch what was missed. */
  private Future<Void> rejoinAll(Swarm swarm, int port, HttpClientAgent http, long[] version, long[] doneAt, long[] connectedAt) {
    List<Future<Void>> all = new ArrayList<>();
    for (Swarm.Member m : swarm.members) {
      int w = wOf(m);
      long from = m.contiguousSeq();
      all.add(m.connect(port, m.address)
          .compose(v -> {
            connectedAt[m.index] = System.nanoTime();
            return Future.succeededFuture();
          })
          .compose(v -> HttpLoad.send(http, new HttpLoad.Call(HttpMethod.GET,
              "/api/workshops/storm-" + w + "/events?after=" + from, null, null)))
          .map(body -> {
            for (Object e : new JsonArray(body)) m.learn(((JsonObject) e).getLong("seq"));
            if (m.contiguousSeq() >= version[w]) doneAt[m.index] = System.nanoTime();
            return null;
          }));
    }
    return Future.join(all).mapEmpty();
  }

  /** Waits until every member holds every seq up to its workshop's version; fills doneAt for late ones. */
  private static boolean awaitCaughtUp(Swarm swarm, long[] version, long timeoutMs, long[] doneAt, int workshops) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      boolean all = true;
      for (Swarm.Member m : swarm.members) {
        if (m.contiguousSeq() >= version[wOf(m)]) {
          if (doneAt != null && doneAt[m.index] == 0) doneAt[m.index] = System.nanoTime();
        } else {
          all = false;
        }
      }
      if (all) return true;
      if (System.nanoTime() > deadline) return false;
      Child.sleep(5);
    }
  }
}
