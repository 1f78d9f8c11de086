package dev.lineup.auth;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.ClusterNodes;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service accounts on two clustered nodes sharing one store: created on one, their token works on
 * both and names the account in the log; revoked on one, it is refused at once on the other (whose
 * cache would otherwise trust it for an hour), and still after that node restarts.
 */
class ServiceAccountsTest {

  private static final String WORKSHOP = "svc";
  private static TestNode a;
  private static TestNode b;
  private static ClusterNodes cluster;

  @BeforeAll
  static void start() {
    // An hour: only the event-bus notice can make a node forget an account this fast.
    cluster = ClusterNodes.onLoopback(2).withEveryNode(Map.of("auth_cache_seconds", 3600));
    List<TestNode> nodes = cluster.startAll();
    a = nodes.get(0);
    b = nodes.get(1);
    Http.Response created = a.http.postJson("/api/workshops", a.adminToken(), new JsonObject().put("id", WORKSHOP)
        .put("title", "Service").put("date", "2026-11-26"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {b, a}) {
      if (n != null) n.close();
    }
  }

  private static Http.Response create(Http http, String token, JsonObject account) {
    return http.postJson("/api/service-accounts", token, account);
  }

  private static JsonObject account(String name) {
    return new JsonObject().put("name", name).put("roles", new JsonArray().add("organizer"))
        .put("workshops", new JsonArray().add(WORKSHOP)).put("expiresInDays", 30);
  }

  private static Http.Response edit(Http http, String token) {
    return http.command(WORKSHOP, token, new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("room", "Room " + System.nanoTime())));
  }

  @Test
  void aRevokedAccountsTokenIsRefusedAtOnceOnEveryNodeAndAfterARestart() throws Exception {
    Http.Response created = create(a.http, a.adminToken(), account("deploy"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("cache-control")).isEqualTo("no-store");
    JsonObject body = created.json();
    assertThat(body.getString("subject")).isEqualTo("service:deploy");
    assertThat(body.getString("createdBy")).isEqualTo("admin-test");
    assertThat(body.getLong("expiresIn")).isBetween(30L * 86400 - 5, 30L * 86400);
    String token = body.getString("token");

    for (TestNode n : new TestNode[] {a, b}) {
      Http.Response edited = edit(n.http, token);
      assertThat(edited.status()).as(edited.body()).isEqualTo(200);
      assertThat(edited.json().getJsonArray("events").getJsonObject(0).getString("by")).isEqualTo("service:deploy");
    }
    assertThat(edit(b.http, token).status()).as("organizer of its workshop only")
        .isEqualTo(200);
    assertThat(b.http.command("other", token, new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("room", "x"))).status()).isEqualTo(403);

    Http.Response listed = a.http.get("/api/service-accounts", "Authorization", "Bearer " + a.adminToken());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(token).doesNotContain("tokenId");
    assertThat(listed.array().stream().map(x -> ((JsonObject) x).getString("name")).toList()).contains("deploy");

    Http.Response revoked = a.http.call("DELETE", "/api/service-accounts/deploy", a.adminToken(), null);
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
    assertThat(edit(a.http, token).status()).isEqualTo(401);
    Await.until("node B to refuse the revoked token", Duration.ofSeconds(5), () -> edit(b.http, token).status() == 401);
    assertThat(edit(b.http, token).json().getString("detail")).contains("revoked");
    assertThat(a.http.call("DELETE", "/api/service-accounts/deploy", a.adminToken(), null).status()).isEqualTo(404);

    b.close();
    b = cluster.start(1, Map.of());
    assertThat(edit(b.http, token).status()).as("still revoked after a restart").isEqualTo(401);

    Http.Response again = create(b.http, b.adminToken(), account("deploy"));
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    String fresh = again.json().getString("token");
    assertThat(edit(b.http, fresh).status()).isEqualTo(200);
    // A remembered that the account did not exist; the notice from B makes it read again.
    Await.until("node A to accept the new account", Duration.ofSeconds(5), () -> edit(a.http, fresh).status() == 200);
    assertThat(edit(a.http, token).status()).as("an account made again under the name is not the old one").isEqualTo(401);
  }

  @Test
  void onlyAdminsManageServiceAccountsAndBadInputIsRefused() {
    String organizer = a.organizerToken("olga", WORKSHOP);
    assertThat(create(a.http, organizer, account("sneaky")).status()).isEqualTo(403);
    assertThat(create(a.http, null, account("sneaky")).status()).isEqualTo(401);
    assertThat(a.http.get("/api/service-accounts", "Authorization", "Bearer " + organizer).status()).isEqualTo(403);
    assertThat(a.http.call("DELETE", "/api/service-accounts/sneaky", organizer, null).status()).isEqualTo(403);

    String admin = a.adminToken();
    Http.Response invalid = create(a.http, admin, new JsonObject().put("name", "Bad Name").put("roles", new JsonArray().add("root"))
        .put("expiresInDays", 0));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("path")).toList())
        .containsExactlyInAnyOrder("name", "roles[0]", "expiresInDays");
    assertThat(create(a.http, admin, account("x").put("expiresInDays", 367)).status()).isEqualTo(400);
    assertThat(create(a.http, admin, account("x").put("token", "mine")).status()).isEqualTo(400);
    assertThat(create(a.http, admin, account("signage")).status()).isEqualTo(201);
    assertThat(create(a.http, admin, account("signage")).status()).isEqualTo(409);
    assertThat(a.http.get("/api/service-accounts", "Authorization", "Bearer " + admin).array().stream()
        .map(x -> ((JsonObject) x).getString("name")).toList()).doesNotContain("sneaky", "x");
  }
}
