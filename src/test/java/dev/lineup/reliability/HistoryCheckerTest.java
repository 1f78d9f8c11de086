package dev.lineup.reliability;

import dev.lineup.auth.Principal;
import dev.lineup.schedule.Decider;
import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history checker (see {@link History}) against one node, and against two clustered nodes
 * sharing one store: nothing acknowledged is lost, nothing refused is applied, every log is one
 * gap-free order, every subscriber sees a prefix of it, every snapshot is its replay.
 */
class HistoryCheckerTest {

  private static final int ORGANIZERS = Integer.getInteger("lineup.history.organizers", 12);
  private static final int COMMANDS = Integer.getInteger("lineup.history.commands", 50);
  private static final int WORKSHOPS = 4;
  private static final int SUBSCRIBERS_PER_WORKSHOP = 4;

  private final List<TestNode> nodes = new ArrayList<>();
  private Vertx clients;
  private History history;

  @BeforeEach
  void start() {
    clients = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (history != null) history.close();
    Await.result(clients.close(), java.time.Duration.ofSeconds(10));
    // The node sharing its store stops last.
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
  }

  private History history(List<TestNode> on) {
    List<Integer> ports = on.stream().map(TestNode::port).toList();
    List<Http> https = on.stream().map(n -> n.http).toList();
    Map<String, String> tokens = new HashMap<>();
    for (int o = 0; o < ORGANIZERS; o++) {
      tokens.put("organizer-" + o, on.get(0).token("organizer-" + o, List.of(Principal.ORGANIZER), List.of("*")));
    }
    return new History(clients, ports, https, on.get(0).adminToken(), tokens);
  }

  private void runAndCheck(String name, List<TestNode> on) throws Exception {
    history = history(on);
    history.createWorkshops(WORKSHOPS, ORGANIZERS);
    List<Runnable> organizers = new ArrayList<>();
    for (int o = 0; o < ORGANIZERS; o++) {
      // A quarter of the organizers edit over the live bridge, as the editor page does.
      organizers.add(history.organizer("organizer-" + o, o, o % on.size(), COMMANDS, 1000L + o, o % 4 == 3));
    }
    long started = System.nanoTime();
    history.run(organizers, SUBSCRIBERS_PER_WORKSHOP);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    history.check(new Decider((w, p, d) -> null, "Europe/Rome"));
    Map<String, Object> figures = new HashMap<>(history.figures);
    figures.put("nodes", on.size());
    figures.put("organizers", ORGANIZERS);
    figures.put("workshops", WORKSHOPS);
    figures.put("subscribers", history.subscribers.size());
    figures.put("commands sent (attempts)", history.outcomes.size());
    figures.put("run ms", ms);
    Figures.write(name, figures);
    assertThat(history.figures.get("acknowledged")).isGreaterThan(ORGANIZERS * COMMANDS / 4);
    assertThat(history.figures.get("refused")).isPositive();
    assertThat(history.figures.getOrDefault("5xx", 0)).isZero();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void oneNode() throws Exception {
    nodes.add(TestNode.start(Map.of("store_timeout_ms", 10_000)));
    runAndCheck("history-one-node", nodes);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoClusteredNodesSharingOneStore() throws Exception {
    int storePort = LineupProcess.freePort();
    int p1 = LineupProcess.freePort();
    int p2 = LineupProcess.freePort();
    String members = "127.0.0.1:" + p1 + ",127.0.0.1:" + p2;
    String cluster = "lineup-rel-" + UUID.randomUUID().toString().substring(0, 8);
    nodes.add(TestNode.start(Map.of("cluster", true, "cluster_name", cluster, "cluster_port", p1,
        "cluster_members", members, "store_port", storePort, "store_password", "history-store", "store_timeout_ms", 10_000)));
    nodes.add(TestNode.start(Map.of("cluster", true, "cluster_name", cluster, "cluster_port", p2,
        "cluster_members", members, "mongo_uri", "mongodb://lineup:history-store@127.0.0.1:" + storePort + "/?authSource=admin",
        "store_timeout_ms", 10_000)));
    runAndCheck("history-two-nodes", nodes);
  }
}
