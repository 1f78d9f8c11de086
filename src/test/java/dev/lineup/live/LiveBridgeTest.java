package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
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
  private final List<BridgeClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    core = new FakeCore(vertx);
    server = LiveServer.start(vertx, new LiveOptions());
  }

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    server.close();
    core.close();
    Await.result(vertx.close(), WAIT);
  }

  private BridgeClient client() {
    BridgeClient c = BridgeClient.connect(vertx, server.port());
    clients.add(c);
    return c;
  }

  static Predicate<JsonObject> recOn(String address) {
    return BridgeClient.recOn(address);
  }

  @Test
  void everySubscriberGetsEveryEventOfABurstInSeqOrder() {
    int subscribers = 200;
    int events = 300;
    String address = Addresses.workshop("w1");
    List<BridgeClient> all = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      BridgeClient c = client();
      c.listen(address);
      all.add(c);
    }
    assertThat(server.bridge.metrics().topics()).as("one consumer for all sockets").isEqualTo(1);
    assertThat(server.sharesOnePort()).isTrue();
    assertThat(server.threadsServing()).as("sockets on two event loops").isEqualTo(2);

    for (int seq = 1; seq <= events; seq++) {
      vertx.eventBus().publish(address, new JsonObject().put("workshop", "w1").put("seq", seq)
          .put("type", "talk.moved").put("data", new JsonObject().put("talkId", "t1")));
    }

    // 60,000 frames through one JVM on a shared machine: a deadline for them all, not a pace.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (BridgeClient c : all) {
      List<JsonObject> got = c.collect(recOn(address), events, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
      List<Long> seqs = got.stream().map(f -> f.getJsonObject("body").getLong("seq")).toList();
      assertThat(seqs).hasSize(events);
      for (int i = 0; i < events; i++) assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
    assertThat(server.bridge.metrics().deliveries()).isEqualTo((long) subscribers * events);
    assertThat(server.bridge.metrics().socketsOpen()).isEqualTo(subscribers);
  }

  @Test
  void aRegistrationIsAcknowledgedOnItsAddressOnceInEffect() {
    BridgeClient c = client();
    String address = Addresses.workshop("w5");
    c.register(address);
    JsonObject ack = c.next(WAIT);
    assertThat(ack).isEqualTo(new JsonObject().put("type", "rec").put("address", address)
        .put("body", new JsonObject().put("type", "lineup.registered")));
    // In effect: the next message published there arrives.
    vertx.eventBus().publish(address, new JsonObject().put("seq", 1));
    assertThat(c.next(recOn(address), WAIT).getJsonObject("body").getLong("seq")).isEqualTo(1L);

    // A presence listener (with a token) gets the acknowledgement, then who is there.
    String presence = Addresses.presence("w5");
    c.register(presence, "alice");
    assertThat(BridgeClient.isAcknowledgement(c.next(WAIT))).isTrue();
    assertThat(c.next(recOn(presence), WAIT).getJsonObject("body").getJsonArray("present")).isEmpty();
  }

  @Test
  void aCommandIsAnsweredAndItsEventComesBack() {
    BridgeClient c = client();
    String address = Addresses.workshop("w2");
    c.listen(address);

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
    BridgeClient c = BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().overSockJs());
    clients.add(c);
    String address = Addresses.workshop("w4");
    c.listen(address);
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
    BridgeClient c = client();
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
    BridgeClient c = client();
    List<Runnable> refused = List.of(
        () -> c.register(Addresses.COMMANDS),
        () -> c.register("lineup.workshop.bad id!"),
        () -> c.register("lineup.workshop.w1.extra"),
        () -> c.register(Addresses.PRESENCE_SYNC),
        () -> c.register("anything"),
        () -> c.publish(Addresses.workshop("w1"), new JsonObject().put("seq", 99)),
        () -> c.publish(Addresses.presence("w1"), new JsonObject()),
        () -> c.publish(Addresses.COMMANDS, new JsonObject()),
        () -> c.send(Addresses.workshop("w1"), new JsonObject(), "alice", null),
        () -> c.send(Addresses.PRESENCE_SYNC, new JsonObject(), "alice", null),
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
    BridgeClient listener = client();
    String address = Addresses.workshop("w1");
    listener.listen(address);
    BridgeClient forger = client();
    forger.publish(address, new JsonObject().put("seq", 1));
    assertThat(forger.next(WAIT).getString("body")).isEqualTo("access_denied");
    listener.barrier();
    assertThat(listener.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void presenceShowsTheVerifiedIdentityAndEndsWithTheSocket() {
    String address = Addresses.presence("w1");
    BridgeClient watcher = client();
    watcher.listen(address, "bob");
    JsonObject initial = watcher.next(recOn(address), WAIT).getJsonObject("body");
    assertThat(initial).isEqualTo(new JsonObject().put("workshop", "w1").put("present", new JsonArray()));

    BridgeClient alice = client();
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

  /**
   * A refusal with a status: the err frame carries it as failureCode and the problem+json as
   * message; {@code address} null for a request's reply address.
   */
  private static void assertRefused(JsonObject frame, String address, int status) {
    assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("err");
    if (address != null) assertThat(frame.getString("address")).isEqualTo(address);
    assertThat(frame.getInteger("failureCode")).as(frame.encode()).isEqualTo(status);
    JsonObject problem = new JsonObject(frame.getString("message"));
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
  }

  @Test
  void presenceNeedsAValidTokenAndAWellFormedBodyAndAnswersProblems() {
    String address = Addresses.presence("w1");
    BridgeClient c = client();
    // Without a reply address the refusal comes on the presence address itself.
    c.send(address, new JsonObject().put("editing", null), "nobody", null);
    assertRefused(c.next(WAIT), address, 401);

    assertRefused(c.request(address, new JsonObject().put("editing", null), null), null, 401);
    JsonObject malformed = c.request(address, new JsonObject().put("editing", "everything"), "alice");
    assertThat(malformed.getInteger("failureCode")).isEqualTo(400);
    assertThat(new JsonObject(malformed.getString("message")).getJsonArray("errors").getJsonObject(0).getString("path"))
        .isEqualTo("editing");

    JsonObject ok = c.request(address, new JsonObject().put("editing", null), "dora");
    assertThat(ok.getString("type")).isEqualTo("rec");
    assertThat(ok.getJsonObject("body").getJsonArray("present").getJsonObject(0).getString("sub")).isEqualTo("dora");
  }

  @Test
  void presenceIsAnnouncedOnlyWhereTheTokenMayEditOrAsAScreenOfItsWorkshop() {
    BridgeClient c = client();
    JsonObject editing = new JsonObject().put("editing", new JsonObject().put("talkId", "t1"));
    // bob organizes w1 only; dora is a screen of w1.
    assertRefused(c.request(Addresses.presence("w2"), editing, "bob"), null, 403);
    assertRefused(c.request(Addresses.presence("w2"), new JsonObject(), "dora"), null, 403);
    assertRefused(c.request(Addresses.presence("w1"), editing, "dora"), null, 403);
    assertThat(c.request(Addresses.presence("w1"), editing, "bob").getString("type")).isEqualTo("rec");
    assertThat(c.request(Addresses.presence("w7"), editing, "admin").getString("type")).isEqualTo("rec");
    assertThat(server.bridge.metrics().presenceEntries()).isEqualTo(2);
  }

  @Test
  void readingPresenceNeedsAToken() {
    BridgeClient c = client();
    String address = Addresses.presence("w1");
    c.register(address);
    assertRefused(c.next(WAIT), address, 401);
    c.register(address, "nobody");
    assertRefused(c.next(WAIT), address, 401);
    // Refused registrations hold nothing: the same address can be registered with a token.
    c.listen(address, "dora");
    assertThat(c.next(recOn(address), WAIT).getJsonObject("body").getString("workshop")).isEqualTo("w1");
  }

  @Test
  void oneSocketMayBePresentInABoundedNumberOfWorkshops() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().setMaxPresencePerSocket(3));
    BridgeClient c = client();
    for (int i = 0; i < 3; i++) {
      assertThat(c.request(Addresses.presence("made-up-" + i), new JsonObject(), "admin").getString("type")).isEqualTo("rec");
    }
    JsonObject refused = c.request(Addresses.presence("made-up-3"), new JsonObject(), "admin");
    assertThat(refused.getInteger("failureCode")).isEqualTo(400);
    // Announcing again where it already is stays possible.
    assertThat(c.request(Addresses.presence("made-up-0"), new JsonObject(), "admin").getString("type")).isEqualTo("rec");
    assertThat(server.bridge.metrics().presenceEntries()).isEqualTo(3);
  }

  @Test
  void presenceExpiresWhenItsSocketFallsSilent() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().setPresenceTtlMs(300).setPingTimeoutMs(60_000));
    String address = Addresses.presence("w1");
    BridgeClient watcher = client();
    watcher.listen(address, "dora");
    watcher.next(recOn(address), WAIT);
    BridgeClient alice = client();
    alice.send(address, new JsonObject().put("editing", new JsonObject().put("talkId", "t2")), "alice", null);
    assertThat(watcher.next(recOn(address), WAIT).getJsonObject("body").getJsonArray("present")).hasSize(1);

    // alice's socket stays open; her entry lapses with the TTL while the watcher keeps reading.
    long start = System.nanoTime();
    Await.until("alice's entry expired", Duration.ofSeconds(3), () -> {
      JsonObject list = watcher.next(recOn(address), WAIT).getJsonObject("body");
      return list.getJsonArray("present").isEmpty();
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(alice.isClosed()).isFalse();
  }

  @Test
  void aForeignOriginIsRefused() {
    assertThatThrownBy(() -> BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().withOrigin("https://evil.example")))
        .isInstanceOf(UpgradeRejectedException.class)
        .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
    BridgeClient same = BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().withOrigin("http://localhost:" + server.port()));
    clients.add(same);
    same.barrier();

    assertThat(httpStatus(server.port(), "/eventbus/info", "https://evil.example")).isEqualTo(403);
    assertThat(httpStatus(server.port(), "/eventbus/info", "http://localhost:" + server.port())).isEqualTo(200);
    assertThat(httpStatus(server.port(), "/eventbus/info", null)).isEqualTo(200);
  }

  @Test
  void aConfiguredOriginIsAllowed() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().addAllowedOrigin("https://lineup.example/"));
    BridgeClient allowed = BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().withOrigin("https://lineup.example"));
    clients.add(allowed);
    allowed.barrier();
    assertThatThrownBy(() -> BridgeClient.connect(vertx, server.port(), BridgeClient.Options.defaults().withOrigin("https://other.example")))
        .isInstanceOf(UpgradeRejectedException.class);
  }

  @Test
  void anOversizedFrameIsAnsweredThenClosesTheSocket() {
    server.close();
    server = LiveServer.start(vertx, new LiveOptions().setMaxFrameSize(1024));
    BridgeClient c = client();
    c.send(Addresses.COMMANDS, new JsonObject().put("text", "x".repeat(2000)), "alice", null);
    assertThat(c.next(WAIT).getString("body")).isEqualTo("frame_too_large");
    Await.until("the socket closed", WAIT, c::isClosed);
  }

  @Test
  void unregisteringStopsDeliveryAndReleasesTheConsumer() {
    BridgeClient c = client();
    String address = Addresses.workshop("w9");
    c.listen(address);
    assertThat(server.bridge.metrics().topics()).isEqualTo(1);
    c.unregister(address);
    c.barrier();
    assertThat(server.bridge.metrics().topics()).isZero();
    vertx.eventBus().publish(address, new JsonObject().put("seq", 1));
    assertThat(c.poll(Duration.ofMillis(200))).isNull();
  }

  /**
   * A frame is counted as delivered before it is written: a browser that has read it never sees
   * the counter behind (it once read 0.0 after the frame had arrived).
   */
  @Test
  void theCountersAreMetersAndCountAFrameBeforeItArrives() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    server.bridge.bindMetrics(registry);
    BridgeClient c = client();
    c.listen(Addresses.workshop("w1"));
    for (int seq = 1; seq <= 200; seq++) {
      vertx.eventBus().publish(Addresses.workshop("w1"), new JsonObject().put("seq", seq));
      c.next(recOn(Addresses.workshop("w1")), WAIT);
      assertThat(registry.get("lineup.live.deliveries").functionCounter().count()).isEqualTo(seq);
    }
    assertThat(registry.get("lineup.live.sockets").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("lineup.live.topics").gauge().value()).isEqualTo(1.0);
  }

  private int httpStatus(int port, String path, String origin) {
    HttpClient http = vertx.createHttpClient();
    try {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
          .setPort(port).setURI(path);
      if (origin != null) request.addHeader("Origin", origin);
      HttpClientResponse response = Await.result(http.request(request).compose(r -> r.send()), WAIT);
      return response.statusCode();
    } finally {
      http.close();
    }
  }
}
