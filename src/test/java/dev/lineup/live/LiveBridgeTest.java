package dev.lineup.live;

import dev.lineup.bus.Addresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge over real sockets: frames, commands, access rules, presence, origins. */
class LiveBridgeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private FakeCore core;
  private LiveServer server;
  private final List<BridgeTestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    core = new FakeCore(vertx);
    server = LiveServer.start(vertx, new LiveOptions());
  }

  @AfterEach
  void stop() {
    clients.forEach(BridgeTestClient::close);
    server.close();
    core.close();
    BridgeTestClient.await(vertx.close().toCompletionStage().toCompletableFuture());
  }

  private BridgeTestClient client() {
    BridgeTestClient c = BridgeTestClient.connect(vertx, server.port());
    clients.add(c);
    return c;
  }

  /** Frames of one socket are handled in order: once this is answered, all before it were. */
  static void barrier(BridgeTestClient c) {
    c.send("lineup.barrier", null, null, null);
    c.next(f -> "err".equals(f.getString("type")), WAIT);
  }

  static Predicate<JsonObject> recOn(String address) {
    return f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"));
  }

  @Test
  void everySubscriberGetsEveryEventOfABurstInSeqOrder() {
    int subscribers = 200;
    int events = 300;
    String address = Addresses.workshop("w1");
    List<BridgeTestClient> all = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      BridgeTestClient c = client();
      c.register(address);
      all.add(c);
    }
    all.forEach(LiveBridgeTest::barrier);
    assertThat(server.bridge.metrics().topics()).as("one consumer for all sockets").isEqualTo(1);
    assertThat(server.sharesOnePort()).isTrue();
    assertThat(server.threadsServing()).as("sockets on two event loops").isEqualTo(2);

    for (int seq = 1; seq <= events; seq++) {
      vertx.eventBus().publish(address, new JsonObject().put("workshop", "w1").put("seq", seq)
          .put("type", "talk.moved").put("data", new JsonObject().put("talkId", "t1")));
    }

    for (BridgeTestClient c : all) {
      List<JsonObject> got = c.collect(recOn(address), events, WAIT);
      List<Long> seqs = got.stream().map(f -> f.getJsonObject("body").getLong("seq")).toList();
      assertThat(seqs).hasSize(events);
      for (int i = 0; i < events; i++) assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
    assertThat(server.bridge.metrics().deliveries()).isEqualTo((long) subscribers * events);
    assertThat(server.bridge.metrics().socketsOpen()).isEqualTo(subscribers);
  }

  @Test
  void aCommandIsAnsweredAndItsEventComesBack() {
    BridgeTestClient c = client();
    String address = Addresses.workshop("w2");
    c.register(address);
    barrier(c);

    JsonObject command = new JsonObject().put("type", "talk.move").put("workshop", "w2")
        .put("commandId", "c-1").put("data", new JsonObject().put("talkId", "t1"));
    JsonObject reply = c.request(Addresses.COMMANDS, command, "alice");

    assertThat(reply.getString("type")).isEqualTo("rec");
    assertThat(reply.getJsonObject("body").getLong("seq")).isEqualTo(1L);
    assertThat(reply.getJsonObject("body").getJsonArray("events")).hasSize(1);
    assertThat(core.authorizations).containsExactly("Bearer alice");

    JsonObject event = c.next(recOn(address), WAIT).getJsonObject("body");
    assertThat(event.getLong("seq")).isEqualTo(1L);
    assertThat(event.getString("by")).isEqualTo("alice");
    assertThat(event.getString("commandId")).isEqualTo("c-1");
  }

  @Test
  void aSockJsSessionAsTheOfficialClientOpensSpeaksTheSameFrames() {
    BridgeTestClient c = BridgeTestClient.connectSockJs(vertx, server.port());
    clients.add(c);
    String address = Addresses.workshop("w4");
    c.register(address);
    c.register(Addresses.COMMANDS);
    assertThat(c.next(WAIT)).isEqualTo(new JsonObject().put("type", "err").put("body", "access_denied"));

    JsonObject reply = c.request(Addresses.COMMANDS, new JsonObject().put("type", "talk.move")
        .put("workshop", "w4"), "bob");
    assertThat(reply.getString("type")).isEqualTo("rec");
    assertThat(reply.getJsonObject("body").getLong("version")).isEqualTo(1L);
    assertThat(c.next(recOn(address), WAIT).getJsonObject("body").getString("by")).isEqualTo("bob");

    JsonObject refused = c.request(Addresses.COMMANDS, new JsonObject().put("type", "fail"), "bob");
    assertThat(refused.getInteger("failureCode")).isEqualTo(409);
  }

  @Test
  void aRefusedCommandCarriesTheStatusAsFailureCode() {
    BridgeTestClient c = client();
    JsonObject conflict = c.request(Addresses.COMMANDS,
        new JsonObject().put("type", "fail").put("workshop", "w3"), "alice");
    assertThat(conflict.getString("type")).isEqualTo("err");
    assertThat(conflict.getInteger("failureCode")).isEqualTo(409);
    assertThat(conflict.getString("failureType")).isEqualTo("RECIPIENT_FAILURE");
    assertThat(new JsonObject(conflict.getString("message")).getInteger("status")).isEqualTo(409);

    JsonObject anonymous = c.request(Addresses.COMMANDS,
        new JsonObject().put("type", "talk.move").put("workshop", "w3"), null);
    assertThat(anonymous.getString("type")).isEqualTo("err");
    assertThat(anonymous.getInteger("failureCode")).isEqualTo(401);
  }

  @Test
  void everythingNotPermittedIsDenied() {
    BridgeTestClient c = client();
    List<Runnable> refused = List.of(
        () -> c.register(Addresses.COMMANDS),
        () -> c.register("lineup.workshop.bad id!"),
        () -> c.register("lineup.workshop.w1.extra"),
        () -> c.register(Presence.SYNC_ADDRESS),
        () -> c.register("anything"),
        () -> c.publish(Addresses.workshop("w1"), new JsonObject().put("seq", 99)),
        () -> c.publish(Addresses.presence("w1"), new JsonObject()),
        () -> c.publish(Addresses.COMMANDS, new JsonObject()),
        () -> c.send(Addresses.workshop("w1"), new JsonObject(), "alice", null),
        () -> c.send(Presence.SYNC_ADDRESS, new JsonObject(), "alice", null),
        () -> c.unregister(Addresses.COMMANDS));
    for (Runnable attempt : refused) {
      attempt.run();
      JsonObject err = c.next(WAIT);
      assertThat(err).isEqualTo(new JsonObject().put("type", "err").put("body", "access_denied"));
    }
    c.writeRaw("not json");
    assertThat(c.next(WAIT).getString("body")).isEqualTo("invalid_json");
    c.write(new JsonObject().put("address", "x"));
    assertThat(c.next(WAIT).getString("body")).isEqualTo("missing_type");
  }

  @Test
  void aPublishedRefusalReachesNoOne() {
    BridgeTestClient listener = client();
    String address = Addresses.workshop("w1");
    listener.register(address);
    barrier(listener);
    BridgeTestClient forger = client();
    forger.publish(address, new JsonObject().put("seq", 1));
    assertThat(forger.next(WAIT).getString("body")).isEqualTo("access_denied");
    barrier(listener);
    assertThat(listener.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void presenceShowsTheVerifiedIdentityAndEndsWithTheSocket() {
    String address = Addresses.presence("w1");
    BridgeTestClient watcher = client();
    watcher.register(address);
    JsonObject initial = watcher.next(recOn(address), WAIT).getJsonObject("body");
    assertThat(initial).isEqualTo(new JsonObject().put("workshop", "w1").put("present", new JsonArray()));

    BridgeTestClient alice = client();
    alice.send(address, new JsonObject().put("sub", "mallory").put("roles", new JsonArray().add("admin"))
        .put("editing", new JsonObject().put("talkId", "t1").put("field", "title")), "alice", null);

    JsonObject list = watcher.next(recOn(address), WAIT).getJsonObject("body");
    JsonArray present = list.getJsonArray("present");
    assertThat(present).hasSize(1);
    JsonObject entry = present.getJsonObject(0);
    assertThat(entry.getString("sub")).isEqualTo("alice");
    assertThat(entry.getJsonArray("roles")).containsExactly("organizer");
    assertThat(entry.getJsonObject("editing")).isEqualTo(new JsonObject().put("talkId", "t1").put("field", "title"));
    assertThat(entry.getString("since")).isNotBlank();
    assertThat(server.bridge.metrics().presenceEntries()).isEqualTo(1);

    alice.close();
    JsonObject after = watcher.next(recOn(address), WAIT).getJsonObject("body");
    assertThat(after.getJsonArray("present")).isEmpty();
    assertThat(server.bridge.metrics().presenceEntries()).isZero();
  }

  @Test
  void presenceNeedsAValidTokenAndAWellFormedBody() {
    String address = Addresses.presence("w1");
    BridgeTestClient c = client();
    c.send(address, new JsonObject().put("editing", null), "nobody", null);
    assertThat(c.next(WAIT)).isEqualTo(new JsonObject().put("type", "err").put("body", "access_denied"));

    JsonObject unauthenticated = c.request(address, new JsonObject().put("editing", null), null);
    assertThat(unauthenticated.getString("type")).isEqualTo("err");
    assertThat(unauthenticated.getInteger("failureCode")).isEqualTo(401);

    JsonObject malformed = c.request(address, new JsonObject().put("editing", "everything"), "alice");
    assertThat(malformed.getInteger("failureCode")).isEqualTo(400);

    JsonObject ok = c.request(address, new JsonObject().put("editing", null), "dora");
    assertThat(ok.getString("type")).isEqualTo("rec");
    assertThat(ok.getJsonObject("body").getJsonArray("present").getJsonObject(0).getString("sub")).isEqualTo("dora");
  }

  @Test
  void presenceExpiresWhenItsSocketFallsSilent() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().setPresenceTtlMs(300).setPingTimeoutMs(60_000));
    String address = Addresses.presence("w1");
    BridgeTestClient watcher = client();
    watcher.register(address);
    watcher.next(recOn(address), WAIT);
    BridgeTestClient alice = client();
    alice.send(address, new JsonObject().put("editing", new JsonObject().put("talkId", "t2")), "alice", null);
    assertThat(watcher.next(recOn(address), WAIT).getJsonObject("body").getJsonArray("present")).hasSize(1);

    // alice sends nothing more (no pings) while the watcher keeps pinging
    long start = System.nanoTime();
    JsonObject list;
    do {
      watcher.ping();
      list = watcher.next(recOn(address), WAIT).getJsonObject("body");
    } while (!list.getJsonArray("present").isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(alice.isClosed()).isFalse();
  }

  @Test
  void aForeignOriginIsRefused() {
    assertThatThrownBy(() -> BridgeTestClient.connect(vertx, server.port(), "https://evil.example", 0))
        .hasCauseInstanceOf(UpgradeRejectedException.class)
        .satisfies(e -> assertThat(((UpgradeRejectedException) e.getCause()).getStatus()).isEqualTo(403));
    BridgeTestClient same = BridgeTestClient.connect(vertx, server.port(), "http://localhost:" + server.port(), 0);
    clients.add(same);
    barrier(same);

    assertThat(httpStatus(server.port(), "/eventbus/info", "https://evil.example")).isEqualTo(403);
    assertThat(httpStatus(server.port(), "/eventbus/info", "http://localhost:" + server.port())).isEqualTo(200);
    assertThat(httpStatus(server.port(), "/eventbus/info", null)).isEqualTo(200);
  }

  @Test
  void aConfiguredOriginIsAllowed() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().addAllowedOrigin("https://lineup.example/"));
    BridgeTestClient allowed = BridgeTestClient.connect(vertx, server.port(), "https://lineup.example", 0);
    clients.add(allowed);
    barrier(allowed);
    assertThatThrownBy(() -> BridgeTestClient.connect(vertx, server.port(), "https://other.example", 0))
        .hasCauseInstanceOf(UpgradeRejectedException.class);
  }

  @Test
  void anOversizedFrameClosesTheSocket() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().setMaxFrameSize(1024));
    BridgeTestClient c = client();
    c.send(Addresses.COMMANDS, new JsonObject().put("text", "x".repeat(2000)), "alice", null);
    assertThat(c.next(WAIT).getString("body")).isEqualTo("frame_too_large");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!c.isClosed() && System.nanoTime() < deadline) c.poll(Duration.ofMillis(50));
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void unregisteringStopsDeliveryAndReleasesTheConsumer() {
    BridgeTestClient c = client();
    String address = Addresses.workshop("w9");
    c.register(address);
    barrier(c);
    assertThat(server.bridge.metrics().topics()).isEqualTo(1);
    c.unregister(address);
    barrier(c);
    assertThat(server.bridge.metrics().topics()).isZero();
    vertx.eventBus().publish(address, new JsonObject().put("seq", 1));
    assertThat(c.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void theCountersAreMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    server.bridge.bindMetrics(registry);
    BridgeTestClient c = client();
    c.register(Addresses.workshop("w1"));
    barrier(c);
    vertx.eventBus().publish(Addresses.workshop("w1"), new JsonObject().put("seq", 1));
    c.next(recOn(Addresses.workshop("w1")), WAIT);
    assertThat(registry.get("lineup.live.sockets").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("lineup.live.topics").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("lineup.live.deliveries").functionCounter().count()).isEqualTo(1.0);
  }

  private int httpStatus(int port, String path, String origin) {
    HttpClient http = vertx.createHttpClient();
    try {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
          .setPort(port).setURI(path);
      if (origin != null) request.addHeader("Origin", origin);
      HttpClientResponse response = BridgeTestClient.await(http.request(request)
          .compose(r -> r.send()).toCompletionStage().toCompletableFuture());
      return response.statusCode();
    } finally {
      http.close();
    }
  }
}
