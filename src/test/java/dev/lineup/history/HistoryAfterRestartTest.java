package dev.lineup.history;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restart nothing of the log is in memory: time travel, changelogs and reverts read the
 * events (and kept snapshots) back from the store.
 */
class HistoryAfterRestartTest {

  @Test
  void historyIsReadBackFromTheStore() throws Exception {
    String id = "restart";
    List<JsonObject> seen = new ArrayList<>();
    long renamedAt;
    try (TestNode node = TestNode.start(Map.of("history_snapshot_every", 4))) {
      String admin = node.adminToken();
      JsonObject body = new JsonObject().put("id", id).put("title", "Restart").put("categories", new JsonArray().add(id))
          .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")
              .put("authors", new JsonArray().add(new JsonObject().put("given", "Ada").put("family", "L")))));
      assertThat(node.http.postJson("/api/workshops", admin, body).status()).isEqualTo(201);
      seen.add(node.http.get("/api/workshops/" + id).json());
      String talk = seen.get(0).getJsonArray("talks").getJsonObject(0).getString("id");
      for (int i = 1; i <= 5; i++) {
        JsonObject move = new JsonObject().put("type", "talk.move").put("talkId", talk)
            .put("start", "09:0" + i).put("end", "10:0" + i);
        assertThat(node.http.command(id, admin, move).status()).isEqualTo(200);
        seen.add(node.http.get("/api/workshops/" + id).json());
      }
      JsonObject rename = new JsonObject().put("type", "talk.update").put("talkId", talk)
          .put("set", new JsonObject().put("title", "Big keynote"));
      Http.Response renamed = node.http.command(id, admin, rename);
      renamedAt = renamed.json().getLong("seq");
      assertThat(node.http.postJson("/api/workshops/" + id + "/releases", admin,
          new JsonObject().put("name", "v1")).status()).isEqualTo(201);

      node.stop();
      node.startAgain();

      for (JsonObject then : seen) {
        Http.Response past = node.http.get("/api/workshops/" + id + "?version=" + then.getLong("version"));
        assertThat(past.status()).as(past.body()).isEqualTo(200);
        assertThat(past.json()).isEqualTo(then);
      }
      Http.Response changes = node.http.get("/api/workshops/" + id + "/changes?from=1&to=v1");
      assertThat(changes.status()).as(changes.body()).isEqualTo(200);
      assertThat(changes.json().getJsonArray("changes").getJsonObject(0).getString("text"))
          .isEqualTo("Keynote renamed to Big keynote, moved 09:00–10:00 → 09:05–10:05");
      Http.Response revert = node.http.command(id, node.adminToken(),
          new JsonObject().put("type", "change.revert").put("seq", renamedAt));
      assertThat(revert.status()).as(revert.body()).isEqualTo(200);
      assertThat(node.http.get("/api/workshops/" + id).json().getJsonArray("talks").getJsonObject(0)
          .getString("title")).isEqualTo("Keynote");
    }
  }
}
