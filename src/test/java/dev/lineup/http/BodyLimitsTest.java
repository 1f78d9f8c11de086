package dev.lineup.http;

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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies, headers and timeouts: each route's own body limit, checked from Content-Length before
 * anything is read and while streaming; large bodies only behind a verified token; a deadline for
 * the whole body; idle connections closed; If-Match beyond any version; the bridge's frame limit
 * answered before the close.
 */
class BodyLimitsTest {

  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static TestNode node;
  private static Http http;
  private static String admin;
  private static int port;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("http_body_timeout_ms", 800, "http_idle_timeout_seconds", 3));
    http = node.http;
    admin = node.adminToken();
    port = node.port();
    JsonObject workshop = new JsonObject().put("id", "limits").put("title", "Limits").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", admin, workshop).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aBodyOverItsRoutesLimitIsRefusedFromContentLengthBeforeItIsSent() {
    try (RawHttp c = new RawHttp(port)) {
      String answer = c.head("POST /api/token HTTP/1.1", port, "Content-Type: application/json", "Content-Length: 5000")
          .untilClosed(ANSWER);
      assertThat(answer).as("answered and closed without the body").isNotNull();
      assertThat(RawHttp.status(answer)).isEqualTo(413);
      assertThat(answer).contains("application/problem+json").contains("at most 4096 bytes");
    }
  }

  @Test
  void aStreamedBodyIsCutOffAtItsRoutesLimit() {
    String chunk = "x".repeat(2048);
    try (RawHttp c = new RawHttp(port)) {
      c.head("POST /api/token HTTP/1.1", port, "Content-Type: application/json", "Transfer-Encoding: chunked");
      for (int i = 0; i < 3; i++) c.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      String answer = c.untilClosed(ANSWER);
      assertThat(answer).isNotNull();
      assertThat(RawHttp.status(answer)).isEqualTo(413);
    }
  }

  /** 150 strangers announcing 4 MB pages each: answered at once, nothing read, nothing held. */
  @Test
  void aLargeBodyIsReadOnlyAfterItsTokenWasVerified() {
    List<RawHttp> strangers = new ArrayList<>();
    try {
      for (int i = 0; i < 150; i++) {
        RawHttp c = new RawHttp(port);
        strangers.add(c);
        String[] headers = i % 2 == 0
            ? new String[] {"Content-Type: text/markdown", "Content-Length: 4000000"}
            : new String[] {"Content-Type: text/markdown", "Content-Length: 4000000", "Authorization: Bearer not.a.token"};
        c.head("POST /api/workshops?id=big HTTP/1.1", port, headers);
      }
      for (RawHttp c : strangers) {
        String answer = c.untilClosed(ANSWER);
        assertThat(answer).as("answered and closed without the body").isNotNull();
        assertThat(RawHttp.status(answer)).isEqualTo(401);
      }
    } finally {
      strangers.forEach(RawHttp::close);
    }
    // With a token, a page above the default limit is read and imported.
    String page = "---\nlayout: multitrack\ntitle: \"Big\"\nabstract: \"" + "a".repeat(40_000) + "\"\n"
        + "talks:\n  - title: \"Keynote\"\n    start: \"09:00\"\n    end: \"10:00\"\n    abstract: \"" + "b".repeat(40_000) + "\"\n---\n";
    Http.Response created = http.post("/api/workshops?id=big&date=2026-11-26", "text/markdown", page, "Authorization", "Bearer " + admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void commandsHaveTheirOwnLimitAboveTheDefault() {
    String talk = http.get("/api/workshops/limits").json().getJsonArray("talks").getJsonObject(0).getString("id");
    JsonObject big = new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject()
        .put("abstract", "c".repeat(45_000)).put("extra", new JsonObject().put("notes", "d".repeat(45_000))));
    assertThat(big.encode().length()).isGreaterThan(65_536);
    Http.Response accepted = http.command("limits", admin, big);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    Http.Response refused = http.command("limits", admin, new JsonObject().put("type", "talk.update").put("talkId", talk)
        .put("set", new JsonObject().put("abstract", "e".repeat(1_100_000))));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.contentType()).startsWith("application/problem+json");
  }

  @Test
  void aSlowUploadIsCutOffAtTheDeadline() {
    try (RawHttp c = new RawHttp(port)) {
      long started = System.nanoTime();
      c.head("POST /api/token HTTP/1.1", port, "Content-Type: application/json", "Content-Length: 100").send("{\"username\"");
      String answer = c.untilClosed(ANSWER);
      assertThat(answer).as("answered and closed though the body never completed").isNotNull();
      assertThat(RawHttp.status(answer)).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void anIdleConnectionIsClosed() {
    try (RawHttp c = new RawHttp(port)) {
      assertThat(c.untilClosed(Duration.ofSeconds(10))).as("closed by the server").isEqualTo("");
    }
  }

  @Test
  void anIfMatchBeyondAnyVersionIsABadRequest() {
    String talk = http.get("/api/workshops/limits").json().getJsonArray("talks").getJsonObject(0).getString("id");
    Http.Response r = http.command("limits", admin, new JsonObject().put("type", "talk.update").put("talkId", talk)
        .put("set", new JsonObject().put("title", "x")), "If-Match", "\"99999999999999999999999\"");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("If-Match");
  }

  @Test
  void aWebSocketFrameOverTheBridgesLimitIsAnsweredBeforeTheClose() {
    Vertx vertx = Vertx.vertx();
    try (BridgeClient c = BridgeClient.connect(vertx, port)) {
      c.send(Addresses.COMMANDS, new JsonObject().put("pad", "x".repeat(100_000)), admin, null);
      assertThat(c.next(Duration.ofSeconds(5))).isEqualTo(new JsonObject().put("type", "err").put("body", "frame_too_large"));
      Await.until("the socket closed", Duration.ofSeconds(5), c::isClosed);
    } finally {
      Await.result(vertx.close(), Duration.ofSeconds(10));
    }
  }
}
