package dev.lineup.faults;

import dev.lineup.reliability.Figures;
import dev.lineup.support.Await;
import dev.lineup.support.FaultyLink;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow, then dead, then flapping store under two clustered nodes (real jars) that reach it only
 * through a link this test controls, with the default 2 s store timeout; writers on both nodes
 * over REST and the bridge. Slow (150 ms a chunk each way): commands are still acknowledged and
 * /health says UP. Stalled (every byte held, connections open): commands answer 503 within the
 * store timeout, /health says DOWN on both nodes and keeps saying it. Flapping (1 s stalled, 1 s
 * flowing): nothing acknowledged is lost. Healed: both nodes are UP again by themselves and
 * acknowledge again, and the log holds every acknowledged command once.
 */
class SlowStoreIT {

  private static final String WORKSHOP = "slow-store";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long STORE_TIMEOUT_MS = 2_000;
  @RegisterExtension
  final FaultCluster cluster = new FaultCluster();

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void commandsAnswer503WhileTheStoreIsGoneNothingIsLostAndNodesHealByThemselves() throws Exception {
    List<LineupProcess> nodes = cluster.startBehindLink(2, Map.of("store_timeout_ms", STORE_TIMEOUT_MS));
    FaultyLink link = cluster.link();
    Vertx clients = cluster.clients();
    String token = cluster.createWorkshop(WORKSHOP, 4);
    List<String> talks = cluster.talkIds(WORKSHOP);
    Map<String, Object> figures = new LinkedHashMap<>();
    try (Writers writers = new Writers(clients, nodes, WORKSHOP, token)) {
      for (int i = 0; i < 2; i++) {
        writers.start(new Writers.Writer("rest-" + i, i, false, talks.get(2 * i)));
        writers.start(new Writers.Writer("bridge-" + i, i, true, talks.get(2 * i + 1)));
      }
      Await.until("10 acknowledged with a healthy store", WAIT, () -> writers.acknowledgedCount() >= 10);

      link.delay(150);
      int beforeSlow = writers.acknowledgedCount();
      Await.until("10 acknowledged with a slow store", WAIT, () -> writers.acknowledgedCount() >= beforeSlow + 10);
      assertThat(nodes).allSatisfy(n -> assertThat(health(n)).as("UP while slow").isEqualTo(200));
      figures.put("acknowledged while slow (150 ms a chunk)", writers.acknowledgedCount() - beforeSlow);

      link.delay(0);
      long stalledAt = System.nanoTime();
      link.stall(true);
      Await.until("/health DOWN on both nodes", WAIT, () -> nodes.stream().allMatch(n -> health(n) == 503));
      figures.put("ms from store stalled to /health DOWN on both", millisSince(stalledAt));
      long sent = System.nanoTime();
      Http.Response refused = nodes.get(1).http.command(WORKSHOP, token, new JsonObject().put("type", "talk.update")
          .put("talkId", talks.get(0)).put("commandId", "while-down").put("set", new JsonObject().put("title", "x")));
      long answeredMs = millisSince(sent);
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(answeredMs).as("503 within the store timeout").isLessThanOrEqualTo(STORE_TIMEOUT_MS + 1_000);
      figures.put("ms to answer a command 503 while the store is down", answeredMs);
      // /health keeps telling the truth while the store stays away (sampled for 3 s).
      for (int i = 0; i < 15; i++) {
        assertThat(nodes).allSatisfy(n -> assertThat(health(n)).as("DOWN while stalled").isEqualTo(503));
        Await.pause(Duration.ofMillis(200));
      }
      int unavailableWhileDown = writers.unavailable.get();

      for (int flap = 0; flap < 4; flap++) {
        link.stall(false);
        Await.pause(Duration.ofSeconds(1)); // the fault's rhythm: one second up
        link.stall(true);
        Await.pause(Duration.ofSeconds(1)); // and one second down
      }

      int beforeHeal = writers.acknowledgedCount();
      long healedAt = System.nanoTime();
      link.stall(false);
      Await.until("/health UP on both nodes", WAIT, () -> nodes.stream().allMatch(n -> health(n) == 200));
      long upMs = millisSince(healedAt);
      Await.until("10 more acknowledged once the store is back", WAIT, () -> writers.acknowledgedCount() >= beforeHeal + 10);
      long acknowledgingMs = millisSince(healedAt);
      writers.stop();

      Map<String, Long> log = Logs.check(nodes, WORKSHOP, writers);
      assertThat(writers.unavailable.get()).as("commands answered 503").isGreaterThan(0);
      figures.putAll(Logs.figures(writers, log));
      figures.put("503 before the flapping", unavailableWhileDown);
      figures.put("ms from store back to /health UP on both", upMs);
      figures.put("ms from store back to 10 more acknowledged", acknowledgingMs);
      Figures.write("slow-store", figures);
    }
  }

  private static int health(LineupProcess node) {
    return node.http.get("/health").status();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
