package dev.lineup.workshops;

import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Workshop;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command pipeline over the wire: a real node (embedded store on a random port, HTTP on a
 * random port), real HTTP requests, the real event bus.
 */
class CommandPipelineTest {

  private static TestNode node;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http;
    admin = node.adminToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String createWorkshop(int talks) {
    String id = "ws-" + UUID.randomUUID().toString().substring(0, 8);
    JsonArray list = new JsonArray();
    for (int i = 0; i < talks; i++) {
      int start = 8 * 60 + i * 20;
      list.add(new JsonObject().put("title", "Talk " + i)
          .put("authors", new JsonArray().add(new JsonObject().put("given", "Speaker").put("family", "N" + i)))
          .put("start", String.format("%02d:%02d", start / 60, start % 60))
          .put("end", String.format("%02d:%02d", (start + 20) / 60, (start + 20) % 60)));
    }
    JsonObject body = new JsonObject().put("id", id).put("title", "Workshop " + id)
        .put("categories", new JsonArray().add("test")).put("date", "2026-11-26").put("talks", list);
    Http.Response r = http.postJson("/api/workshops", admin, body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("location")).isEqualTo("/api/workshops/" + id);
    return id;
  }

  private static JsonObject snapshot(String id) {
    Http.Response r = http.get("/api/workshops/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> talkIds(String id) {
    return snapshot(id).getJsonArray("talks").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static JsonArray events(String id, long after) {
    return http.get("/api/workshops/" + id + "/events?after=" + after).array();
  }

  private static JsonObject rename(String talkId, String title, Long expectedVersion, String commandId) {
    JsonObject c = new JsonObject().put("type", "talk.update").put("talkId", talkId)
        .put("set", new JsonObject().put("title", title));
    if (expectedVersion != null) c.put("expectedVersion", expectedVersion);
    if (commandId != null) c.put("commandId", commandId);
    return c;
  }

  @Test
  void twentyOrganizersWithStaleVersionsLoseNothing() throws Exception {
    int organizers = 20;
    int edits = 25;
    String id = createWorkshop(organizers);
    List<String> talks = talkIds(id);
    long seen = snapshot(id).getLong("version");
    ExecutorService pool = Executors.newFixedThreadPool(organizers);
    List<Future<Integer>> results = new ArrayList<>();
    for (int o = 0; o < organizers; o++) {
      int me = o;
      String token = node.organizerToken("organizer-" + o, id);
      results.add(pool.submit(() -> {
        int accepted = 0;
        for (int e = 0; e < edits; e++) {
          // Every organizer keeps the version it saw at the start: always stale after the first round.
          Http.Response r = http.command(id, token, rename(talks.get(me), "Talk " + me + " edit " + e, seen, null));
          if (r.status() == 200) accepted++;
          else throw new AssertionError(r.status() + " " + r.body());
        }
        return accepted;
      }));
    }
    int accepted = 0;
    for (Future<Integer> f : results) accepted += f.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(accepted).isEqualTo(organizers * edits);

    JsonObject after = snapshot(id);
    assertThat(after.getLong("version")).isEqualTo(seen + organizers * edits);
    for (int o = 0; o < organizers; o++) {
      assertThat(after.getJsonArray("talks").getJsonObject(o).getString("title")).isEqualTo("Talk " + o + " edit " + (edits - 1));
    }
    List<Event> log = new ArrayList<>();
    long cursor = 0;
    while (true) {
      JsonArray page = events(id, cursor);
      if (page.isEmpty()) break;
      for (Object e : page) log.add(Event.fromMap(((JsonObject) e).getMap()));
      cursor = log.get(log.size() - 1).seq();
    }
    assertThat(log).extracting(Event::seq).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, after.getLong("version")).boxed().toList());
    Workshop replayed = new Decider((w, p, d) -> null, "Europe/Rome").replay(Workshop.absent(id), log);
    Workshop served = Json.fromMap(after.getMap(), Workshop.class);
    // The served snapshot adds the meeting's speaker clashes; everything else is the replay.
    assertThat(served.warnings()).containsAll(replayed.warnings());
    assertThat(replayed.withWarnings(served.warnings())).isEqualTo(served);
  }

  @Test
  void sameFieldConflictIs409WithTheConflictingEvent() {
    String id = createWorkshop(2);
    String talk = talkIds(id).get(0);
    long seen = snapshot(id).getLong("version");
    String alice = node.organizerToken("alice", id);
    String bob = node.organizerToken("bob", id);
    assertThat(http.command(id, alice, rename(talk, "Mine", seen, null)).status()).isEqualTo(200);
    Http.Response conflict = http.command(id, bob, rename(talk, "Yours", seen, null));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.contentType()).startsWith("application/problem+json");
    JsonObject problem = conflict.json();
    assertThat(problem.getInteger("status")).isEqualTo(409);
    assertThat(problem.getJsonArray("conflicts")).hasSize(1);
    assertThat(problem.getJsonArray("conflicts").getJsonObject(0).getJsonObject("data")
        .getJsonObject("set").getString("title")).isEqualTo("Mine");
    assertThat(snapshot(id).getJsonArray("talks").getJsonObject(0).getString("title")).isEqualTo("Mine");

