package dev.lineup.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.lineup.bus.Addresses;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store goes away under a running node and comes back: commands are refused with 503 within
 * 2 s, /health says not ready, cached reads go on, browsers are told changes are paused and then
 * resumed, and the node heals without a restart.
 */
class StoreOutageTest {

  @Test
  void aNodeSurvivesItsStoreGoingAwayAndComingBack() throws Exception {
    Path file = Files.createTempDirectory("lineup-outage").resolve("store.mv.db");
    int port = LineupProcess.freePort();
    MongoServer store = new MongoServer(new H2Backend(file.toString()));
    store.bind("127.0.0.1", port);
    Vertx clients = Vertx.vertx();
    try (TestNode node = TestNode.start(Map.of("mongo_uri", "mongodb://127.0.0.1:" + port))) {
      Http http = node.http;
      String admin = node.adminToken();
      JsonObject workshop = new JsonObject().put("id", "outage").put("title", "Outage").put("date", "2026-11-26")
          .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
      assertThat(http.postJson("/api/workshops", admin, workshop).status()).isEqualTo(201);
      String talk = http.get("/api/workshops/outage").json().getJsonArray("talks").getJsonObject(0).getString("id");
      var browser = BridgeClient.connect(clients, node.port());
      browser.listen(Addresses.workshop("outage"));

      store.shutdownNow();
      long wentAway = System.nanoTime();
      Http.Response refused = http.command("outage", admin, rename(talk, "during the outage"));
      long answeredMs = (System.nanoTime() - wentAway) / 1_000_000;
      assertThat(refused.status()).as(refused.headers().map() + " " + refused.body()).isEqualTo(503);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(answeredMs).as("503 answered after %d ms", answeredMs).isLessThanOrEqualTo(2_500);
      JsonObject paused = browser.next(f -> Addresses.Notice.CHANGES_PAUSED.equals(body(f).getString("type")), Duration.ofSeconds(5));
      assertThat(body(paused).getString("workshop")).isEqualTo("outage");
      assertThat(http.get("/health").status()).isEqualTo(503);
      assertThat(http.get("/health/live").status()).isEqualTo(200);
      Http.Response cached = http.get("/api/workshops/outage");
      assertThat(cached.status()).isEqualTo(200);
      assertThat(cached.json().getLong("version")).isEqualTo(1);
      assertThat(http.get("/api/workshops").array()).hasSize(1);

      store = new MongoServer(new H2Backend(file.toString()));
      store.bind("127.0.0.1", port);
      long cameBack = System.nanoTime();
      browser.next(f -> Addresses.Notice.CHANGES_RESUMED.equals(body(f).getString("type")), Duration.ofSeconds(10));
      Http.Response accepted = null;
      while (System.nanoTime() - cameBack < Duration.ofSeconds(10).toNanos()) {
        accepted = http.command("outage", admin, rename(talk, "after the outage"));
        if (accepted.status() == 200) break;
        Thread.sleep(100);
      }
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
      assertThat(accepted.json().getLong("seq")).isEqualTo(2);
      assertThat(http.get("/health").status()).isEqualTo(200);
      browser.close();
    } finally {
      store.shutdownNow();
      clients.close();
    }
  }

  private static JsonObject rename(String talkId, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId).put("set", new JsonObject().put("title", title));
  }

  private static JsonObject body(JsonObject frame) {
    Object body = frame.getValue("body");
    return body instanceof JsonObject o ? o : new JsonObject();
  }
}
