package dev.lineup.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Scenario 8: a good login ({@code admin}, right password, from the address it always uses) while
 * F loops ({@code --login-flood}, 32) send wrong logins as fast as they are answered, each from
 * another address (a proxy in front of Lineup passes {@code X-Forwarded-For}, trusted from
 * loopback): (a) wrong passwords for {@code admin}, (b) unknown usernames, which no per-username
 * limit can catch. The good logins run one after the other for {@code --login-seconds} (20) per
 * flood; the figure is their latency, and how many were not answered 200.
 */
final class Logins {

  private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
  private static final String PASSWORD = "bench-admin-password";
  private static final String ADMIN_ADDRESS = "198.51.100.7";

  private final Bench bench;

  Logins(Bench bench) {
    this.bench = bench;
  }

  void run() {
    int flood = bench.intOpt("login-flood");
    long seconds = bench.intOpt("login-seconds");
    String name = "logins";
    Child c = Child.lineup("lineup-" + name, bench.freshDir("lineup-" + name), bench.serverFlags(name, true),
        Map.of("LINEUP_ADMIN_PASSWORD", PASSWORD, "LINEUP_TRUSTED_PROXIES", "127.0.0.1"));
    try (Child child = c.ready()) {
      HttpClientAgent good = HttpLoad.client(bench.vertx, child.port, 1);
      HttpClientAgent bad = HttpLoad.client(bench.vertx, child.port, flood);
      String scenario = "8 good login during a flood of " + flood + " parallel bad logins";
      Samples quiet = new Samples();
      int quietFailed = goodLogins(good, quiet, 10, 0);
      bench.row(scenario, "good login, no flood (median)", "ms", List.of(Samples.ms(quiet.percentile(50))), null, null,
          "–", null);
      LOG.info("logins without a flood: median {} ms, {} not 200", Report.fmt(Samples.ms(quiet.percentile(50))), quietFailed);
      for (String kind : List.of("admin", "unknown")) {
        Supplier<String> user = kind.equals("admin") ? () -> "admin"
            : () -> "nobody-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        AtomicLong stop = new AtomicLong(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
        AtomicLong answered = new AtomicLong();
        List<Future<Void>> loops = new ArrayList<>();
        for (int i = 0; i < flood; i++) loops.add(floodLoop(bad, user, stop, answered));
        Samples during = new Samples();
        int failed = goodLogins(good, during, Integer.MAX_VALUE, stop.get());
        Bench.await(Future.all(loops), 120);
        String what = kind.equals("admin") ? "wrong passwords for admin" : "unknown usernames";
        LOG.info("flood of {}: good logins median {} ms, max {} ms, {} of {} not 200; {} bad logins answered",
            what, Report.fmt(Samples.ms(during.percentile(50))), Report.fmt(Samples.ms(during.max())), failed,
            during.size(), answered.get());
        bench.row(scenario, "good login, flood of " + what + " (median)", "ms",
            List.of(Samples.ms(during.percentile(50))), null, null, "≤ 1,000 ms", v -> v <= 1000);
        bench.row(scenario, "good login, flood of " + what + " (max)", "ms",
            List.of(Samples.ms(during.max())), null, null, "≤ 1,500 ms", v -> v <= 1500);
        bench.row(scenario, "good logins not answered 200, flood of " + what, "of " + during.size(),
            List.of((double) failed), null, null, "0", v -> v == 0);
      }
    }
  }

  /** Good logins one after the other (up to {@code count}, or until {@code untilNanos}); returns how many failed. */
  private int goodLogins(HttpClientAgent client, Samples latencies, int count, long untilNanos) {
    int failed = 0;
    for (int i = 0; i < count && (untilNanos == 0 || System.nanoTime() < untilNanos); i++) {
      long t0 = System.nanoTime();
      int status = Bench.await(login(client, "admin", PASSWORD, ADMIN_ADDRESS), 120);
      latencies.add(System.nanoTime() - t0);
      if (status != 200) failed++;
    }
    return failed;
  }

  private static Future<Void> floodLoop(HttpClientAgent client, Supplier<String> user, AtomicLong stop, AtomicLong answered) {
    Promise<Void> done = Promise.promise();
    floodOnce(client, user, stop, answered, done);
    return done.future();
  }

  private static void floodOnce(HttpClientAgent client, Supplier<String> user, AtomicLong stop, AtomicLong answered,
                                Promise<Void> done) {
    if (System.nanoTime() >= stop.get()) {
      done.complete();
      return;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String address = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    login(client, user.get(), "wrong-" + r.nextInt(), address).onComplete(ar -> {
      answered.incrementAndGet();
      floodOnce(client, user, stop, answered, done);
    });
  }

  /** The status of one {@code POST /api/token}. */
  private static Future<Integer> login(HttpClientAgent client, String username, String password, String forwardedFor) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/token")
        .setConnectTimeout(30_000).setIdleTimeout(60_000)
        .addHeader("Content-Type", "application/json").addHeader("X-Forwarded-For", forwardedFor);
    String body = new JsonObject().put("username", username).put("password", password).encode();
    return client.request(options).compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }
}
