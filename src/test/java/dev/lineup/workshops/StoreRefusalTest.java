package dev.lineup.workshops;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A document the store refuses (beyond MongoDB's 16 MB, when the bounds are set above it) is that
 * command's failure: 413, nothing appended, and never "the store is unreachable" (no pause, /health
 * stays up, every other command goes on).
 */
class StoreRefusalTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("max_event_bytes", 64 << 20, "max_snapshot_bytes", 64 << 20,
      "max_page_bytes", 40 << 20,
      // What is tested is what the failure means, not how fast a loaded machine encodes 20 MB.
      "store_timeout_ms", 30_000));
  private static final Http http = node.http;

  @Test
  void aDocumentTooLargeForTheStoreFailsItsCommandOnly() {
    JsonObject neighbour = new JsonObject().put("id", "neighbour").put("title", "Neighbour").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Opening").put("start", "09:00").put("end", "09:30")));
    assertThat(http.postJson("/api/workshops", node.adminToken(), neighbour).status()).isEqualTo(201);
    JsonArray talks = new JsonArray();
    for (int i = 0; i < 450; i++) {
      talks.add(new JsonObject().put("title", "Talk " + i).put("start", "09:00").put("end", "10:00")
          .put("abstract", "c".repeat(45_000)));
    }
    JsonObject huge = new JsonObject().put("id", "huge").put("title", "Huge").put("date", "2026-11-26").put("talks", talks);

    Http.Response r = http.postJson("/api/workshops", node.adminToken(), huge);

    assertThat(r.status()).as(r.body().substring(0, Math.min(500, r.body().length()))).isEqualTo(413);
    assertThat(r.json().getString("detail")).contains("store refused");
    assertThat(http.get("/api/workshops/huge").status()).isEqualTo(404);
    assertThat(http.get("/api/workshops/huge/events?after=0").array()).isEmpty();
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.command("neighbour", node.adminToken(), new JsonObject().put("type", "schedule.shift")
        .put("from", "09:00").put("minutes", 5)).status()).isEqualTo(200);
  }
}
