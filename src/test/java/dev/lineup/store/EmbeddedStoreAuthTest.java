package dev.lineup.store;

import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's wire port answers no other local process: without the store's password
 * (SCRAM-SHA-256) nothing reaches the database, the users' password hashes least of all.
 */
class EmbeddedStoreAuthTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "s3cret-Store-password";
  private static TestNode node;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("store_password", PASSWORD, "admin_password", "admin-password-123"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close(), WAIT);
    node.close();
  }

  private static List<JsonObject> users(String credentials) {
    String uri = "mongodb://" + credentials + "127.0.0.1:" + node.lineup().storePort()
        + "/?authSource=admin&serverSelectionTimeoutMS=3000&connectTimeoutMS=3000";
    MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", uri).put("db_name", "lineup"));
    try {
      return Await.result(mongo.find("users", new JsonObject()), WAIT);
    } finally {
      mongo.close();
    }
  }

  @Test
  void withoutThePasswordNothingIsReadOrWritten() {
    assertThatThrownBy(() -> users("")).hasMessageContaining("requires authentication");
    assertThatThrownBy(() -> users("lineup:wrong-password@")).rootCause().hasMessageContaining("(AuthenticationFailed): 'Authentication failed.'");
    assertThatThrownBy(() -> users("admin:" + PASSWORD + "@")).rootCause().hasMessageContaining("(AuthenticationFailed): 'Authentication failed.'");
    MongoClient writer = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + node.lineup().storePort() + "/?serverSelectionTimeoutMS=3000")
        .put("db_name", "lineup"));
    try {
      assertThatThrownBy(() -> Await.result(writer.insert("users", new JsonObject().put("username", "mallory")), WAIT))
          .hasMessageContaining("requires authentication");
    } finally {
      writer.close();
    }
  }

  @Test
  void withThePasswordAnotherNodeCanShareTheStore() {
    List<JsonObject> users = users("lineup:" + PASSWORD + "@");
    assertThat(users).extracting(u -> u.getString("_id")).containsExactly("admin");
  }
}
