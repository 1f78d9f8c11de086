package dev.lineup.live;

import dev.lineup.support.ClusterNodes;
import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two clustered nodes (Hazelcast over loopback): events and presence reach browsers on both. */
class ClusterLiveTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final List<BridgeClient> clients = new ArrayList<>();
  private final List<LiveServer> servers = new ArrayList<>();
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    servers.forEach(LiveServer::close);
    nodes.forEach(v -> Await.result(v.close(), WAIT));
  }


  private Vertx node(ClusterNodes cluster, int member) {
    Vertx vertx = cluster.vertx(member);
    nodes.add(vertx);
    return vertx;
  }

  private BridgeClient client(Vertx vertx, LiveServer server) {
    // Pings well within the presence TTL of these nodes, as the official client does within 30 s.
    BridgeClient c = BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().pingEvery(Duration.ofMillis(300)));
    clients.add(c);
    return c;
  }

  private static JsonArray subsIn(JsonObject frame) {
    JsonArray subs = new JsonArray();
    frame.getJsonObject("body").getJsonArray("present").forEach(e -> subs.add(((JsonObject) e).getString("sub")));
    return subs;
  }

  /** Waits for the presence list on the watcher to name exactly these users. */
  private static void awaitPresent(BridgeClient watcher, String address, String... subs) {
    JsonArray expected = new JsonArray(List.of((Object[]) subs));
    Await.until("presence " + expected, WAIT,
        () -> subsIn(watcher.next(BridgeClient.recOn(address), WAIT)).equals(expected));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void eventsAndPresenceCrossNodes() {
    ClusterNodes cluster = ClusterNodes.onLoopback(2);
    Vertx a = node(cluster, 0);
    Vertx b = node(cluster, 1);
    FakeCore core = new FakeCore(a);
    LiveOptions options = new LiveOptions().setPresenceTtlMs(1500);
    LiveServer serverA = LiveServer.start(a, new LiveOptions().setPresenceTtlMs(1500));
    LiveServer serverB = LiveServer.start(b, options);
    servers.add(serverA);
    servers.add(serverB);

    String events = Addresses.workshop("w1");
    String presence = Addresses.presence("w1");
    BridgeClient onB = client(b, serverB);
    // Acknowledged once B's consumer is registered in the cluster: A's publications reach it.
    onB.listen(events);
    onB.listen(presence, "alice");
    BridgeClient onA = client(a, serverA);
    onA.listen(presence, "alice");

    JsonObject reply = onA.request(Addresses.COMMANDS, new JsonObject().put("type", "talk.move").put("workshop", "w1"), "alice");
    assertThat(reply.getString("type")).isEqualTo("rec");
    JsonObject event = onB.next(BridgeClient.recOn(events), WAIT).getJsonObject("body");
    assertThat(event.getLong("seq")).isEqualTo(1L);
    assertThat(event.getString("by")).isEqualTo("alice");

    onA.send(presence, new JsonObject().put("editing", new JsonObject().put("talkId", "t1")), "alice", null);
    awaitPresent(onB, presence, "alice");
    BridgeClient bobOnB = client(b, serverB);
    bobOnB.send(presence, new JsonObject().put("editing", null), "bob", null);
    awaitPresent(onA, presence, "alice", "bob");

    // Node B goes away: its entries disappear from A (goodbye or TTL).
    bobOnB.close();
    onB.close();
    clients.remove(bobOnB);
    clients.remove(onB);
    servers.remove(serverB);
    serverB.close();
    nodes.remove(b);
    Await.result(b.close(), WAIT);
    awaitPresent(onA, presence, "alice");
    core.close();
  }
}