    // The same through If-Match: 412.
    Http.Response precondition = http.command(id, bob,
        new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject().put("title", "Theirs")),
        "If-Match", "\"" + seen + "\"");
    // Nobody conflicts with their own change: alice's stale edit of her own title goes through.
    assertThat(http.command(id, alice, rename(talk, "Mine again", seen, null)).status()).isEqualTo(200);
    assertThat(precondition.status()).isEqualTo(412);
  }

  @Test
  void repeatedCommandIdReturnsTheFirstResultAndAppendsNothing() {
    String id = createWorkshop(1);
    String talk = talkIds(id).get(0);
    String commandId = UUID.randomUUID().toString();
    Http.Response first = http.command(id, admin, rename(talk, "Once", null, commandId));
    assertThat(first.status()).isEqualTo(200);
    long version = snapshot(id).getLong("version");
    Http.Response again = http.command(id, admin, rename(talk, "Twice?", null, commandId));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getLong("seq")).isEqualTo(first.json().getLong("seq"));
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(snapshot(id).getLong("version")).isEqualTo(version);
    assertThat(snapshot(id).getJsonArray("talks").getJsonObject(0).getString("title")).isEqualTo("Once");
  }

  @Test
  void badInputIsA4xxProblemNamingTheFieldAndChangesNothing() {
    String id = createWorkshop(2);
    String talk = talkIds(id).get(0);
    long version = snapshot(id).getLong("version");
    record Case(String body, int status, String path) {
    }
    List<Case> cases = List.of(
        new Case("{\"type\":\"talk.update\",", 400, ""),
        new Case("{\"type\":\"talk.move\",\"talkId\":\"" + talk + "\",\"start\":\"25:99\",\"end\":\"26:00\"}", 400, "start"),
        new Case("{\"type\":\"talk.move\",\"talkId\":\"" + talk + "\",\"start\":\"11:00\",\"end\":\"10:00\"}", 400, "end"),
        new Case("{\"type\":\"talk.update\",\"talkId\":\"nope\",\"set\":{\"title\":\"x\"}}", 404, null),
        new Case("{\"type\":\"talk.teleport\"}", 400, "type"),
        new Case("{\"type\":\"talk.update\",\"talkId\":\"" + talk + "\",\"set\":{\"title\":7}}", 400, "set.title"),
        new Case("{\"type\":\"talk.update\",\"talkId\":\"" + talk + "\",\"set\":{\"title\":\"x\",\"$set\":1}}", 400, "set.$set"),
        new Case("{\"type\":\"talk.update\",\"talkId\":\"" + talk + "\",\"set\":{\"extra\":{\"a.b\":1}}}", 400, "set.extra.a.b"));
    for (Case c : cases) {
      Http.Response r = http.post("/api/workshops/" + id + "/commands", "application/json", c.body(),
          "Authorization", "Bearer " + admin);
      assertThat(r.status()).as(c.body() + " → " + r.body()).isEqualTo(c.status());
      assertThat(r.contentType()).startsWith("application/problem+json");
      JsonObject problem = r.json();
      assertThat(problem.getString("title")).isNotBlank();
      assertThat(problem.getString("detail")).isNotBlank();
      if (c.path() != null) {
        assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("path")))
            .as(r.body()).contains(c.path());
      }
    }
    assertThat(snapshot(id).getLong("version")).isEqualTo(version);
    assertThat(http.get("/api/workshops/does-not-exist").status()).isEqualTo(404);
    assertThat(http.get("/api/nothing-here").status()).isEqualTo(404);
  }

  @Test
  void snapshotHasAnEtagAndAnswers304() {
    String id = createWorkshop(1);
    Http.Response r = http.get("/api/workshops/" + id);
    String etag = r.header("etag");
    assertThat(etag).isNotBlank();
    assertThat(http.get("/api/workshops/" + id, "If-None-Match", etag).status()).isEqualTo(304);
    http.command(id, admin, rename(talkIds(id).get(0), "Changed", null, null));
    assertThat(http.get("/api/workshops/" + id, "If-None-Match", etag).status()).isEqualTo(200);
  }

  @Test
  void eventsPageAndEndWithAnEmptyPage() {
    String id = createWorkshop(1);
    String talk = talkIds(id).get(0);
    for (int i = 0; i < 5; i++) http.command(id, admin, rename(talk, "v" + i, null, null));
    JsonArray all = events(id, 0);
    assertThat(all).hasSize(6);
    assertThat(all.getJsonObject(0).getString("type")).isEqualTo("workshop.created");
    assertThat(all.getJsonObject(5).getString("type")).isEqualTo("talk.updated");
    assertThat(all.getJsonObject(5).getString("by")).isEqualTo("admin-test");
    assertThat(http.get("/api/workshops/" + id + "/events?after=3&limit=2").array()).extracting(e -> ((JsonObject) e).getLong("seq")).containsExactly(4L, 5L);
    assertThat(events(id, 6)).isEmpty();
    assertThat(http.get("/api/workshops/" + id + "/events?after=-1").status()).isEqualTo(400);
  }

  @Test
  void commandsOverTheEventBusAnswerAsRestDoes() throws Exception {
    String id = createWorkshop(1);
    String talk = talkIds(id).get(0);
    var bus = node.lineup().vertx().eventBus();
    JsonObject command = rename(talk, "Over the bus", null, null).put("workshop", id);
    JsonObject reply = (JsonObject) bus.request("lineup.commands", command,
            new DeliveryOptions().addHeader("authorization", "Bearer " + admin))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertThat(reply.getLong("version")).isEqualTo(2);
    assertThat(reply.getJsonArray("events").getJsonObject(0).getString("type")).isEqualTo("talk.updated");

    var failure = bus.request("lineup.commands", command.copy().put("set", new JsonObject().put("title", 1)),
            new DeliveryOptions().addHeader("authorization", "Bearer " + admin))
        .toCompletionStage().toCompletableFuture().handle((m, t) -> t).get(10, TimeUnit.SECONDS);
    ReplyException re = (ReplyException) failure;
    assertThat(re.failureCode()).isEqualTo(400);
    assertThat(new JsonObject(re.getMessage()).getJsonArray("errors")).isNotEmpty();

    var unauthenticated = bus.request("lineup.commands", command, new DeliveryOptions())
        .toCompletionStage().toCompletableFuture().handle((m, t) -> t).get(10, TimeUnit.SECONDS);
    assertThat(((ReplyException) unauthenticated).failureCode()).isEqualTo(401);
  }

  @Test
  void metricsExposeCommandsEventsCatchUpAndBridge() {
    String id = createWorkshop(1);
    http.command(id, admin, rename(talkIds(id).get(0), "Counted", null, null));
    http.command(id, admin, new JsonObject().put("type", "talk.remove").put("talkId", "nope"));
    http.get("/api/workshops/" + id + "/events?after=0");
    String metrics = http.get("/metrics", "Authorization", "Bearer " + admin).body();
    assertThat(metrics)
        .contains("lineup_commands_seconds_count{outcome=\"accepted\",type=\"talk.update\"}")
        .contains("lineup_commands_seconds_count{outcome=\"not_found\",type=\"talk.remove\"}")
        .contains("lineup_commands_seconds_bucket")
        .contains("lineup_events_published_total")
        .contains("lineup_catchup_requests_total{source=\"memory\"}")
        .contains("lineup_store_errors_total")
        .contains("lineup_live_sockets");
  }

  @Test
  void theOpenApiContractNamesEveryRoute() {
    Http.Response r = http.get("/openapi.yaml");
    assertThat(r.status()).isEqualTo(200);
    for (String path : List.of("/api/token:", "/api/users:", "/api/workshops:", "/api/workshops/{id}:",
        "/api/workshops/{id}/commands:", "/api/workshops/{id}/events:", "/api/workshops/{id}.md:",
        "/api/workshops/{id}/schedule.xml:", "/api/workshops/{id}/schedule.json:", "/api/workshops/{id}.ics:",
        "/api/meetings/{category}/schedule.xml:", "/api/meetings/{category}/schedule.json:",
        "/api/meetings/{category}.ics:", "/api/workshops/{id}/releases:", "/api/workshops/{id}/changes:",
        "/health:", "/health/live:", "/metrics:", "/eventbus:")) {
      assertThat(r.body()).as(path).contains("\n  " + path);
    }
  }

  @Test
  void healthIsUp() {
    Http.Response r = http.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("UP");
  }

  @Test
  void listFiltersByCategory() {
    String id = createWorkshop(1);
    JsonArray list = http.get("/api/workshops?category=test").array();
    assertThat(list.stream().map(w -> ((JsonObject) w).getString("id"))).contains(id);
    assertThat(http.get("/api/workshops?category=nothing").array()).isEmpty();
    assertThat(http.get("/api/workshops?category=$ne").status()).isEqualTo(400);
  }
}
