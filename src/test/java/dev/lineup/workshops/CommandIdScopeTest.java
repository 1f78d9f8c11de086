package dev.lineup.workshops;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commandId belongs to its sender and its command: another sender's id never collides, the
 * same command again gets its first result, another command with the id is a 422. Also after a
 * restart (the store remembers), and on a store indexed the old way (the index is migrated).
 */
class CommandIdScopeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String create(Http http, String admin, String id) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Scoped").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Opening").put("start", "09:00").put("end", "09:30")));
    assertThat(http.postJson("/api/workshops", admin, body).status()).isEqualTo(201);
    return http.get("/api/workshops/" + id).json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  private static JsonObject rename(String talk, String title, String commandId) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk).put("commandId", commandId)
        .put("set", new JsonObject().put("title", title));
  }

  /** The checks, on a node whose memory of recent commands is {@code fresh} or not. */
  private static void assertScoped(TestNode node, String id, String talk, String commandId, Runnable forget) {
    Http http = node.http;
    String organizer = node.organizerToken("olga", id);
    Http.Response first = http.command(id, organizer, rename(talk, "Olga's title", commandId));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    forget.run();

    // The admin's command with Olga's commandId is the admin's own: it is done.
    Http.Response delete = http.command(id, node.adminToken(),
        new JsonObject().put("type", "workshop.delete").put("commandId", commandId));
    assertThat(delete.status()).as(delete.body()).isEqualTo(200);
    assertThat(delete.json().getJsonArray("events").getJsonObject(0).getString("type")).isEqualTo("workshop.deleted");
    assertThat(delete.json().getLong("seq")).isEqualTo(first.json().getLong("seq") + 1);
    assertThat(http.get("/api/workshops/" + id).status()).isEqualTo(404);
    forget.run();

    // Olga's retry of the same command: her first result, nothing appended.
    Http.Response retry = http.command(id, organizer, rename(talk, "Olga's title", commandId));
    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    assertThat(retry.json()).isEqualTo(first.json());
    // Her id on another command: refused, naming the commandId, nothing appended.
    Http.Response other = http.command(id, organizer, rename(talk, "Another title", commandId));
    assertThat(other.status()).as(other.body()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.json().getString("detail")).contains("already used for a different command");
    assertThat(other.json().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("commandId");
    assertThat(http.get("/api/workshops/" + id + "/events?after=0").array()).hasSize(3);
  }

  @Test
  void aCommandIdIsItsSendersAndItsCommands() {
    try (TestNode node = TestNode.start()) {
      String talk = create(node.http, node.adminToken(), "scoped");
      assertScoped(node, "scoped", talk, UUID.randomUUID().toString(), () -> { });
    }
  }

  @Test
  void theStoreKeepsTheScopeAcrossARestart() {
    try (TestNode node = TestNode.start()) {
      String talk = create(node.http, node.adminToken(), "scoped-restart");
      assertScoped(node, "scoped-restart", talk, UUID.randomUUID().toString(), () -> {
        node.stop();
        node.startAgain();
      });
    }
  }

  @Test
  void theOldCommandIdIndexIsReplacedAtStart() {
    MongoServer server = new MongoServer(H2Backend.inMemory());
    int port = server.bind().getPort();
    Vertx vertx = Vertx.vertx();
    try {
      MongoClient mongo = MongoClient.create(vertx, new JsonObject()
          .put("connection_string", "mongodb://127.0.0.1:" + port).put("db_name", "lineup"));
      // A store as Lineup left it before: commandIds unique per workshop, whoever sent them.
      Await.result(mongo.createIndexWithOptions("events", new JsonObject().put("workshop", 1).put("commandId", 1),
          new IndexOptions().name("workshop_commandId").unique(true)), WAIT);
      try (TestNode node = TestNode.start(Map.of("mongo_uri", "mongodb://127.0.0.1:" + port))) {
        List<String> indexes = Await.result(mongo.listIndexes("events"), WAIT).stream()
            .map(i -> ((JsonObject) i).getString("name")).toList();
        assertThat(indexes).doesNotContain("workshop_commandId").contains("workshop_by_commandId", "workshop_seq");
        String talk = create(node.http, node.adminToken(), "migrated");
        assertScoped(node, "migrated", talk, UUID.randomUUID().toString(), () -> { });
      }
      mongo.close();
    } finally {
      Await.result(vertx.close(), WAIT);
      server.shutdownNow();
    }
  }
}
