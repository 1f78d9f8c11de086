package dev.lineup.auth;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins against a real node, from many client addresses (the node trusts X-Forwarded-For
 * from loopback, as behind a proxy): 429 with Retry-After, per username and per address; the real
 * admin gets in again soon after the attacker stops, and at once from an address they used before;
 * the hashing pool is bounded.
 */
class LoginThrottlingTest {

  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("admin_password", "admin-password", "password_hash_iterations", 20_000,
        "trusted_proxies", "127.0.0.1", "login_user_free_failures", 3, "login_user_max_delay_seconds", 2,
        "login_address_free_failures", 5, "login_address_max_delay_seconds", 600));
    http = node.http;
    for (String user : List.of("olga", "pia")) {
      Http.Response r = http.postJson("/api/users", node.adminToken(), new JsonObject().put("username", user)
          .put("password", user + "-password").put("roles", new io.vertx.core.json.JsonArray().add("organizer")));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Http.Response login(Http http, String username, String password, String from) {
    return http.post("/api/token", "application/json",
        new JsonObject().put("username", username).put("password", password).encode(), "X-Forwarded-For", from);
  }

  @Test
  void oneAddressGuessingIsRefusedWith429AndRetryAfterEvenForTheRightPassword() {
    // Three failures go unpunished (the username's free ones); the fourth is followed by a wait.
    for (int i = 0; i < 4; i++) {
      assertThat(login(http, "olga", "guess-" + i, "203.0.113.10").status()).isEqualTo(401);
    }
    Http.Response refused = login(http, "olga", "olga-password", "203.0.113.10");
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 600L);
    assertThat(refused.json().getInteger("status")).isEqualTo(429);
    assertThat(refused.json().getLong("retryAfter")).isEqualTo(retryAfter);
    // Refused attempts are not evaluated: 50 more change nothing, and cost no hash.
    for (int i = 0; i < 50; i++) assertThat(login(http, "olga", "guess", "203.0.113.10").status()).isEqualTo(429);
  }

  @Test
  void anAddressThatGuessedIsRefusedForEveryUsernameAndOthersAreNot() {
    for (int i = 0; i < 6; i++) login(http, "nobody-" + i, "guess", "203.0.113.20");
    assertThat(login(http, "pia", "pia-password", "203.0.113.20").status()).isEqualTo(429);
    assertThat(login(http, "pia", "pia-password", "203.0.113.21").status()).isEqualTo(200);
  }

  @Test
  void guessesFromManyAddressesDelayTheUsernameBrieflyAndTheAdminGetsInSoonAfter() {
    for (int i = 0; i < 20; i++) login(http, "admin", "guess-" + i, "198.18.0." + (i + 1));
    Http.Response refused = login(http, "admin", "admin-password", "198.18.1.1");
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("Retry-After"))).as("the username limit is short").isLessThanOrEqualTo(2);
    // The attacker stops: within the short cap the admin, from an address never seen, gets in.
    Http.Response in = Await.value("the admin's login", Duration.ofSeconds(5), () -> {
      Http.Response r = login(http, "admin", "admin-password", "198.18.1.1");
      return r.status() == 200 ? r : null;
    });
    assertThat(in.json().getString("token")).isNotBlank();
  }

  @Test
  void anAddressTheUserLoggedInFromBeforeIsNotHeldBackByGuessesFromElsewhere() {
    assertThat(login(http, "pia", "pia-password", "192.0.2.77").status()).isEqualTo(200);
    for (int i = 0; i < 20; i++) login(http, "pia", "guess-" + i, "198.19.0." + (i + 1));
    assertThat(login(http, "pia", "pia-password", "198.19.1.1").status()).isEqualTo(429);

    assertThat(login(http, "pia", "pia-password", "192.0.2.77").status()).isEqualTo(200);
  }

  /**
   * A node with slow hashes, one hashing thread and two waiting: a burst of bad logins beyond that
   * gets 503 with Retry-After at once instead of queueing, and a login from the admin's known address
   * is answered 200 all through the flood (its own lane).
   */
  @Test
  void theHashingPoolIsBoundedAndAKnownLoginGetsThroughAFlood() throws Exception {
    try (TestNode slow = TestNode.start(Map.of("admin_password", "admin-password", "trusted_proxies", "127.0.0.1",
        "password_hash_iterations", 100_000, "login_hash_threads", 1, "login_hash_queue", 2))) {
      assertThat(login(slow.http, "admin", "admin-password", "192.0.2.1").status()).isEqualTo(200);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      List<String> retryAfter = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicInteger address = new AtomicInteger();
      try {
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          loops.add(pool.submit(() -> {
            while (flooding.get()) {
              int n = address.incrementAndGet();
              Http.Response r = login(slow.http, "nobody-" + n, "guess", "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
              if (r.status() == 503) {
                unavailable.incrementAndGet();
                retryAfter.add(r.header("Retry-After"));
              } else if (r.status() != 401) {
                other.incrementAndGet();
              }
            }
          }));
        }
        Await.until("the flood to fill the pool", Duration.ofSeconds(20), () -> unavailable.get() >= 20);
        for (int i = 0; i < 3; i++) {
          Http.Response known = login(slow.http, "admin", "admin-password", "192.0.2.1");
          assertThat(known.status()).as(known.body()).isEqualTo(200);
        }
        flooding.set(false);
        for (Future<?> loop : loops) loop.get(60, TimeUnit.SECONDS);
      } finally {
        flooding.set(false);
        pool.shutdownNow();
      }
      assertThat(other.get()).as("every bad login is a 401 or a 503").isZero();
      assertThat(retryAfter).allMatch("1"::equals);
    }
  }
}
