package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on a real node: REST or bridge command → store → bridge → every subscriber, in
 * seq order, none missing; a reconnecting client catches up without a gap.
 */
class LiveEndToEndTest {

  private static TestNode node;
  private static Http http;
  private static String admin;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http;
    admin = node.adminToken();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close();
    node.close();
  }

  private static String workshop(String id) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Live " + id).put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", admin, body).status()).isEqualTo(201);
    return http.get("/api/workshops/" + id).json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  private static JsonObject rename(String talkId, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId).put("set", new JsonObject().put("title", title));
  }

  private static List<Long> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getJsonObject("body").getLong("seq")).toList();
  }

  @Test
  void everySubscriberGetsEveryEventOfABurstInSeqOrder() throws Exception {
    String talk = workshop("burst");
    String address = Addresses.workshop("burst");
    List<BridgeClient> subscribers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      BridgeClient c = BridgeClient.connect(clients, node.port());
      c.listen(address);
      subscribers.add(c);
    }
    int commands = 100;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Callable<Integer>> sends = new ArrayList<>();
    for (int i = 0; i < commands; i++) {
      int n = i;
      sends.add(() -> http.command("burst", admin, rename(talk, "Keynote " + n)).status());
    }
    // Every status is looked at here, on the test thread: a failure in the pool fails the test.
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> sent : pool.invokeAll(sends, 60, TimeUnit.SECONDS)) statuses.add(sent.get());
    pool.shutdown();
    assertThat(statuses).hasSize(commands).containsOnly(200);
    List<Long> expected = java.util.stream.LongStream.rangeClosed(2, commands + 1).boxed().toList();
    for (BridgeClient c : subscribers) {
      List<JsonObject> frames = c.collect(f -> address.equals(f.getString("address")), commands, Duration.ofSeconds(20));
      assertThat(seqs(frames)).containsExactlyElementsOf(expected);
      c.close();
    }
  }

  @Test
  void aCommandOverTheBridgeIsAnsweredAndItsEventComesBack() {
    String talk = workshop("bridge-cmd");
    String address = Addresses.workshop("bridge-cmd");
    try (BridgeClient c = BridgeClient.connect(clients, node.port(), BridgeClient.Options.defaults().overSockJs())) {
      c.listen(address);
      JsonObject reply = c.request(Addresses.COMMANDS, rename(talk, "Over the bridge").put("workshop", "bridge-cmd"), admin);
      assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("rec");
      assertThat(reply.getJsonObject("body").getLong("version")).isEqualTo(2);
      JsonObject event = c.next(f -> address.equals(f.getString("address")), Duration.ofSeconds(5));
      assertThat(event.getJsonObject("body").getString("type")).isEqualTo("talk.updated");

      JsonObject refused = c.request(Addresses.COMMANDS, rename(talk, "No token").put("workshop", "bridge-cmd"), null);
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
      String display = node.token("screen-1", List.of("display"), List.of("bridge-cmd"));
      JsonObject forbidden = c.request(Addresses.COMMANDS, rename(talk, "Screen").put("workshop", "bridge-cmd"), display);
      assertThat(forbidden.getInteger("failureCode")).isEqualTo(403);
    }
    assertThat(http.get("/api/workshops/bridge-cmd").json().getLong("version")).isEqualTo(2);
  }

  @Test
  void aClientThatReconnectsCatchesUpWithoutAGap() {
    String talk = workshop("reconnect");
    String address = Addresses.workshop("reconnect");
    long lastSeen;
    try (BridgeClient c = BridgeClient.connect(clients, node.port())) {
      c.listen(address);
      http.command("reconnect", admin, rename(talk, "before"));
      lastSeen = c.next(f -> address.equals(f.getString("address")), Duration.ofSeconds(5)).getJsonObject("body").getLong("seq");
    }
    for (int i = 0; i < 10; i++) http.command("reconnect", admin, rename(talk, "while away " + i));
    try (BridgeClient c = BridgeClient.connect(clients, node.port())) {
      c.listen(address);
      JsonArray missed = http.get("/api/workshops/reconnect/events?after=" + lastSeen).array();
      http.command("reconnect", admin, rename(talk, "after"));
      JsonObject live = c.next(f -> address.equals(f.getString("address")), Duration.ofSeconds(5));
      List<Long> seen = new ArrayList<>();
      seen.add(lastSeen);
      missed.forEach(e -> seen.add(((JsonObject) e).getLong("seq")));
      seen.add(live.getJsonObject("body").getLong("seq"));
      assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(lastSeen, lastSeen + 11).boxed().toList());
    }
  }
}
