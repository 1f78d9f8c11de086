package dev.lineup.auth;

import dev.lineup.schedule.Rejection;
import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.lineup.support.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An identity provider's JWKS served by a small Vert.x server in the test, and a real node reading
 * it: RS256 and ES256 tokens with {@code kid}, a key rotation honoured without restart, every way a
 * token can name the wrong key, a JWKS that cannot be fetched, claim paths and the role map.
 */
class JwksTest {

  private static final String WORKSHOP = "jw1";
  private static Vertx vertx;
  private static Provider idp;
  private static TestNode node;
  private static KeyPair rsa;
  private static KeyPair ec;

  /** The test's identity provider: a JWKS document it can change, take down, and count fetches of. */
  static final class Provider implements AutoCloseable {
    final HttpServer server;
    volatile JsonArray keys = new JsonArray();
    volatile String cacheControl = "max-age=600";
    volatile boolean down;
    final AtomicInteger fetches = new AtomicInteger();

    Provider(Vertx vertx) {
      server = result(vertx.createHttpServer().requestHandler(request -> {
        fetches.incrementAndGet();
        if (down || !request.path().equals("/jwks")) {
          request.response().setStatusCode(503).end("down");
          return;
        }
        request.response().putHeader("Content-Type", "application/jwk-set+json")
            .putHeader("Cache-Control", cacheControl).end(new JsonObject().put("keys", keys).encode());
      }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort() + "/jwks";
    }

    void publish(JsonObject... jwks) {
      keys = new JsonArray(List.of((Object[]) jwks));
    }

    @Override
    public void close() {
      result(server.close(), Duration.ofSeconds(10));
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    rsa = TestTokens.rsaKeyPair();
    ec = TestTokens.ecKeyPair();
    idp = new Provider(vertx);
    idp.publish(TestTokens.rsaJwk("rsa-1", rsa, "RS256"), TestTokens.ecJwk("ec-1", ec),
        new JsonObject().put("kty", "oct").put("kid", "hmac-1").put("k", TestTokens.b64(hmacKey())));
    node = TestNode.start(Map.of("jwt_jwks_url", idp.url(), "jwt_jwks_min_refresh_seconds", 1,
        "jwt_roles_claim", "realm_access.roles",
        "jwt_workshops_claim", "https://lineup.example/workshops",
        "jwt_role_map", "lineup-admin=admin,lineup-organizer=organizer,screen=display"));
    Http.Response created = node.http.postJson("/api/workshops", node.adminToken(), new JsonObject().put("id", WORKSHOP)
        .put("title", "JWKS").put("date", "2026-11-26"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    node.close();
    idp.close();
    result(vertx.close(), Duration.ofSeconds(10));
  }

  private static byte[] hmacKey() {
    return "an-hmac-key-that-a-jwks-must-never-publish".getBytes(StandardCharsets.UTF_8);
  }

  /** Claims as Keycloak puts them: roles under realm_access, workshops under a namespaced claim. */
  static JsonObject claims(String sub, String... providerRoles) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", sub).put("iss", "lineup").put("aud", "lineup").put("iat", now).put("exp", now + 600)
        .put("realm_access", new JsonObject().put("roles", new JsonArray(List.of((Object[]) providerRoles))))
        .put("https://lineup.example/workshops", new JsonArray().add(WORKSHOP));
  }

  private static Http.Response edit(String token) {
    return node.http.command(WORKSHOP, token, new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("room", "Room " + System.nanoTime())));
  }

  private static void assertRefused(String token, String reason) {
    Http.Response r = edit(token);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.json().getString("detail")).contains(reason);
  }

  @Test
  void rs256AndEs256TokensNamingAKidOfTheJwksAreAccepted() {
    Http.Response byRsa = edit(TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("kc-alice", "lineup-organizer", "offline_access")));
    assertThat(byRsa.status()).as(byRsa.body()).isEqualTo(200);
    assertThat(byRsa.json().getJsonArray("events").getJsonObject(0).getString("by")).isEqualTo("kc-alice");

    Http.Response byEc = edit(TestTokens.es256("ec-1", ec.getPrivate(), claims("kc-bob", "lineup-organizer")));
    assertThat(byEc.status()).as(byEc.body()).isEqualTo(200);
  }

