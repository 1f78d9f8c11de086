package dev.lineup.auth;

import dev.lineup.bus.Addresses;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may change what, on a real node, over REST and over the bridge alike: every bad token is a
 * 401, every token without the right to this workshop a 403, and neither changes anything.
 */
class SecurityMatrixTest {

  private static final String WORKSHOP = "guarded";
  private static TestNode node;
  private static Http http;
  private static Vertx clients;
  private static String talk;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http;
    clients = Vertx.vertx();
    JsonObject body = new JsonObject().put("id", WORKSHOP).put("title", "Guarded").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", node.adminToken(), body).status()).isEqualTo(201);
    talk = http.get("/api/workshops/" + WORKSHOP).json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() {
    clients.close();
    node.close();
  }

  private static JsonObject claims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", "alice").put("roles", new JsonArray().add("organizer"))
        .put("workshops", new JsonArray().add(WORKSHOP)).put("iss", "lineup").put("aud", "lineup")
        .put("iat", now).put("exp", now + 600);
  }

  private static String signed(JsonObject claims) {
    return TestTokens.hs256(TestNode.SECRET, claims);
  }

  /** Each case: a bearer token (null for none) and the status it must get. */
  private static Map<String, Map.Entry<String, Integer>> matrix() {
    long now = Instant.now().getEpochSecond();
    Map<String, Map.Entry<String, Integer>> cases = new LinkedHashMap<>();
    cases.put("no token", Map.entry("", 401));
    cases.put("alg none", Map.entry(TestTokens.unsigned(claims()), 401));
    cases.put("wrong key", Map.entry(TestTokens.hs256("another-secret-another-secret-another-secret", claims()), 401));
    cases.put("expired", Map.entry(signed(claims().put("exp", now - 3600)), 401));
    JsonObject noExp = claims();
    noExp.remove("exp");
    cases.put("no exp", Map.entry(signed(noExp), 401));
    cases.put("wrong aud", Map.entry(signed(claims().put("aud", "someone-else")), 401));
    cases.put("wrong iss", Map.entry(signed(claims().put("iss", "evil")), 401));
    cases.put("future nbf", Map.entry(signed(claims().put("nbf", now + 3600)), 401));
    cases.put("garbage", Map.entry("not.a.token", 401));
    cases.put("tampered", Map.entry(tamper(signed(claims().put("workshops", new JsonArray().add("other"))))
        , 401));
    cases.put("organizer of another workshop", Map.entry(signed(claims().put("workshops", new JsonArray().add("other"))), 403));
    cases.put("display role", Map.entry(signed(claims().put("roles", new JsonArray().add("display"))), 403));
    cases.put("no roles", Map.entry(signed(claims().put("roles", new JsonArray())), 403));
    return cases;
  }

  /** The payload of a validly signed token swapped for one that grants this workshop. */
  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().encode().getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + payload + "." + parts[2];
  }

  private static JsonObject rename(String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject().put("title", title));
  }

  private static long version() {
    return http.get("/api/workshops/" + WORKSHOP).json().getLong("version");
  }

  @Test
  void restRefusesEveryBadTokenAndChangesNothing() {
    long before = version();
    for (var c : matrix().entrySet()) {
      String token = c.getValue().getKey();
      Http.Response r = token.isEmpty()
          ? http.post("/api/workshops/" + WORKSHOP + "/commands", "application/json", rename(c.getKey()).encode())
          : http.command(WORKSHOP, token, rename(c.getKey()));
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(c.getValue().getValue());
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(version()).isEqualTo(before);
    Http.Response ok = http.command(WORKSHOP, signed(claims()), rename("by the right organizer"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(version()).isEqualTo(before + 1);
  }

  @Test
  void theBridgeRefusesEveryBadTokenAndChangesNothing() {
    long before = version();
    try (BridgeClient c = BridgeClient.connect(clients, node.port())) {
      for (var e : matrix().entrySet()) {
        String token = e.getValue().getKey();
        JsonObject reply = c.request(Addresses.COMMANDS, rename(e.getKey()).put("workshop", WORKSHOP), token.isEmpty() ? null : token);
        assertThat(reply.getString("type")).as(e.getKey()).isEqualTo("err");
        assertThat(reply.getInteger("failureCode")).as(e.getKey() + ": " + reply.encode()).isEqualTo(e.getValue().getValue());
      }
      assertThat(version()).isEqualTo(before);
      JsonObject ok = c.request(Addresses.COMMANDS, rename("over the bridge").put("workshop", WORKSHOP), signed(claims()));
      assertThat(ok.getString("type")).as(ok.encode()).isEqualTo("rec");
    }
    assertThat(version()).isEqualTo(before + 1);
  }

  @Test
  void hostileInputIsRefusedWithA4xxAndChangesNothing() {
    String admin = node.adminToken();
    long before = version();
    String huge = "x".repeat(1_100_000);
    assertThat(http.command(WORKSHOP, admin, rename(huge)).status()).isEqualTo(413);
    Http.Response page = http.post("/api/workshops?id=huge", "text/markdown", "---\ntitle: " + "y".repeat(5_000_000) + "\n---\n",
        "Authorization", "Bearer " + admin);
    assertThat(page.status()).isEqualTo(413);
    assertThat(page.contentType()).startsWith("application/problem+json");
    String deep = "{\"type\":\"talk.add\",\"talk\":{\"extra\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}}";
    assertThat(http.post("/api/workshops/" + WORKSHOP + "/commands", "application/json", deep, "Authorization", "Bearer " + admin).status()).isEqualTo(400);
    Http.Response operator = http.post("/api/workshops/" + WORKSHOP + "/commands", "application/json",
        "{\"type\":\"talk.update\",\"talkId\":{\"$ne\":null},\"set\":{\"title\":\"x\"}}", "Authorization", "Bearer " + admin);
    assertThat(operator.status()).isEqualTo(400);
    assertThat(http.get("/api/workshops?category=%7B%22%24ne%22%3A1%7D").status()).isEqualTo(400);
    Http.Response script = http.command(WORKSHOP, admin, rename("<script>alert(1)</script>"));
    assertThat(script.status()).isEqualTo(200);
    assertThat(http.get("/api/workshops/" + WORKSHOP).json().getJsonArray("talks").getJsonObject(0).getString("title"))
        .isEqualTo("<script>alert(1)</script>");
    assertThat(version()).isEqualTo(before + 1);
    for (String path : new String[] {"/api/workshops/" + WORKSHOP + "/commands", "/api/workshops"}) {
      Http.Response r = http.post(path, "application/json", "{\"type\":", "Authorization", "Bearer " + admin);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("at dev.lineup").doesNotContain("Exception");
    }
  }

  @Test
  void aWebSocketFromAForeignOriginIsRefused() throws Exception {
    WebSocketClient client = clients.createWebSocketClient();
    Throwable refused = client.connect(new WebSocketConnectOptions().setPort(node.port()).setHost("127.0.0.1")
            .setURI("/eventbus/websocket").addHeader("Origin", "http://evil.example"))
        .toCompletionStage().toCompletableFuture().handle((ws, t) -> t).get(10, TimeUnit.SECONDS);
    assertThat(refused).as("the handshake from a foreign origin fails").isNotNull();
    var accepted = client.connect(new WebSocketConnectOptions().setPort(node.port()).setHost("127.0.0.1")
            .setURI("/eventbus/websocket").addHeader("Origin", "http://127.0.0.1:" + node.port()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(accepted.isClosed()).isFalse();
    accepted.close();
  }
}
