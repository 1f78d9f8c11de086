package dev.lineup.stream;

import dev.lineup.support.Ports;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stream says besides events: the store going away and coming back (as their own event
 * types, with no id, so that a resume is not disturbed), and a node stopping (the stream ends at
 * once, and the client reconnects).
 */
class StreamNoticesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static JsonObject workshop(String id) {
    return new JsonObject().put("id", id).put("title", "Notices").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
  }

  @Test
  void theStoreGoingAwayAndComingBackReachesTheStreamAsItsOwnEventTypes() throws Exception {
    Path file = Files.createTempDirectory("lineup-stream-outage").resolve("store.mv.db");
    int port = Ports.free();
    MongoServer store = new MongoServer(new H2Backend(file.toString()));
    store.bind("127.0.0.1", port);
    try (TestNode node = TestNode.start(Map.of("mongo_uri", "mongodb://127.0.0.1:" + port))) {
      assertThat(node.http.postJson("/api/workshops", node.adminToken(), workshop("outage")).status()).isEqualTo(201);
      try (SseClient stream = SseClient.open(node.port(), "/api/workshops/outage/stream?after=0")) {
        assertThat(stream.next(WAIT).event()).isEqualTo("workshop.created");
        store.shutdownNow();
        SseClient.Message paused = stream.next(WAIT);
        assertThat(paused.event()).isEqualTo("lineup.changes-paused");
        assertThat(paused.id()).isNull();
        assertThat(paused.json().getString("workshop")).isEqualTo("outage");

        store = new MongoServer(new H2Backend(file.toString()));
        store.bind("127.0.0.1", port);
        SseClient.Message resumed = stream.next(WAIT);
        assertThat(resumed.event()).isEqualTo("lineup.changes-resumed");
        assertThat(resumed.id()).isNull();
      }
    } finally {
      store.shutdownNow();
    }
  }

  @Test
  void aStoppingNodeEndsItsStreamsAtOnce() {
    TestNode node = TestNode.start();
    assertThat(node.http.postJson("/api/workshops", node.adminToken(), workshop("stopping")).status()).isEqualTo(201);
    try (SseClient stream = SseClient.open(node.port(), "/api/workshops/stopping/stream")) {
      assertThat(stream.status()).isEqualTo(200);
      node.close();
      Await.until("the stream ended", WAIT, stream::ended);
      // Ended by the stream itself when the server shut down, not cut when its grace ran out.
      assertThat(stream.comments()).anyMatch(c -> c.startsWith("closing: this node is stopping"));
    }
  }
}