  @Test
  void theRoleMapDecidesWhatAProvidersRolesMayDo() {
    assertThat(edit(TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("kc-screen", "screen"))).status())
        .as("display: may not edit").isEqualTo(403);
    assertThat(edit(TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("kc-carol", "organizer"))).status())
        .as("a provider role the map does not name counts for nothing, also when it is spelled like ours").isEqualTo(403);
    JsonObject admin = claims("kc-root", "lineup-admin");
    admin.remove("https://lineup.example/workshops");
    assertThat(edit(TestTokens.rs256("rsa-1", rsa.getPrivate(), admin)).status()).isEqualTo(200);
    // The claims are checked as for any token.
    JsonObject expired = claims("kc-old", "lineup-admin").put("exp", Instant.now().getEpochSecond() - 3600);
    assertRefused(TestTokens.rs256("rsa-1", rsa.getPrivate(), expired), "expired");
    assertRefused(TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("kc-x", "lineup-admin").put("aud", "else")), "audience");
    assertRefused(TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("service:deploy", "lineup-admin")), "service");
  }

  @Test
  void aTokenNamingAKidNotInTheJwksIsRefused() {
    assertRefused(TestTokens.rs256("rsa-unknown", rsa.getPrivate(), claims("kc-alice", "lineup-organizer")), "unknown key id");
    JsonObject noKid = claims("kc-alice", "lineup-organizer");
    assertRefused(TestTokens.rs256(rsa.getPrivate(), noKid), "names no key id");
  }

  @Test
  void aKeyVerifiesOnlyTheAlgorithmItFits() {
    // RS384 by the RS256 key: same key, other algorithm.
    assertRefused(TestTokens.withKid("RS384", "SHA384withRSA", "rsa-1", rsa.getPrivate(), claims("kc-a", "lineup-admin")),
        "is for RS256");
    // The EC key named on an RSA-signed token.
    assertRefused(TestTokens.rs256("ec-1", rsa.getPrivate(), claims("kc-a", "lineup-admin")), "EC key");
    // A signature by another RSA key, under the right kid.
    assertRefused(TestTokens.rs256("rsa-1", TestTokens.rsaKeyPair().getPrivate(), claims("kc-a", "lineup-admin")),
        "invalid signature");
  }

  @Test
  void theKidOfAnHmacKeyIsRefusedOnAnRsaTokenAndOnAnHmacOne() {
    assertRefused(TestTokens.rs256("hmac-1", rsa.getPrivate(), claims("kc-a", "lineup-admin")), "symmetric");
    assertRefused(TestTokens.hs256("hmac-1", hmacKey(), claims("kc-a", "lineup-admin")), "unknown key id");
  }

  @Test
  void aTokenOfTheProviderIsRefreshedThereNotHere() {
    Http.Response r = node.http.post("/api/token/refresh", "application/json", "", "Authorization",
        "Bearer " + TestTokens.rs256("rsa-1", rsa.getPrivate(), claims("kc-alice", "lineup-organizer")));
    assertThat(r.status()).as(r.body()).isEqualTo(403);
  }

  @Test
  void healthSaysTheProvidersKeysAreAtHand() {
    Http.Response health = node.http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    JsonObject check = check(health, "identity-provider");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getBoolean("usable")).isTrue();
  }

  /** Runs in a node of its own: it changes the provider's keys. */
  @Test
  void aKeyRotationIsHonouredWithoutARestart() {
    Provider rotating = new Provider(vertx);
    KeyPair first = TestTokens.rsaKeyPair();
    KeyPair second = TestTokens.rsaKeyPair();
    rotating.publish(TestTokens.rsaJwk("2026-01", first, "RS256"));
    try (TestNode n = TestNode.start(Map.of("jwt_jwks_url", rotating.url(), "jwt_jwks_min_refresh_seconds", 1))) {
      String before = TestTokens.rs256("2026-01", first.getPrivate(), lineupClaims());
      assertThat(n.http.get("/api/users", "Authorization", "Bearer " + before).status()).isEqualTo(200);

      // The provider publishes a new key, removes the old one, and signs with the new one.
      rotating.publish(TestTokens.rsaJwk("2026-02", second, "RS256"));
      String after = TestTokens.rs256("2026-02", second.getPrivate(), lineupClaims());
      Await.until("the new key to be fetched", Duration.ofSeconds(10),
          () -> n.http.get("/api/users", "Authorization", "Bearer " + after).status() == 200);
      Http.Response old = n.http.get("/api/users", "Authorization", "Bearer " + before);
      assertThat(old.status()).as("the removed key verifies nothing: " + old.body()).isEqualTo(401);
    } finally {
      rotating.close();
    }
  }

  /** A node whose JWKS is down at start: it starts, serves reads, says why in /health, and recovers. */
  @Test
  void aJwksDownAtStartLeavesTheNodeServingAndTheProvidersTokensRefused() {
    Provider flaky = new Provider(vertx);
    KeyPair key = TestTokens.rsaKeyPair();
    flaky.publish(TestTokens.rsaJwk("k1", key, "RS256"));
    flaky.down = true;
    try (TestNode n = TestNode.start(Map.of("jwt_jwks_url", flaky.url(), "jwt_jwks_min_refresh_seconds", 1))) {
      assertThat(n.http.get("/api/workshops").status()).isEqualTo(200);
      Http.Response health = n.http.get("/health");
      assertThat(health.status()).as(health.body()).isEqualTo(200);
      JsonObject data = check(health, "identity-provider").getJsonObject("data");
      assertThat(data.getBoolean("usable")).isFalse();
      assertThat(data.getString("error")).contains("503");
      String token = TestTokens.rs256("k1", key.getPrivate(), lineupClaims());
      Http.Response refused = n.http.get("/api/users", "Authorization", "Bearer " + token);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().getString("detail")).contains("cannot be fetched");
      assertThat(n.http.get("/api/users", "Authorization", "Bearer " + n.adminToken()).status())
          .as("Lineup's own tokens do not need the provider").isEqualTo(200);

      flaky.down = false;
      Await.until("the keys once the provider is back", Duration.ofSeconds(10),
          () -> n.http.get("/api/users", "Authorization", "Bearer " + token).status() == 200);
      assertThat(check(n.http.get("/health"), "identity-provider").getJsonObject("data").getBoolean("usable")).isTrue();
    } finally {
      flaky.close();
    }
  }

  /** Unknown kids trigger at most one fetch per min refresh interval; max-age is bounded. */
  @Test
  void unknownKidsRefreshAtMostOncePerIntervalAndMaxAgeIsBounded() {
    Provider counted = new Provider(vertx);
    counted.publish(TestTokens.rsaJwk("k1", TestTokens.rsaKeyPair(), "RS256"));
    AtomicLong clock = new AtomicLong(1_000_000L);
    ProviderOptions options = new ProviderOptions(counted.url(), 30, 600, 60, "roles", "workshops", Map.of());
    Jwks jwks = new Jwks(vertx, options, clock::get);
    try {
      result(jwks.start(), Duration.ofSeconds(10));
      assertThat(counted.fetches.get()).isEqualTo(1);
      for (int i = 0; i < 20; i++) {
        Throwable refused = catchThrowable(() -> result(jwks.key("k-" + System.nanoTime(), "RS256"), Duration.ofSeconds(10)));
        assertThat(refused).isInstanceOf(Rejection.class).hasMessageContaining("unknown key id");
      }
      assertThat(counted.fetches.get()).as("within the interval: no fetch").isEqualTo(1);
      clock.addAndGet(30_000);
      catchThrowable(() -> result(jwks.key("k-late", "RS256"), Duration.ofSeconds(10)));
      assertThat(counted.fetches.get()).as("after it: one").isEqualTo(2);

      assertThat(jwks.maxAgeSeconds("public, max-age=120")).isEqualTo(120);
      assertThat(jwks.maxAgeSeconds("max-age=5")).isEqualTo(30);
      assertThat(jwks.maxAgeSeconds("max-age=86400")).isEqualTo(600);
      assertThat(jwks.maxAgeSeconds("no-cache")).isEqualTo(30);
      assertThat(jwks.maxAgeSeconds(null)).isEqualTo(300);
    } finally {
      jwks.close();
      counted.close();
    }
  }

  private static JsonObject lineupClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", "kc-root").put("iss", "lineup").put("aud", "lineup").put("iat", now)
        .put("exp", now + 600).put("roles", new JsonArray().add("admin")).put("workshops", new JsonArray().add("*"));
  }

  private static JsonObject check(Http.Response health, String id) {
    return health.json().getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + health.body()));
  }
}
