package dev.lineup.webhooks;

import dev.lineup.support.ClusterNodes;
import dev.lineup.stream.SseClient;
import dev.lineup.support.Await;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Programs following a cluster of two nodes (Hazelcast on loopback, one store): a stream on one
 * node gets the edits made on both, in seq order, and resumes on the other; a webhook is delivered
 * by one node at a time, once and in order while both nodes edit, and carried on by the other node
 * when its node stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFollowersTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestNode a;
  private static TestNode b;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    Map<String, Object> webhooks = Map.of("webhook_allow_private", true, "webhook_retry_base_ms", 50L,
        "webhook_retry_max_ms", 400L, "webhook_lease_ms", 4000L, "webhook_timeout_ms", 2000L, "webhook_scan_ms", 300L);
    List<TestNode> nodes = ClusterNodes.onLoopback(2).withEveryNode(webhooks).startAll();
    a = nodes.get(0);
    b = nodes.get(1);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (b != null) b.close();
    if (a != null) a.close();
    if (vertx != null) vertx.close();
  }

  private static String workshop(String id) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Cluster " + id).put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    Http.Response created = a.http.postJson("/api/workshops", a.adminToken(), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String talk = created.json().getJsonArray("talks").getJsonObject(0).getString("id");
    // Node B knows it too before anything is asked of it there.
    Await.until("node B has the workshop", WAIT, () -> b.http.get("/api/workshops/" + id).status() == 200);
    return talk;
  }

  /** {@code perNode} edits on each node at once; every one accepted. */
  private static void editOnBothNodes(String workshop, String talk, int perNode) throws Exception {
    CompletableFuture<?>[] writers = new CompletableFuture<?>[2];
    TestNode[] nodes = {a, b};
    for (int n = 0; n < 2; n++) {
      TestNode on = nodes[n];
      writers[n] = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < perNode; i++) {
          JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talk)
              .put("set", new JsonObject().put("abstract", on.port() + " " + i));
          Http.Response r = on.http.command(workshop, on.adminToken(), command);
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
      });
    }
    CompletableFuture.allOf(writers).get(60, TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void aStreamOnOneNodeGetsTheEditsOfBothInOrderAndResumesOnTheOther() throws Exception {
    String talk = workshop("cluster-stream");
    String last;
    try (SseClient onB = SseClient.open(b.port(), "/api/workshops/cluster-stream/stream")) {
      editOnBothNodes("cluster-stream", talk, 5);
      List<SseClient.Message> got = onB.next(10, WAIT);
      assertThat(got).extracting(SseClient.Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(2, 11).boxed().toList());
      last = got.get(9).id();
    }
    editOnBothNodes("cluster-stream", talk, 2);
    try (SseClient onA = SseClient.open(a.port(), "/api/workshops/cluster-stream/stream", "Last-Event-ID", last)) {
      assertThat(onA.next(4, WAIT)).extracting(SseClient.Message::seq).containsExactly(12L, 13L, 14L, 15L);
    }
  }

  /** Last: it stops node B. */
  @Test
  @Order(2)
  void aWebhookIsDeliveredOnceInOrderByOneNodeAndCarriedOnWhenThatNodeStops() throws Exception {
    String talk = workshop("cluster-hooks");
    try (Receiver receiver = Receiver.start(vertx)) {
      // Registered on B, so B holds it first; A learns of it by its scan.
      Http.Response created = b.http.postJson("/api/workshops/cluster-hooks/webhooks", b.adminToken(),
          new JsonObject().put("url", receiver.url()));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      editOnBothNodes("cluster-hooks", talk, 5);
      Await.until("ten deliveries", WAIT, () -> receiver.accepted.size() >= 10);
      assertThat(receiver.acceptedSeqs()).containsExactlyElementsOf(LongStream.rangeClosed(2, 11).boxed().toList());

      b.close();
      b = null;
      for (int i = 0; i < 3; i++) {
        JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talk)
            .put("set", new JsonObject().put("title", "After B " + i));
        assertThat(a.http.command("cluster-hooks", a.adminToken(), command).status()).isEqualTo(200);
      }
      Await.until("node A carried on", WAIT, () -> receiver.accepted.size() >= 13);
      assertThat(receiver.acceptedSeqs()).containsExactlyElementsOf(LongStream.rangeClosed(2, 14).boxed().toList());
      assertThat(receiver.requests).as("each delivered once, none failed").hasSize(13);
    }
  }
}
