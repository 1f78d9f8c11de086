package dev.lineup.bench;

import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario 4: GET of a workshop snapshot on keep-alive connections (closed loop), against the same
 * bytes served as a static file by vertx-web's StaticHandler in a JVM of its own.
 */
final class Reads {

  private static final Logger LOG = LoggerFactory.getLogger(Reads.class);

  private final Bench bench;

  Reads(Bench bench) {
    this.bench = bench;
  }

  void run() throws Exception {
    int connections = bench.intOpt("read-connections");
    long warmup = bench.intOpt("warmup-seconds") * 1000L;
    long measure = bench.intOpt("seconds") * 1000L;
    Bench.Figures lineup = new Bench.Figures();
    Bench.Figures stat = new Bench.Figures();
    int bytes;
    try (Child child = bench.lineup("reads")) {
      LineupApi api = new LineupApi(bench.vertx, child.port);
      api.create("read", 12);
      String body = api.http.get("/api/workshops/read").body();
      bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      Path dir = bench.out.resolve("run").resolve("static");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("read.json"), body);
      try (Child staticServer = bench.baseline("static", "static", dir.toString())) {
        HttpClientAgent a = HttpLoad.client(bench.vertx, child.port, connections);
        HttpClientAgent b = HttpLoad.client(bench.vertx, staticServer.port, connections);
        try {
          for (int r = 0; r < bench.repeats(); r++) {
            record("lineup", HttpLoad.closedLoop(a, connections,
                i -> new HttpLoad.Call(HttpMethod.GET, "/api/workshops/read", null, null), warmup, measure), lineup);
            record("static", HttpLoad.closedLoop(b, connections,
                i -> new HttpLoad.Call(HttpMethod.GET, "/static/read.json", null, null), warmup, measure), stat);
          }
        } finally {
          a.close();
          b.close();
        }
      }
    }
    String s = "4 reads: GET snapshot (" + bytes + " B), " + connections + " keep-alive connections";
    bench.row(s, "requests/s", "/s", lineup.get("rate"), stat.get("rate"), "StaticHandler, same bytes",
        "≥ static baseline", null);
    bench.row(s, "p50", "ms", lineup.get("p50"), stat.get("p50"), "StaticHandler, same bytes", null, null);
    bench.row(s, "p99", "ms", lineup.get("p99"), stat.get("p99"), "StaticHandler, same bytes", null, null);
    bench.row(s, "failed requests", "", lineup.get("failed"), stat.get("failed"), "StaticHandler, same bytes", "0", v -> v == 0);
    double l = Samples.median(lineup.get("rate"));
    double b = Samples.median(stat.get("rate"));
    bench.report.note("reads goal (≥ static baseline): " + (l >= b ? "met" : "not met") + ", Lineup at "
        + Report.fmt(100 * l / b) + " % of the StaticHandler's requests/s");
  }

  private void record(String name, HttpLoad.Result r, Bench.Figures f) {
    LOG.info("{}: {} /s, p50 {} ms, p99 {} ms, {} failed", name, Report.fmt(r.perSecond()),
        Report.fmt(Samples.ms(r.latencies().percentile(50))), Report.fmt(Samples.ms(r.latencies().percentile(99))), r.failed());
    f.put("rate", r.perSecond());
    f.put("p50", Samples.ms(r.latencies().percentile(50)));
    f.put("p99", Samples.ms(r.latencies().percentile(99)));
    f.put("failed", (double) r.failed());
  }
}
