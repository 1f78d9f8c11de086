package dev.lineup.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: {@code java -jar lineup.jar} on a fresh data folder (embedded store), from process
 * start to the first 200 of {@code /health} (polled every 10 ms); the median of N starts. The admin
 * is created from {@code LINEUP_ADMIN_PASSWORD} on that first start, as a new installation does.
 */
final class Startup {

  private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

  private final Bench bench;

  Startup(Bench bench) {
    this.bench = bench;
  }

  void run() {
    int n = bench.intOpt("startups");
    List<Double> ms = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < n; i++) {
      try (Child c = Child.lineup("lineup-startup", bench.freshDir("lineup-startup"), bench.serverFlags("startup-" + i, true),
          Map.of("LINEUP_ADMIN_PASSWORD", "bench-admin-password-0123"))) {
        double t = c.awaitReady("/health", Duration.ofSeconds(60), 10) / 1e6;
        LOG.info("start-up {}: {} ms", i, Report.fmt(t));
        ms.add(t);
      } catch (IllegalStateException e) {
        // A node that cannot reach its store within store_timeout_ms refuses to start: that counts.
        failed++;
        LOG.warn("start-up {} failed: {}", i, e.getMessage());
      }
    }
    String s = "7 start-up (jar, embedded store, fresh data folder, default config, admin from LINEUP_ADMIN_PASSWORD)";
    bench.row(s, "process start → /health 200", "ms", ms, null, null, "≤ 1,500 ms", v -> v <= 1500);
    bench.row(s, "starts that failed", "of " + n, List.of((double) failed), null, null, "0", v -> v == 0);
  }
}
