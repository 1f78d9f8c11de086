package dev.lineup.bench;

import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 2: O organizers over HTTP (closed loop: each sends its next command when the last was
 * acknowledged, i.e. durable), spread over W workshops, then all on one hot workshop. Baseline:
 * the raw store ceiling ({@link BaselineServer} {@code store}) with O writers on W (then 1)
 * workshops, issuing the same event insert and snapshot replace with the same group commit.
 */
final class Commands {

  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
  private static final Pattern RESULT = Pattern.compile("RESULT (\\{.*})");

  private final Bench bench;

  Commands(Bench bench) {
    this.bench = bench;
  }

  void run() throws Exception {
    int organizers = bench.intOpt("organizers");
    int workshops = bench.intOpt("workshops");
    int warmup = bench.intOpt("warmup-seconds");
    int seconds = bench.intOpt("seconds");
    Bench.Figures spread = new Bench.Figures();
    Bench.Figures hot = new Bench.Figures();
    Bench.Figures rawSpread = new Bench.Figures();
    Bench.Figures rawHot = new Bench.Figures();
    try (Child child = bench.lineup("commands")) {
      LineupApi api = new LineupApi(bench.vertx, child.port);
      List<List<String>> talks = new ArrayList<>();
      for (int w = 0; w < workshops; w++) talks.add(api.create("cmd-" + w, 12));
      List<String> hotTalks = api.create("hot", 12);
      List<String> tokens = new ArrayList<>();
      for (int o = 0; o < organizers; o++) {
        tokens.add("Bearer " + api.organizer("organizer-" + o, List.of("cmd-" + (o % workshops), "hot")));
      }
      // The baseline writes Lineup's own documents: the event and the snapshot as Lineup stores them.
      api.http.command("cmd-0", api.admin, LineupApi.edit(talks.get(0).get(0), 0, null));
      JsonObject snapshot = api.http.get("/api/workshops/cmd-0").json();
      JsonObject template = new JsonObject().put("event", api.lastEvent("cmd-0")).put("snapshot", snapshot);
      Path templateFile = bench.out.resolve("run").resolve("store-template.json");
      Files.createDirectories(templateFile.getParent());
      Files.writeString(templateFile, template.encodePrettily());
      HttpClientAgent http = HttpLoad.client(bench.vertx, child.port, organizers);
      int[] counter = new int[organizers];
      try {
        for (int r = 0; r < bench.repeats(); r++) {
          HttpLoad.Result a = HttpLoad.closedLoop(http, organizers, o -> {
            int w = o % workshops;
            String talk = talks.get(w).get((o / workshops) % 12);
            return new HttpLoad.Call(HttpMethod.POST, "/api/workshops/cmd-" + w + "/commands", tokens.get(o),
                LineupApi.edit(talk, ++counter[o], null).encode());
          }, warmup * 1000L, seconds * 1000L);
          record("lineup spread", a, spread);
          record("raw store spread", raw(templateFile, organizers, workshops, warmup, seconds), rawSpread);
          HttpLoad.Result b = HttpLoad.closedLoop(http, organizers, o -> new HttpLoad.Call(HttpMethod.POST,
              "/api/workshops/hot/commands", tokens.get(o), LineupApi.edit(hotTalks.get(o % 12), ++counter[o], null).encode()),
              warmup * 1000L, seconds * 1000L);
          record("lineup hot", b, hot);
          record("raw store hot", raw(templateFile, organizers, 1, warmup, seconds), rawHot);
        }
      } finally {
        http.close();
      }
    }
    String s1 = "2 commands: " + organizers + " organizers on " + workshops + " workshops";
    bench.row(s1, "persisted commands/s", "/s", spread.get("rate"), rawSpread.get("rate"), "raw store ceiling",
        "≥ 2,000/s", v -> v >= 2000);
    bench.row(s1, "share of raw store ceiling", "%", ratio(spread, rawSpread), null, null, "≥ 80 %", v -> v >= 80);
    bench.row(s1, "p50 ack", "ms", spread.get("p50"), rawSpread.get("p50"), "raw store ceiling", null, null);
    bench.row(s1, "p99 ack", "ms", spread.get("p99"), rawSpread.get("p99"), "raw store ceiling", null, null);
    bench.row(s1, "failed commands", "", spread.get("failed"), null, null, "0", v -> v == 0);
    String s2 = "2 commands: " + organizers + " organizers on 1 hot workshop";
    bench.row(s2, "persisted commands/s", "/s", hot.get("rate"), rawHot.get("rate"), "raw store ceiling",
        "≥ 500/s", v -> v >= 500);
    bench.row(s2, "share of raw store ceiling", "%", ratio(hot, rawHot), null, null, "≥ 80 %", v -> v >= 80);
    bench.row(s2, "p50 ack", "ms", hot.get("p50"), rawHot.get("p50"), "raw store ceiling", null, null);
    bench.row(s2, "p99 ack", "ms", hot.get("p99"), rawHot.get("p99"), "raw store ceiling", null, null);
    bench.row(s2, "failed commands", "", hot.get("failed"), null, null, "0", v -> v == 0);
  }

  /** Per repeat: Lineup's rate as a share of the ceiling measured right after it. */
  private static List<Double> ratio(Bench.Figures lineup, Bench.Figures raw) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(lineup.get("rate").size(), raw.get("rate").size()); i++) {
      out.add(100 * lineup.get("rate").get(i) / raw.get("rate").get(i));
    }
    return out;
  }

  private void record(String name, HttpLoad.Result r, Bench.Figures f) {
    LOG.info("{}: {} /s, p50 {} ms, p99 {} ms, {} failed", name, Report.fmt(r.perSecond()),
        Report.fmt(Samples.ms(r.latencies().percentile(50))), Report.fmt(Samples.ms(r.latencies().percentile(99))), r.failed());
    f.put("rate", r.perSecond());
    f.put("p50", Samples.ms(r.latencies().percentile(50)));
    f.put("p99", Samples.ms(r.latencies().percentile(99)));
    f.put("failed", (double) r.failed());
  }

  private void record(String name, JsonObject r, Bench.Figures f) {
    LOG.info("{}: {}", name, r.encode());
    f.put("rate", number(r, "opsPerSecond"));
    f.put("p50", number(r, "p50ms"));
    f.put("p99", number(r, "p99ms"));
  }

  /** A figure of the child's JSON line; a run that completed nothing prints "NaN" for its latencies. */
  private static double number(JsonObject r, String key) {
    return r.getValue(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** One run of the raw store ceiling in a child JVM of its own, on a fresh H2 file. */
  private JsonObject raw(Path template, int writers, int workshops, int warmup, int seconds) {
    Path dir = bench.freshDir("raw-store");
    try (Child c = Child.baseline("raw-store", dir, bench.serverFlags("raw-store", false), 0, "store",
        dir.resolve("data").toString(), template.toString(), String.valueOf(writers), String.valueOf(workshops),
        String.valueOf(warmup), String.valueOf(seconds))) {
      int status = c.waitFor(Duration.ofSeconds(warmup + seconds + 180L));
      Matcher m = RESULT.matcher(c.log());
      if (status != 0 || !m.find()) throw new IllegalStateException("raw store run failed (" + status + "): " + c.log());
      return new JsonObject(m.group(1));
    }
  }
}
