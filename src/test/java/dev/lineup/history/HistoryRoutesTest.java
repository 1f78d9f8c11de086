package dev.lineup.history;

import dev.lineup.schedule.Workshop;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time travel, releases, changelogs and revert over the wire: a real node (embedded store, HTTP on
 * a random port) that keeps a snapshot every 3 versions.
 */
class HistoryRoutesTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("history_snapshot_every", 3));
  private static final Http http = node.http;

  /** A workshop in a category of its own, so no other workshop adds meeting warnings to it. */
  private static String createWorkshop() {
    String id = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    JsonArray talks = new JsonArray()
        .add(talk("Opening", "09:00", "09:30"))
        .add(talk("Keynote", "09:30", "10:30"))
        .add(talk("Coffee", "10:30", "11:00"));
    JsonObject body = new JsonObject().put("id", id).put("title", "History " + id)
        .put("categories", new JsonArray().add(id)).put("date", "2026-11-26").put("talks", talks);
    Http.Response r = http.postJson("/api/workshops", node.adminToken(), body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return id;
  }

  private static JsonObject talk(String title, String start, String end) {
    return new JsonObject().put("title", title).put("start", start).put("end", end)
        .put("authors", new JsonArray().add(new JsonObject().put("given", "Ada").put("family", title)));
  }

  private static JsonObject snapshot(String id) {
    Http.Response r = http.get("/api/workshops/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String talkId(String id, String title) {
    return snapshot(id).getJsonArray("talks").stream().map(t -> (JsonObject) t)
        .filter(t -> title.equals(t.getString("title"))).findFirst().orElseThrow().getString("id");
  }

  private static JsonObject command(String id, JsonObject command) {
    Http.Response r = http.command(id, node.adminToken(), command);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static JsonObject rename(String talkId, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId)
        .put("set", new JsonObject().put("title", title));
  }

  private static JsonObject move(String talkId, String start, String end) {
    return new JsonObject().put("type", "talk.move").put("talkId", talkId).put("start", start).put("end", end);
  }

  private static Http.Response release(String id, String token, String body) {
    return http.post("/api/workshops/" + id + "/releases", "application/json", body,
        token == null ? new String[0] : new String[] {"Authorization", "Bearer " + token});
  }

  private static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(status);
  }

  @Test
  void everyVersionIsServedExactlyAsItWasThenFromAKeptSnapshot() throws Exception {
    String id = createWorkshop();
    String keynote = talkId(id, "Keynote");
    Map<Long, JsonObject> seen = new HashMap<>();
    JsonObject first = snapshot(id);
    seen.put(first.getLong("version"), first);
    for (int i = 1; i <= 10; i++) {
      command(id, i % 2 == 0 ? rename(keynote, "Keynote " + i)
          : move(keynote, String.format("09:%02d", 30 + i), String.format("10:%02d", 30 + i)));
      JsonObject now = snapshot(id);
      seen.put(now.getLong("version"), now);
    }
    assertThat(seen).hasSize(11);
    for (Map.Entry<Long, JsonObject> e : seen.entrySet()) {
      Http.Response past = http.get("/api/workshops/" + id + "?version=" + e.getKey());
      assertThat(past.status()).as(past.body()).isEqualTo(200);
      assertThat(past.json()).as("version " + e.getKey()).isEqualTo(e.getValue());
      assertThat(past.header("etag")).isEqualTo(http.get("/api/workshops/" + id + "?version=" + e.getKey())
          .header("etag"));
    }
    // Kept every 3 versions: version 10 replays one event from the snapshot of version 9.
    assertThat(kept(id, 10)).map(Workshop::version).hasValue(9L);
    Http.Response past = http.get("/api/workshops/" + id + "?version=4");
    assertThat(http.get("/api/workshops/" + id + "?version=4", "If-None-Match", past.header("etag")).status())
        .isEqualTo(304);
  }

  private static Optional<Workshop> kept(String id, long version) throws Exception {
    return node.lineup().workshops().store().versionSnapshotAtOrBelow(id, version)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void versionsThatNeverWereAre404() {
    String id = createWorkshop();
    long version = snapshot(id).getLong("version");
    assertProblem(http.get("/api/workshops/" + id + "?version=" + (version + 1)), 404);
    assertProblem(http.get("/api/workshops/" + id + "?version=0"), 404);
    assertProblem(http.get("/api/workshops/" + id + "?version=-3"), 404);
    assertProblem(http.get("/api/workshops/" + id + "?release=nope"), 404);
    assertProblem(http.get("/api/workshops/nothing-here?version=1"), 404);
    assertProblem(http.get("/api/workshops/" + id + "?version=abc"), 400);
  }

  @Test
  void releasesAreCreatedListedUniqueAndNeedAnEditor() throws Exception {
    String id = createWorkshop();
    String body = "{\"name\":\"v1\",\"note\":\"sent to speakers\"}";
    assertProblem(release(id, null, body), 401);
    assertProblem(release(id, node.organizerToken("eve", "another-workshop"), body), 403);
    assertProblem(release(id, node.adminToken(), "{\"name\":\"v 1\"}"), 400);
    assertProblem(release(id, node.adminToken(), "{\"name\":\"v1\",\"version\":3}"), 400);
    assertProblem(release(id, node.adminToken(), "{\"name\":\"2026\"}"), 400);

    Http.Response created = release(id, node.organizerToken("olga", id), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("location")).isEqualTo("/api/workshops/" + id + "?release=v1");
    JsonObject v1 = created.json();
    assertThat(v1.getString("name")).isEqualTo("v1");
    assertThat(v1.getString("note")).isEqualTo("sent to speakers");
    assertThat(v1.getLong("version")).isEqualTo(1L);
    assertThat(v1.getString("by")).isEqualTo("olga");
    assertThat(v1.getString("at")).isNotBlank();
    assertProblem(release(id, node.adminToken(), body), 409);

    command(id, rename(talkId(id, "Keynote"), "Big keynote"));
    assertThat(release(id, node.adminToken(), "{\"name\":\"v2.0-final_1\"}").status()).isEqualTo(201);
    Http.Response list = http.get("/api/workshops/" + id + "/releases");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.array().stream().map(r -> ((JsonObject) r).getString("name")).toList())
        .containsExactly("v1", "v2.0-final_1");
    assertThat(list.array().getJsonObject(1).getLong("version")).isEqualTo(2L);
    // Every release keeps its snapshot (3 versions apart otherwise).
    assertThat(kept(id, 2)).map(Workshop::version).hasValue(2L);

    // A release is not an event, and ?release= is ?version=.
    assertThat(snapshot(id).getLong("version")).isEqualTo(2L);
    assertThat(http.get("/api/workshops/" + id + "?release=v1").json())
        .isEqualTo(http.get("/api/workshops/" + id + "?version=1").json());
    assertThat(http.get("/api/workshops/" + id + "?release=v1").json().getJsonArray("talks")
        .getJsonObject(1).getString("title")).isEqualTo("Keynote");
  }

  @Test
  void changelogBetweenTwoReleasesTellsWhatHappenedToEachTalk() {
    String id = createWorkshop();
    String keynote = talkId(id, "Keynote");
    String opening = talkId(id, "Opening");
    assertThat(release(id, node.adminToken(), "{\"name\":\"v1\"}").status()).isEqualTo(201);
    String alice = node.organizerToken("alice", id);
    assertThat(http.command(id, alice, move(keynote, "09:40", "10:40")).status()).isEqualTo(200);
    command(id, move(keynote, "09:45", "10:45"));
    assertThat(http.command(id, alice, rename(opening, "Welcome")).status()).isEqualTo(200);
    command(id, new JsonObject().put("type", "talk.remove").put("talkId", talkId(id, "Coffee")));
    command(id, new JsonObject().put("type", "talk.add").put("talk", talk("Panel", "11:00", "12:00")));
    assertThat(release(id, node.adminToken(), "{\"name\":\"v2\"}").status()).isEqualTo(201);
    command(id, rename(keynote, "After v2"));

    Http.Response json = http.get("/api/workshops/" + id + "/changes?from=v1&to=v2");
    assertThat(json.status()).as(json.body()).isEqualTo(200);
    JsonObject log = json.json();
    assertThat(log.getJsonObject("from").getMap()).containsEntry("release", "v1").containsEntry("version", 1);
    assertThat(log.getJsonObject("to").getMap()).containsEntry("release", "v2").containsEntry("version", 6);
    JsonArray changes = log.getJsonArray("changes");
    assertThat(changes.stream().map(c -> ((JsonObject) c).getString("text")).toList()).containsExactly(
        "Opening renamed to Welcome",
        "Keynote moved 09:30–10:30 → 09:45–10:45",
        "Coffee removed",
        "Panel added 11:00–12:00");
    JsonObject moved = changes.getJsonObject(1);
    assertThat(moved.getString("talkId")).isEqualTo(keynote);
    assertThat(moved.getString("kind")).isEqualTo("moved");
    assertThat(moved.getJsonArray("by").getList()).containsExactly("alice", "admin-test");
    assertThat(moved.getString("at")).isNotBlank();
    assertThat(moved.getJsonObject("before").getString("start")).isEqualTo("09:30");
    assertThat(moved.getJsonObject("after").getString("start")).isEqualTo("09:45");

    Http.Response md = http.get("/api/workshops/" + id + "/changes?from=v1&to=v2", "Accept", "text/markdown");
    assertThat(md.status()).isEqualTo(200);
    assertThat(md.contentType()).startsWith("text/markdown");
    assertThat(md.body()).contains("From v1 (version 1) to v2 (version 6):")
        .contains("- Keynote moved 09:30–10:30 → 09:45–10:45 (alice, admin-test, ")
        .contains("- Opening renamed to Welcome (alice, ")
        .contains("- Coffee removed (admin-test, ")
        .contains("- Panel added 11:00–12:00 (admin-test, ")
        .doesNotContain("After v2");

    // `to` defaults to now; versions work as well as names.
    assertThat(http.get("/api/workshops/" + id + "/changes?from=6").json().getJsonArray("changes")
        .getJsonObject(0).getString("text")).isEqualTo("Keynote renamed to After v2");
    assertProblem(http.get("/api/workshops/" + id + "/changes?from=v3"), 404);
    assertProblem(http.get("/api/workshops/" + id + "/changes?from=v2&to=v1"), 400);
    assertProblem(http.get("/api/workshops/" + id + "/changes"), 400);
  }

  @Test
  void revertRestoresTheOldValueAsANewVersion() {
    String id = createWorkshop();
    String keynote = talkId(id, "Keynote");
    long renamedAt = command(id, rename(keynote, "Big keynote")).getLong("seq");
    JsonObject result = command(id, new JsonObject().put("type", "change.revert").put("seq", renamedAt));
    assertThat(result.getLong("seq")).isEqualTo(renamedAt + 1);
    JsonObject now = snapshot(id);
    assertThat(now.getLong("version")).isEqualTo(renamedAt + 1);
    assertThat(now.getJsonArray("talks").getJsonObject(1).getString("title")).isEqualTo("Keynote");
    JsonArray events = http.get("/api/workshops/" + id + "/events?after=" + renamedAt).array();
    assertThat(events).hasSize(1);
    JsonObject reverted = events.getJsonObject(0);
    assertThat(reverted.getString("type")).isEqualTo("change.reverted");
    assertThat(reverted.getJsonObject("data").getLong("seq")).isEqualTo(renamedAt);
    assertThat(reverted.getJsonObject("data").getJsonObject("inverse").getString("type")).isEqualTo("talk.updated");
    // The renamed version is still there to travel to.
    assertThat(http.get("/api/workshops/" + id + "?version=" + renamedAt).json().getJsonArray("talks")
        .getJsonObject(1).getString("title")).isEqualTo("Big keynote");
  }

  @Test
  void revertOverALaterChangeOfTheSameFieldIs409() {
    String id = createWorkshop();
    String keynote = talkId(id, "Keynote");
    long first = command(id, rename(keynote, "Big keynote")).getLong("seq");
    long later = command(id, rename(keynote, "Bigger keynote")).getLong("seq");
    Http.Response r = http.command(id, node.adminToken(), new JsonObject().put("type", "change.revert").put("seq", first));
    assertProblem(r, 409);
    List<Object> conflicts = r.json().getJsonArray("conflicts").getList();
    assertThat(conflicts).hasSize(1);
    assertThat(r.json().getJsonArray("conflicts").getJsonObject(0).getLong("seq")).isEqualTo(later);
    assertThat(snapshot(id).getJsonArray("talks").getJsonObject(1).getString("title")).isEqualTo("Bigger keynote");
    assertProblem(http.command(id, node.adminToken(), new JsonObject().put("type", "change.revert").put("seq", 1)), 400);
    assertProblem(http.command(id, node.adminToken(), new JsonObject().put("type", "change.revert").put("seq", 99)), 404);
  }
}
