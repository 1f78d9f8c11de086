package dev.lineup.cluster;

import dev.lineup.support.ClusterNodes;
import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three clustered nodes (Hazelcast, TCP join on loopback) sharing one store (node A's embedded
 * store, which B and C reach over the wire): edits reach browsers on every node, concurrent writers
 * on different nodes produce one gap-free order, and a node that goes away takes nothing with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private static ClusterNodes cluster;
  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    cluster = ClusterNodes.onLoopback(3);
    List<TestNode> nodes = cluster.startAll();
    a = nodes.get(0);
    b = nodes.get(1);
    c = nodes.get(2);
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close();
    for (TestNode n : new TestNode[] {c, b, a}) {
      if (n != null) n.close(); // node B is stopped by a test already: then nothing to do
    }
  }

  private static String createWorkshop(Http http, String token, String id, int talks) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < talks; i++) {
      list.add(new JsonObject().put("title", "Talk " + i).put("start", String.format("%02d:00", 8 + i)).put("end", String.format("%02d:30", 8 + i)));
    }
    Http.Response r = http.postJson("/api/workshops", token, new JsonObject().put("id", id).put("title", id).put("date", "2026-11-26").put("talks", list));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return id;
  }

  private static JsonObject rename(String talkId, String title, long expectedVersion) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId).put("expectedVersion", expectedVersion)
        .put("set", new JsonObject().put("title", title));
  }

  private static List<String> talkIds(Http http, String id) {
    return http.get("/api/workshops/" + id).json().getJsonArray("talks").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static List<Long> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getJsonObject("body").getLong("seq")).toList();
  }

  @Test
  @Order(1)
  void healthSaysTheNodeIsInTheCluster() {
    Http.Response health = c.http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("cluster").contains("\"members\":3");
  }

  /** An event on the address (notices and probes carry no seq). */
  private static boolean isEvent(JsonObject frame, String address) {
    return address.equals(frame.getString("address")) && frame.getValue("body") instanceof JsonObject body
        && body.containsKey("seq");
  }

  @Test
  @Order(2)
  void anEditOnAReachesBrowsersOnC() {
    String id = createWorkshop(a.http, a.adminToken(), "cluster-fanout", 1);
    String talk = talkIds(a.http, id).get(0);
    String address = Addresses.workshop(id);
    List<BridgeClient> onC = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      BridgeClient client = BridgeClient.connect(clients, c.port());
      client.listen(address);
      onC.add(client);
    }
    String token = a.adminToken();
    for (int i = 0; i < 30; i++) {
      assertThat(a.http.command(id, token, rename(talk, "Edit " + i, 1 + i)).status()).isEqualTo(200);
    }
    List<Long> expected = LongStream.rangeClosed(2, 31).boxed().toList();
    for (BridgeClient client : onC) {
      List<JsonObject> frames = new ArrayList<>();
      for (int i = 0; i < 30; i++) frames.add(client.next(f -> isEvent(f, address), Duration.ofSeconds(10)));
      assertThat(seqs(frames)).containsExactlyElementsOf(expected);
      client.close();
    }
    // C's own copy of the workshop followed too.
    assertThat(c.http.get("/api/workshops/" + id).json().getLong("version")).isEqualTo(31);
  }

  @Test
  @Order(3)
  void writersOnTwoNodesWithStaleVersionsLoseNothing() throws Exception {
    String id = createWorkshop(a.http, a.adminToken(), "cluster-writers", 8);
    List<String> talks = talkIds(a.http, id);
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      int me = w;
      TestNode node = w % 2 == 0 ? a : b;
      String token = node.organizerToken("writer-" + w, id);
      done.add(pool.submit(() -> {
        for (int e = 0; e < 15; e++) {
          String title = "w" + me + " e" + e;
          Http.Response r = node.http.command(id, token, rename(talks.get(me), title, 1));
          assertThat(r.status()).as(r.body()).isEqualTo(200);
          acknowledged.put(title, r.json().getLong("seq"));
        }
      }));
    }
    for (var f : done) f.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(acknowledged).hasSize(8 * 15);
    JsonArray log = new JsonArray();
    long after = 0;
    while (true) {
      JsonArray page = c.http.get("/api/workshops/" + id + "/events?after=" + after).array();
      if (page.isEmpty()) break;
      page.forEach(log::add);
      after = page.getJsonObject(page.size() - 1).getLong("seq");
    }
    assertThat(log.stream().map(e -> ((JsonObject) e).getLong("seq")).toList())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + 8 * 15).boxed().toList());
    for (Object o : log) {
      JsonObject e = (JsonObject) o;
      if (!"talk.updated".equals(e.getString("type"))) continue;
      String title = e.getJsonObject("data").getJsonObject("set").getString("title");
      assertThat(acknowledged.get(title)).isEqualTo(e.getLong("seq"));
    }
    for (TestNode n : List.of(a, b, c)) {
      JsonObject w = n.http.get("/api/workshops/" + id).json();
      assertThat(w.getLong("version")).isEqualTo(1 + 8 * 15);
      for (int t = 0; t < 8; t++) {
        assertThat(w.getJsonArray("talks").getJsonObject(t).getString("title")).isEqualTo("w" + t + " e14");
      }
    }
  }

  @Test
  @Order(4)
  void whenBGoesAwayAAndCKeepServingAndTheirBrowsersMissNothing() throws Exception {
    String id = createWorkshop(a.http, a.adminToken(), "cluster-failover", 1);
    String talk = talkIds(a.http, id).get(0);
    String address = Addresses.workshop(id);
    BridgeClient onA = BridgeClient.connect(clients, a.port());
    BridgeClient onC = BridgeClient.connect(clients, c.port());
    onA.listen(address);
    onC.listen(address);
    assertThat(b.http.command(id, b.adminToken(), rename(talk, "from B", 1)).status()).isEqualTo(200);
    b.close();
    String token = c.adminToken();
    for (int i = 0; i < 10; i++) {
      assertThat(c.http.command(id, token, rename(talk, "after B " + i, 2 + i)).status()).isEqualTo(200);
    }
    List<Long> expected = LongStream.rangeClosed(2, 12).boxed().toList();
    for (BridgeClient client : List.of(onA, onC)) {
      List<JsonObject> frames = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) frames.add(client.next(f -> isEvent(f, address), Duration.ofSeconds(10)));
      assertThat(seqs(frames)).containsExactlyElementsOf(expected);
      client.close();
    }
    assertThat(a.http.get("/api/workshops/" + id).json().getLong("version")).isEqualTo(12);
  }

  /**
   * After the split of the test before (B went away), an event appended to the log whose
   * publication never reaches A and C (here: by a node outside the cluster on the same store) still
   * reaches them and their browsers, with nobody writing after it: after a heal, publications
   * between members can keep missing one of them.
   */
  @Test
  @Order(5)
  void afterASplitAnEventWhosePublicationNeverArrivedStillReachesEveryNode() {
    String id = "cluster-failover";
    String address = Addresses.workshop(id);
    BridgeClient onA = BridgeClient.connect(clients, a.port());
    BridgeClient onC = BridgeClient.connect(clients, c.port());
    onA.listen(address);
    onC.listen(address);
    try (TestNode outsider = TestNode.start(Map.of("mongo_uri", cluster.storeUri()))) {
      String talk = talkIds(outsider.http, id).get(0);
      assertThat(outsider.http.command(id, outsider.adminToken(), rename(talk, "from outside", 12)).status()).isEqualTo(200);
    }
    for (BridgeClient client : List.of(onA, onC)) {
      assertThat(client.next(f -> isEvent(f, address), Duration.ofSeconds(20)).getJsonObject("body").getLong("seq")).isEqualTo(13L);
      client.close();
    }
    for (TestNode node : List.of(a, c)) {
      Await.until("node on port " + node.port() + " at version 13", Duration.ofSeconds(10),
          () -> node.http.get("/api/workshops/" + id).json().getLong("version") == 13);
    }
  }
}
