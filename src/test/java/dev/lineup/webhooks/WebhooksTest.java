package dev.lineup.webhooks;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks end to end: real nodes POSTing to a real receiver over HTTP. */
class WebhooksTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  /** Quick retries, pause after four failures in a row, one-second delivery timeout. */
  private static final Map<String, Object> QUICK = Map.of("webhook_allow_private", true,
      "webhook_retry_base_ms", 50L, "webhook_retry_max_ms", 400L, "webhook_max_failures", 4,
      "webhook_timeout_ms", 1000L, "webhook_lease_ms", 5000L, "webhook_scan_ms", 500L);

  private static Vertx vertx;
  private static TestNode node;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    node = TestNode.start(QUICK);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    vertx.close();
  }

  private static String workshop(TestNode on, String id) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Hooks " + id).put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    Http.Response created = on.http.postJson("/api/workshops", on.adminToken(), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  private static long change(TestNode on, String workshop, JsonObject command) {
    Http.Response r = on.http.command(workshop, on.adminToken(), command);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getLong("seq");
  }

  private static long rename(TestNode on, String workshop, String talk, String title) {
    return change(on, workshop, new JsonObject().put("type", "talk.update").put("talkId", talk)
        .put("set", new JsonObject().put("title", title)));
  }

  private static JsonObject register(TestNode on, String workshop, JsonObject body) {
    Http.Response r = on.http.postJson("/api/workshops/" + workshop + "/webhooks", on.adminToken(), body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static JsonObject hook(TestNode on, String workshop, String id) {
    Http.Response r = on.http.get("/api/workshops/" + workshop + "/webhooks/" + id,
        "Authorization", "Bearer " + on.adminToken());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void eachEventIsPostedSignedInSeqOrderAsTheLogHasIt() {
    String talk = workshop(node, "signed");
    try (Receiver receiver = Receiver.start(vertx)) {
      Http.Response created = node.http.postJson("/api/workshops/signed/webhooks", node.adminToken(),
          new JsonObject().put("url", receiver.url()));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonObject hook = created.json();
      String secret = hook.getString("secret");
      assertThat(secret).matches("[0-9a-f]{64}");
      assertThat(created.header("location")).isEqualTo("/api/workshops/signed/webhooks/" + hook.getString("id"));
      for (int i = 0; i < 5; i++) rename(node, "signed", talk, "Title " + i);

      Await.until("five deliveries", WAIT, () -> receiver.accepted.size() >= 5);
      assertThat(receiver.acceptedSeqs()).containsExactly(2L, 3L, 4L, 5L, 6L);
      JsonArray log = node.http.get("/api/workshops/signed/events?after=1").array();
      for (int i = 0; i < 5; i++) {
        Receiver.Delivery d = receiver.accepted.get(i);
        assertThat(d.verifies(secret)).as("signature %s", d.signature()).isTrue();
        assertThat(d.verifies("another secret")).isFalse();
        assertThat(d.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(d.json()).isEqualTo(log.getJsonObject(i));
        assertThat(d.event()).isEqualTo("talk.updated");
        assertThat(d.deliveryId()).isEqualTo(hook.getString("id") + "/" + (i + 2));
        assertThat(d.contentType()).startsWith("application/json");
      }
      Http.Response list = node.http.get("/api/workshops/signed/webhooks", "Authorization", "Bearer " + node.adminToken());
      assertThat(list.status()).isEqualTo(200);
      JsonObject listed = list.array().getJsonObject(0);
      assertThat(listed.containsKey("secret")).isFalse();
      assertThat(listed.getString("url")).isEqualTo(receiver.url());
      assertThat(listed.getString("state")).isEqualTo("active");
      Await.until("the cursor at 6", WAIT, () -> hook(node, "signed", hook.getString("id")).getLong("cursor") == 6);
    }
  }

  @Test
  void aReceiverThatFailsThreeTimesThenRecoversGetsEverythingOnceInOrder() {
    String talk = workshop(node, "flaky");
    try (Receiver receiver = Receiver.start(vertx)) {
      receiver.failNext.set(3);
      String id = register(node, "flaky", new JsonObject().put("url", receiver.url())).getString("id");
      for (int i = 0; i < 3; i++) rename(node, "flaky", talk, "Flaky " + i);

      Await.until("three deliveries", WAIT, () -> receiver.accepted.size() >= 3);
      assertThat(receiver.acceptedSeqs()).containsExactly(2L, 3L, 4L);
      assertThat(receiver.requests.subList(0, 4)).extracting(Receiver.Delivery::seq).containsExactly(2L, 2L, 2L, 2L);
      JsonObject state = hook(node, "flaky", id);
      assertThat(state.getString("state")).isEqualTo("active");
      assertThat(state.getInteger("consecutiveFailures")).isZero();
      JsonArray failures = state.getJsonArray("failures");
      assertThat(failures).hasSize(3);
      assertThat(failures.getJsonObject(0).getInteger("status")).isEqualTo(500);
      assertThat(failures.getJsonObject(0).getString("error")).contains("500").contains("receiver says no");
      assertThat(failures.getJsonObject(2).getInteger("attempt")).isEqualTo(3);
    }
  }

  @Test
  void theEventsFilterDeliversOnlyThoseTypesAndPassesOverTheRest() {
    String talk = workshop(node, "filtered");
    try (Receiver receiver = Receiver.start(vertx)) {
      String id = register(node, "filtered", new JsonObject().put("url", receiver.url())
          .put("events", new JsonArray().add("talk.moved"))).getString("id");
      rename(node, "filtered", talk, "Not wanted");
      long moved = change(node, "filtered", new JsonObject().put("type", "talk.move").put("talkId", talk)
          .put("start", "09:30").put("end", "10:30"));
      long last = rename(node, "filtered", talk, "Not wanted either");

      Await.until("the move delivered and the cursor past the rest", WAIT,
          () -> hook(node, "filtered", id).getLong("cursor") == last);
      assertThat(receiver.acceptedSeqs()).containsExactly(moved);
      assertThat(receiver.accepted.get(0).event()).isEqualTo("talk.moved");
      assertThat(hook(node, "filtered", id).getJsonArray("events")).containsExactly("talk.moved");
    }
  }

  @Test
  void repeatedFailurePausesTheWebhookWithItsFailuresListedAndResumeDeliversWhatWaited() {
    String talk = workshop(node, "paused");
    try (Receiver receiver = Receiver.start(vertx)) {
      receiver.status = 503;
      String id = register(node, "paused", new JsonObject().put("url", receiver.url())).getString("id");
      rename(node, "paused", talk, "First");
      rename(node, "paused", talk, "Second");

      JsonObject paused = Await.value("the webhook paused", WAIT, () -> {
        JsonObject h = hook(node, "paused", id);
        return h.getString("state").equals("paused") ? h : null;
      });
      assertThat(paused.getInteger("consecutiveFailures")).isEqualTo(4);
      assertThat(paused.getJsonArray("failures")).hasSize(4);
      assertThat(paused.getJsonArray("failures").getJsonObject(3).getInteger("status")).isEqualTo(503);
      assertThat(paused.getString("pausedAt")).isNotBlank();
      assertThat(paused.getLong("cursor")).isEqualTo(1);
      assertThat(receiver.requests).hasSize(4);
      assertThat(metric("lineup_webhooks_paused_total")).isGreaterThanOrEqualTo(1);

      receiver.status = 200;
      Http.Response resumed = node.http.postJson("/api/workshops/paused/webhooks/" + id + "/resume",
          node.adminToken(), new JsonObject());
      assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
      assertThat(resumed.json().getString("state")).isEqualTo("active");
      Await.until("both waiting events delivered", WAIT, () -> receiver.accepted.size() >= 2);
      assertThat(receiver.acceptedSeqs()).containsExactly(2L, 3L);
    }
  }

  @Test
  void aRedirectOrNoAnswerIsAFailureWithItsReason() {
    String talk = workshop(node, "reasons");
    try (Receiver redirecting = Receiver.start(vertx); Receiver hanging = Receiver.start(vertx)) {
      redirecting.status = 302;
      hanging.hang = true;
      String r = register(node, "reasons", new JsonObject().put("url", redirecting.url())).getString("id");
      String h = register(node, "reasons", new JsonObject().put("url", hanging.url())).getString("id");
      rename(node, "reasons", talk, "Anyone?");
      JsonObject redirectFailure = Await.value("a redirect recorded", WAIT, () -> firstFailure(hook(node, "reasons", r)));
      assertThat(redirectFailure.getInteger("status")).isEqualTo(302);
      assertThat(redirectFailure.getString("error")).contains("redirects are not followed");
      JsonObject timeout = Await.value("a timeout recorded", WAIT, () -> firstFailure(hook(node, "reasons", h)));
      assertThat(timeout.containsKey("status")).isFalse();
      assertThat(timeout.getString("error")).contains("no answer within 1000 ms");
      assertThat(redirecting.accepted).isEmpty();
    }
  }

  private static JsonObject firstFailure(JsonObject hook) {
    JsonArray failures = hook.getJsonArray("failures");
    return failures.isEmpty() ? null : failures.getJsonObject(0);
  }

  @Test
  void onlyThoseWhoMayChangeTheWorkshopManageItsWebhooksAndBadRequestsAreRefused() {
    workshop(node, "guarded");
    String url = "http://127.0.0.1:9/hook";
    String base = "/api/workshops/guarded/webhooks";
    JsonObject body = new JsonObject().put("url", url);
    assertThat(node.http.postJson(base, null, body).status()).isEqualTo(401);
    assertThat(node.http.postJson(base, node.organizerToken("org", "another"), body).status()).isEqualTo(403);
    assertThat(node.http.postJson(base, node.token("screen", List.of("display"), List.of("guarded")), body).status())
        .isEqualTo(403);
    assertThat(node.http.get(base).status()).isEqualTo(401);
    Http.Response byOrganizer = node.http.postJson(base, node.organizerToken("org", "guarded"), body);
    assertThat(byOrganizer.status()).as(byOrganizer.body()).isEqualTo(201);
    assertThat(byOrganizer.json().getString("createdBy")).isEqualTo("org");

    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("url", "ftp://example.org/x"),
        new JsonObject().put("url", "http://user:pw@127.0.0.1/x"), new JsonObject().put("url", 42),
        new JsonObject().put("url", url).put("events", new JsonArray().add("talk.renamed")),
        new JsonObject().put("url", url).put("events", new JsonArray()),
        new JsonObject().put("url", url).put("secret", "mine"))) {
      Http.Response refused = node.http.postJson(base, node.adminToken(), bad);
      assertThat(refused.status()).as(bad + " → " + refused.body()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(node.http.postJson("/api/workshops/none-such/webhooks", node.adminToken(), body).status()).isEqualTo(404);

    String id = byOrganizer.json().getString("id");
    Http.Response deleted = node.http.call("DELETE", base + "/" + id, node.adminToken(), null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(node.http.get(base + "/" + id, "Authorization", "Bearer " + node.adminToken()).status()).isEqualTo(404);
    assertThat(node.http.call("DELETE", base + "/" + id, node.adminToken(), null).status()).isEqualTo(404);
  }

  @Test
  void deliveriesCarryOnAcrossARestartFromTheStore() throws Exception {
    Path data = Files.createTempDirectory("lineup-webhooks-restart");
    Map<String, Object> config = new java.util.HashMap<>(QUICK);
    config.put("data_dir", data.toString());
    config.put("webhook_max_failures", 100);
    try (Receiver receiver = Receiver.start(vertx)) {
      receiver.status = 500;
      String id;
      TestNode first = TestNode.start(config);
      try {
        String talk = workshop(first, "restart");
        id = register(first, "restart", new JsonObject().put("url", receiver.url())).getString("id");
        rename(first, "restart", talk, "Before 1");
        rename(first, "restart", talk, "Before 2");
        Await.until("failures recorded in the store", WAIT,
            () -> hook(first, "restart", id).getInteger("consecutiveFailures") >= 2);
      } finally {
        first.close();
      }
      receiver.status = 0;
      try (TestNode second = TestNode.start(config)) {
        Await.until("what waited delivered by the new node", WAIT, () -> receiver.accepted.size() >= 2);
        String talk = second.http.get("/api/workshops/restart").json().getJsonArray("talks").getJsonObject(0).getString("id");
        rename(second, "restart", talk, "After");
        Await.until("the next one too", WAIT, () -> receiver.accepted.size() >= 3);
        assertThat(receiver.acceptedSeqs()).containsExactly(2L, 3L, 4L);
        // The receiver has it before its answer moves the cursor.
        JsonObject carried = Await.value("the cursor at 4", WAIT, () -> {
          JsonObject h = hook(second, "restart", id);
          return h.getLong("cursor") == 4 ? h : null;
        });
        assertThat(carried.getJsonArray("failures").size()).as("the first node's failures, from the store")
            .isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void theOpenApiContractNamesTheWebhookRoutes() {
    String api = node.http.get("/openapi.yaml").body();
    for (String path : List.of("/api/workshops/{id}/webhooks:", "/api/workshops/{id}/webhooks/{hookId}:",
        "/api/workshops/{id}/webhooks/{hookId}/resume:")) {
      assertThat(api).as(path).contains("\n  " + path);
    }
  }

  private static double metric(String name) {
    for (String l : node.http.get("/metrics", "Authorization", "Bearer " + node.adminToken()).body().split("\n")) {
      if (l.startsWith(name + " ")) return Double.parseDouble(l.substring(name.length() + 1).trim());
    }
    return 0;
  }
}
