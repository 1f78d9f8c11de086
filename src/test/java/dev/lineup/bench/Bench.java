package dev.lineup.bench;

import dev.lineup.support.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness (not a test): starts Lineup as a child JVM of {@code target/lineup.jar}
 * on the embedded store, drives it with load generators in this JVM, measures a baseline in the
 * same run on the same machine, and prints one table (also written to {@code target/bench/results.md}).
 *
 * <pre>
 *   mvn -Pbench verify -DskipTests -Dbench.args="--repeats=3 --fanout-clients=5000"
 * </pre>
 *
 * Flags ({@code --name=value}; defaults in {@link #DEFAULTS}): {@code scenarios} (comma list of
 * fanout, commands, screen, reads, storm, restart, memory, startup, logins), {@code repeats}, sizes per scenario,
 * {@code server-heap}, {@code jfr} (a folder: record the Lineup child JVMs with Flight Recorder).
 * See BENCHMARKS.md.
 */
public final class Bench {

  private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

  static final Map<String, String> DEFAULTS = new java.util.LinkedHashMap<>();

  static {
    DEFAULTS.put("scenarios", "fanout,commands,screen,reads,storm,restart,memory,startup,logins");
    DEFAULTS.put("repeats", "3");
    DEFAULTS.put("server-heap", "512m");
    DEFAULTS.put("out", "target/bench");
    DEFAULTS.put("jfr", "");
    DEFAULTS.put("lineup-jar", "");
    DEFAULTS.put("live-ping-timeout-ms", "45000");
    DEFAULTS.put("store-timeout-ms", "10000");
    DEFAULTS.put("fanout-clients", "1000");
    DEFAULTS.put("fanout-edits", "100");
    DEFAULTS.put("fanout-rate", "20");
    DEFAULTS.put("organizers", "32");
    DEFAULTS.put("workshops", "8");
    DEFAULTS.put("warmup-seconds", "2");
    DEFAULTS.put("seconds", "5");
    DEFAULTS.put("screens", "100");
    DEFAULTS.put("screen-edits", "100");
    DEFAULTS.put("screen-rate", "10");
    DEFAULTS.put("read-connections", "32");
    DEFAULTS.put("storm-clients", "1000");
    DEFAULTS.put("storm-events", "100");
    DEFAULTS.put("storm-workshops", "1");
    DEFAULTS.put("memory-from", "1000");
    DEFAULTS.put("memory-to", "5000");
    DEFAULTS.put("startups", "5");
    DEFAULTS.put("restart-clients", "1000");
    DEFAULTS.put("restart-workshops", "4");
    DEFAULTS.put("restart-down-ms", "5000");
    DEFAULTS.put("programme-attendees", "2000");
    DEFAULTS.put("programme-workshops", "10");
    DEFAULTS.put("programme-edits", "50");
    DEFAULTS.put("programme-rate", "10");
    DEFAULTS.put("login-flood", "32");
    DEFAULTS.put("login-seconds", "20");
  }

  final Map<String, String> options;
  final Vertx vertx;
  final Report report = new Report();
  final Path out;
  private int childCount;

  private Bench(Map<String, String> options) {
    this.options = options;
    this.vertx = Vertx.vertx();
    this.out = Path.of(options.get("out")).toAbsolutePath();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.LinkedHashMap<>(DEFAULTS);
    for (String arg : String.join(" ", args).trim().split("\\s+")) {
      if (arg.isBlank()) continue;
      if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("flags are --name=value: " + arg);
      String key = arg.substring(2, arg.indexOf('='));
      if (!DEFAULTS.containsKey(key)) throw new IllegalArgumentException("unknown flag --" + key + "; known: " + DEFAULTS.keySet());
      options.put(key, arg.substring(arg.indexOf('=') + 1));
    }
    // Another build of Lineup (e.g. a copy of the jar before a change), for before/after figures.
    if (!options.get("lineup-jar").isBlank()) System.setProperty("lineup.jar", options.get("lineup-jar"));
    Bench bench = new Bench(options);
    int status = 0;
    try {
      bench.run();
    } catch (Throwable t) {
      LOG.error("benchmark failed", t);
      status = 1;
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(status);
  }

  private void run() throws Exception {
    Set<String> scenarios = new LinkedHashSet<>(Arrays.asList(options.get("scenarios").split(",")));
    String started = Instant.now().toString();
    String preamble = machine(started);
    System.out.println(preamble);
    System.out.println(Report.header());
    for (String s : scenarios) {
      LOG.info("=== scenario {} ===", s);
      long t0 = System.nanoTime();
      String loadBefore = loadAverage();
      try {
        switch (s) {
          case "fanout" -> new FanOut(this).fanout();
          case "screen" -> new FanOut(this).screens();
          case "programme" -> new FanOut(this).programme();
          case "cluster" -> new FanOut(this).cluster();
          case "commands" -> new Commands(this).run();
          case "reads" -> new Reads(this).run();
          case "storm" -> new Storm(this).run();
          case "restart" -> new Restart(this).run();
          case "memory" -> new Memory(this).run();
          case "startup" -> new Startup(this).run();
          case "logins" -> new Logins(this).run();
          default -> throw new IllegalArgumentException("unknown scenario " + s);
        }
      } catch (RuntimeException e) {
        LOG.error("scenario {} failed", s, e);
        report.note("scenario " + s + " failed: " + e);
      }
      long took = (System.nanoTime() - t0) / 1_000_000_000;
      LOG.info("=== scenario {} took {} s ===", s, took);
      report.note("scenario " + s + ": " + took + " s; load average (1, 5, 15 min) before " + loadBefore
          + ", after " + loadAverage());
    }
    report.write(out.resolve("results.md"), preamble);
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("(written to " + out.resolve("results.md") + ")");
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "?";
    }
  }

  private String machine(String started) {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (Exception ignored) {
      // not Linux
    }
    String load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception ignored) {
      // not Linux
    }
    String host = "?";
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception ignored) {
      // no name
    }
    return "Lineup benchmark, started " + started + " on " + host + ": " + Runtime.getRuntime().availableProcessors()
        + " cores (" + cpu + "), Java " + System.getProperty("java.version") + ", load average at start " + load
        + ", server heap -Xmx" + options.get("server-heap") + ", repeats " + options.get("repeats")
        + ". Flags: " + options;
  }

  // ---- helpers shared by the scenarios ------------------------------------------------------

  int intOpt(String name) {
    return Integer.parseInt(options.get(name));
  }

  int repeats() {
    return intOpt("repeats");
  }

  List<String> serverFlags(String name, boolean lineup) {
    List<String> flags = new ArrayList<>(List.of("-Xmx" + options.get("server-heap"), "-Xms64m"));
    String jfr = options.get("jfr");
    if (lineup && !jfr.isBlank()) {
      Path dir = Path.of(jfr).toAbsolutePath();
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      flags.add("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
    }
    return flags;
  }

  Path freshDir(String name) {
    Path dir = out.resolve("run").resolve(name + "-" + (++childCount));
    try {
      if (Files.exists(dir)) {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(dir);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }

  Child lineup(String name) {
    return ready(lineup(name, freshDir("lineup-" + name), dev.lineup.support.Ports.free()));
  }

  /** A Lineup child on this port and data folder, started (not yet healthy): also a restart of one. */
  Child lineup(String name, Path dir, int port) {
    return lineup(name, dir, port, Map.of());
  }

  private Child lineup(String name, Path dir, int port, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    // A shared, loaded machine can stall the cold store's first calls past the default 2 s: the
    // nodes under load get more (the start-up scenario keeps the default).
    env.put("LINEUP_STORE_TIMEOUT_MS", options.get("store-timeout-ms"));
    // As lenient as the Socket.IO baseline (ping interval 25 s + timeout 20 s): on a machine this
    // loaded the swarm's pings arrive late, and a close would count as missing frames.
    env.put("LINEUP_LIVE_PING_TIMEOUT_MS", options.get("live-ping-timeout-ms"));
    return Child.lineup("lineup-" + name, dir, serverFlags(name, true), env, port);
  }

  /**
   * {@code n} clustered Lineup nodes, healthy, as README's scale-out section starts them: the first
   * hosts the embedded store (with a password) for the others.
   */
  List<Child> clusterNodes(String name, int n) {
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) clusterPorts.add(Ports.free());
    String members = String.join(",", clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    int storePort = Ports.free();
    String password = java.util.UUID.randomUUID().toString().replace("-", "");
    List<Child> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Map<String, String> env = new HashMap<>(Map.of("LINEUP_CLUSTER", "true", "LINEUP_CLUSTER_MEMBERS", members,
            "LINEUP_CLUSTER_PORT", String.valueOf(clusterPorts.get(i)), "LINEUP_STORE_PASSWORD", password));
        if (i == 0) env.put("LINEUP_STORE_PORT", String.valueOf(storePort));
        else env.put("LINEUP_MONGO_URI", "mongodb://lineup:" + password + "@127.0.0.1:" + storePort + "/?authSource=admin");
        String node = name + "-" + (char) ('a' + i);
        nodes.add(ready(lineup(node, freshDir("lineup-" + node), Ports.free(), env)));
      }
    } catch (RuntimeException e) {
      nodes.forEach(Child::close);
      throw e;
    }
    return nodes;
  }

  private static Child ready(Child c) {
    try {
      return c.ready();
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Lineup deploys one HTTP server instance per core, at most 4: the baselines do the same. */
  static int instances() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  Child baseline(String name, String... args) {
    int port = Ports.free();
    List<String> all = new ArrayList<>();
    all.add(args[0]);
    all.add(String.valueOf(port));
    all.add(String.valueOf(instances()));
    all.addAll(Arrays.asList(args).subList(1, args.length));
    return ready(Child.baseline(name, freshDir(name), serverFlags(name, false), port, all.toArray(String[]::new)));
  }

  /** The Socket.IO baseline (Node) on a free port, healthy. */
  Child socketIo(String name) {
    return ready(Child.socketIo(name, freshDir(name), Ports.free()));
  }

  /** Adds a row from per-repeat figures. */
  void row(String scenario, String metric, String unit, List<Double> lineup, List<Double> baseline, String baselineName,
           String goal, java.util.function.DoublePredicate goalMet) {
    double l = Samples.median(lineup);
    double b = baseline == null ? Double.NaN : Samples.median(baseline);
    Boolean met = goalMet == null || Double.isNaN(l) ? null : goalMet.test(l);
    report.add(new Report.Row(scenario, metric, unit, l, b, baselineName, goal, met, lineup, Report.ratio(lineup, baseline)));
  }

  /** Adds a row whose goal is on the ratio to the baseline of the same run (median per repeat). */
  void rowByRatio(String scenario, String metric, String unit, List<Double> lineup, List<Double> baseline,
                  String baselineName, String goal, java.util.function.DoublePredicate ratioMet) {
    double ratio = Report.ratio(lineup, baseline);
    Boolean met = Double.isNaN(ratio) ? null : ratioMet.test(ratio);
    report.add(new Report.Row(scenario, metric, unit, Samples.median(lineup), Samples.median(baseline), baselineName,
        goal, met, lineup, ratio));
  }

  /** Per-repeat figures by metric name. */
  static final class Figures {
    final Map<String, List<Double>> byMetric = new HashMap<>();

    void put(String metric, double value) {
      byMetric.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    List<Double> get(String metric) {
      return byMetric.getOrDefault(metric, List.of());
    }
  }
}
