package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket the server closes is told why first, in a frame it can act on (an err frame, and a
 * {@code lineup.closing} notice with the last seq on each workshop it follows), and every such
 * close is counted by reason.
 */
class CloseReasonsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String ADDRESS = Addresses.workshop("w1");

  private Vertx vertx;
  private LiveServer server;
  private SimpleMeterRegistry registry;
  private final List<BridgeClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    if (server != null) server.close();
    Await.result(vertx.close(), WAIT);
  }

  private void startServer(LiveOptions options, HttpServerOptions http) {
    server = LiveServer.start(vertx, options, http);
    server.bridge.bindMetrics(registry);
  }

  private BridgeClient client(BridgeClient.Options options) {
    BridgeClient c = BridgeClient.connect(vertx, server.port(), options);
    clients.add(c);
    return c;
  }

  private double closed(String reason) {
    return registry.get("lineup.live.closed").tag("reason", reason).functionCounter().count();
  }

  private static Predicate<JsonObject> closingNotice() {
    return f -> LiveBridgeTest.recOn(ADDRESS).test(f)
        && Addresses.Notice.CLOSING.equals(f.getJsonObject("body").getString("type"));
  }

  private void publish(long seq) {
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("workshop", "w1").put("seq", seq).put("type", "talk.updated"));
  }

  @Test
  void aSilentSockJsSessionIsToldItIsIdleWithTheLastSeqThenClosedAndCounted() {
    startServer(new LiveOptions().setPingTimeoutMs(1500), new HttpServerOptions());
    // It never pings on its own within the test.
    BridgeClient silent = client(BridgeClient.Options.defaults().overSockJs().pingEvery(Duration.ofHours(1)));
    silent.listen(ADDRESS);
    publish(7);
    assertThat(silent.next(LiveBridgeTest.recOn(ADDRESS), WAIT).getJsonObject("body").getLong("seq")).isEqualTo(7L);

    Await.until("the idle close counted", WAIT, () -> server.bridge.metrics().closedIdle() == 1);
    JsonObject error = silent.next(f -> "err".equals(f.getString("type")), WAIT);
    assertThat(error.getString("body")).isEqualTo("idle_timeout");
    JsonObject notice = silent.next(closingNotice(), WAIT).getJsonObject("body");
    assertThat(notice.getString("reason")).isEqualTo("idle");
    assertThat(notice.getLong("after")).isEqualTo(7L);
    Await.until("the idle session closed", WAIT, silent::isClosed);
    assertThat(closed("idle")).isEqualTo(1.0);
    assertThat(closed("lagging")).isZero();
    assertThat(server.bridge.metrics().closedIdle()).isEqualTo(1);
  }

  @Test
  void aSocketThatStaysBehindIsToldItLaggedWhenItReadsAgain() {
    startServer(new LiveOptions().setLagTimeoutMs(300).setSocketQueueBytes(64 * 1024),
        new HttpServerOptions().setSendBufferSize(16 * 1024));
    BridgeClient stalled = client(BridgeClient.Options.defaults().withReceiveBuffer(4096));
    stalled.listen(ADDRESS);
    stalled.pause();
    String pad = "x".repeat(4000);
    // Published on and on (40 KB every 20 ms), so that the stalled socket stays behind, whatever the
    // kernel's buffers take, until the lag timeout gives it up.
    AtomicLong seq = new AtomicLong();
    long publisher = vertx.setPeriodic(20, t -> {
      for (int i = 0; i < 10; i++) {
        vertx.eventBus().publish(ADDRESS, new JsonObject().put("workshop", "w1").put("seq", seq.incrementAndGet())
            .put("data", new JsonObject().put("abstract", pad)));
      }
    });
    try {
      Await.until("the stalled socket given up", WAIT, () -> server.bridge.metrics().closedForLag() == 1);
    } finally {
      vertx.cancelTimer(publisher);
    }
    assertThat(closed("lagging")).isEqualTo(1.0);
    stalled.resume();

    JsonObject notice = stalled.next(closingNotice(), WAIT).getJsonObject("body");
    assertThat(notice.getString("reason")).isEqualTo("lagging");
    assertThat(notice.getLong("after")).as("the last seq written before it fell behind").isBetween(1L, seq.get() - 1);
    Await.until("the stalled socket closed", WAIT, stalled::isClosed);
    assertThat(server.bridge.metrics().closedForLag()).isEqualTo(1);
  }

  @Test
  void aSocketThatSendsATooLargeFrameIsToldWhyThenClosedAndCounted() {
    startServer(new LiveOptions().setMaxFrameSize(1024), new HttpServerOptions());
    BridgeClient big = client(BridgeClient.Options.defaults());
    big.listen(ADDRESS);
    big.writeRaw(new JsonObject().put("type", "ping").put("pad", "y".repeat(2000)).encode());

    assertThat(big.next(f -> "err".equals(f.getString("type")), WAIT).getString("body")).isEqualTo("frame_too_large");
    JsonObject notice = big.next(closingNotice(), WAIT).getJsonObject("body");
    assertThat(notice.getString("reason")).isEqualTo("too_large");
    assertThat(notice.containsKey("after")).as("nothing was written on it yet").isFalse();
    Await.until("the socket closed", WAIT, big::isClosed);
    assertThat(closed("too_large")).isEqualTo(1.0);
    assertThat(closed("idle")).isZero();
  }
}
