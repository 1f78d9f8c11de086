package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser that stops reading must cost bounded memory and delay no one else. */
class BackpressureTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int QUEUE_BYTES = 128 * 1024;
  private static final int EVENTS = 600;
  private static final int CHUNK = 10;
  private static final String PAD = "x".repeat(4000);
  private static final String ADDRESS = Addresses.workshop("w1");

  private Vertx vertx;
  private LiveServer server;
  private final List<BridgeClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    if (server != null) server.close();
    Await.result(vertx.close(), WAIT);
  }

  /** Small socket buffers, so that a paused client backs the server up after a few KB. */
  private void startServer(LiveOptions options) {
    server = LiveServer.start(vertx, options.setSocketQueueBytes(QUEUE_BYTES),
        new HttpServerOptions().setSendBufferSize(16 * 1024));
  }

  private BridgeClient subscriber(int receiveBuffer) {
    BridgeClient c = BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().withReceiveBuffer(receiveBuffer));
    clients.add(c);
    c.listen(ADDRESS);
    return c;
  }

  /**
   * Publishes the events in chunks of 40 KB, each taken by every healthy subscriber (in seq order)
   * within a second before the next: no healthy socket waits on the stalled one.
   */
  private void publishTo(List<BridgeClient> healthy) {
    for (int first = 1; first <= EVENTS; first += CHUNK) {
      for (int seq = first; seq < first + CHUNK; seq++) {
        vertx.eventBus().publish(ADDRESS, new JsonObject().put("workshop", "w1").put("seq", seq)
            .put("type", "talk.updated").put("data", new JsonObject().put("abstract", PAD)));
      }
      for (BridgeClient c : healthy) {
        List<JsonObject> got = c.collect(LiveBridgeTest.recOn(ADDRESS), CHUNK, Duration.ofSeconds(1));
        assertThat(got).as("events from seq " + first).hasSize(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
          assertThat(got.get(i).getJsonObject("body").getLong("seq")).isEqualTo((long) first + i);
        }
      }
    }
  }

  @Test
  void aStalledSocketLagsWhileTheOthersGetEverythingAndThenItIsToldToCatchUp() {
    startServer(new LiveOptions());
    List<BridgeClient> healthy = List.of(subscriber(0), subscriber(0), subscriber(0));
    BridgeClient stalled = subscriber(4096);
    stalled.pause();

    publishTo(healthy);

    LiveMetrics during = server.bridge.metrics();
    assertThat(during.laggingNow()).isEqualTo(1);
    assertThat(during.dropped()).isPositive();
    // What the server holds for the stalled socket: the bound plus one frame at most.
    assertThat(during.queuedBytes()).isLessThanOrEqualTo(QUEUE_BYTES + PAD.length() + 200);
    assertThat(during.deliveries() - 3L * EVENTS).as("written to the stalled socket")
        .isLessThan(EVENTS / 2);

    // Resumed, it may have lagged more than once (the kernel's buffers drain in steps); what
    // matters is that every gap is announced, with the last seq it got, before the gap.
    stalled.resume();
    long last = 0;
    boolean announced = false;
    int announcements = 0;
    for (JsonObject frame = stalled.poll(Duration.ofSeconds(1)); frame != null; frame = stalled.poll(Duration.ofSeconds(1))) {
      if (!LiveBridgeTest.recOn(ADDRESS).test(frame)) continue;
      JsonObject body = frame.getJsonObject("body");
      if (Addresses.Notice.LAGGING.equals(body.getString("type"))) {
        assertThat(body.getLong("after")).isEqualTo(last);
        announced = true;
        announcements++;
        continue;
      }
      long seq = body.getLong("seq");
      if (seq != last + 1) assertThat(announced).as("the gap before seq %d was announced", seq).isTrue();
      last = seq;
      announced = false;
    }
    assertThat(announcements).isPositive();
    assertThat(last == EVENTS || announced).as("nothing lost silently at the end").isTrue();
    assertThat(server.bridge.metrics().laggingNow()).isZero();

    // Caught up, it gets live events again.
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("workshop", "w1").put("seq", EVENTS + 1));
    assertThat(stalled.next(LiveBridgeTest.recOn(ADDRESS), WAIT).getJsonObject("body").getLong("seq"))
        .isEqualTo(EVENTS + 1L);
  }

  @Test
  void aSocketThatStaysBehindIsClosed() {
    startServer(new LiveOptions().setLagTimeoutMs(300));
    BridgeClient healthy = subscriber(0);
    BridgeClient stalled = subscriber(4096);
    stalled.pause();
    publishTo(List.of(healthy));

    Await.until("the stalled socket closed", WAIT, () -> server.bridge.metrics().closedForLag() > 0);
    LiveMetrics after = server.bridge.metrics();
    assertThat(after.closedForLag()).isEqualTo(1);
    assertThat(after.socketsOpen()).isEqualTo(1);
    assertThat(after.laggingNow()).isZero();
  }
}
