package dev.lineup.live;

import dev.lineup.support.Ports;
import com.hazelcast.config.Config;
import dev.lineup.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two clustered nodes (Hazelcast over loopback): events and presence reach browsers on both. */
class ClusterLiveTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final List<BridgeTestClient> clients = new ArrayList<>();
  private final List<LiveServer> servers = new ArrayList<>();
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(BridgeTestClient::close);
    servers.forEach(LiveServer::close);
    nodes.forEach(v -> BridgeTestClient.await(v.close().toCompletionStage().toCompletableFuture()));
  }


  private Vertx node(String clusterName, int port, int otherPort) {
    Config config = new Config().setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
        .addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + otherPort);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    Vertx vertx = BridgeTestClient.await(Vertx.builder().withClusterManager(new HazelcastClusterManager(config))
        .buildClustered().toCompletionStage().toCompletableFuture());
    nodes.add(vertx);
    return vertx;
  }

  private BridgeTestClient client(Vertx vertx, LiveServer server) {
    BridgeTestClient c = BridgeTestClient.connect(vertx, server.port());
    clients.add(c);
    return c;
  }

  private static JsonArray subsIn(JsonObject frame) {
    JsonArray subs = new JsonArray();
    frame.getJsonObject("body").getJsonArray("present").forEach(e -> subs.add(((JsonObject) e).getString("sub")));
    return subs;
  }

  /** Waits for the presence list on the watcher to name exactly these users. */
  private static void awaitPresent(BridgeTestClient watcher, String address, String... subs) {
    JsonArray expected = new JsonArray(List.of((Object[]) subs));
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonArray last = null;
    while (System.nanoTime() < deadline) {
      watcher.ping();
      JsonObject frame = watcher.poll(Duration.ofMillis(200));
      if (frame == null || !address.equals(frame.getString("address"))) continue;
      last = subsIn(frame);
      if (last.equals(expected)) return;
    }
    throw new AssertionError("presence never became " + expected + ", last " + last);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void eventsAndPresenceCrossNodes() {
    String cluster = "lineup-live-test-" + UUID.randomUUID();
    int portA = Ports.free();
    int portB = Ports.free();
    Vertx a = node(cluster, portA, portB);
    Vertx b = node(cluster, portB, portA);
    FakeCore core = new FakeCore(a);
    LiveOptions options = new LiveOptions().setPresenceTtlMs(1500);
    LiveServer serverA = LiveServer.start(a, new LiveOptions().setPresenceTtlMs(1500));
    LiveServer serverB = LiveServer.start(b, options);
    servers.add(serverA);
    servers.add(serverB);

    String events = Addresses.workshop("w1");
    String presence = Addresses.presence("w1");
    BridgeTestClient onB = client(b, serverB);
    onB.register(events);
    onB.register(presence);
    LiveBridgeTest.barrier(onB);
    BridgeTestClient onA = client(a, serverA);
    onA.register(presence);
    LiveBridgeTest.barrier(onA);

    // The cluster-wide registration of B's consumer takes a moment: retry until one arrives.
    JsonObject event = null;
    for (int i = 0; i < 50 && event == null; i++) {
      JsonObject reply = onA.request(Addresses.COMMANDS, new JsonObject().put("type", "talk.move").put("workshop", "w1"), "alice");
      assertThat(reply.getString("type")).isEqualTo("rec");
      JsonObject frame = onB.poll(Duration.ofMillis(200));
      while (frame != null && !events.equals(frame.getString("address"))) frame = onB.poll(Duration.ofMillis(200));
      if (frame != null) event = frame.getJsonObject("body");
    }
    assertThat(event).isNotNull();
    assertThat(event.getString("by")).isEqualTo("alice");

    onA.send(presence, new JsonObject().put("editing", new JsonObject().put("talkId", "t1")), "alice", null);
    awaitPresent(onB, presence, "alice");
    BridgeTestClient bobOnB = client(b, serverB);
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
    BridgeTestClient.await(b.close().toCompletionStage().toCompletableFuture());
    awaitPresent(onA, presence, "alice");
    core.close();
  }
}
