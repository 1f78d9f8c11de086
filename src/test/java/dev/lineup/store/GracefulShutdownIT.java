package dev.lineup.store;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM in the middle of a write storm: the node stops accepting, answers what it accepted, commits
 * and exits on its own; after a restart every acknowledged command is there.
 */
class GracefulShutdownIT {

  @Test
  void sigtermFinishesInFlightCommandsAndLosesNothing() throws Exception {
    Path data = Files.createTempDirectory("lineup-term");
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger serverErrors = new AtomicInteger();
    String workshop = "term";
    try (LineupProcess node = LineupProcess.start(data, Map.of())) {
      String token = node.adminToken();
      Http.Response created = node.http.postJson("/api/workshops", token, new JsonObject().put("id", workshop)
          .put("title", "Term").put("date", "2026-11-26")
          .put("talks", new JsonArray().add(new JsonObject().put("title", "T").put("start", "09:00").put("end", "10:00"))));
      assertThat(created.status()).isEqualTo(201);
      String talk = node.http.get("/api/workshops/" + workshop).json().getJsonArray("talks").getJsonObject(0).getString("id");
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      for (int w = 0; w < 6; w++) {
        int me = w;
        pool.submit(() -> {
          for (int n = 0; !stop.get(); n++) {
            String commandId = "w" + me + "-" + n;
            try {
              Http.Response r = node.http.command(workshop, token, new JsonObject().put("type", "talk.update")
                  .put("talkId", talk).put("commandId", commandId).put("set", new JsonObject().put("title", commandId)));
              if (r.status() == 200) acknowledged.put(r.json().getLong("seq"), commandId);
              else if (r.status() >= 500) serverErrors.incrementAndGet();
            } catch (RuntimeException refused) {
              return; // the node no longer accepts connections
            }
          }
        });
      }
      Await.until("writers under way", Duration.ofSeconds(30), () -> acknowledged.size() >= 30);
      long signalled = System.nanoTime();
      int exit = node.terminate();
      long exitedMs = (System.nanoTime() - signalled) / 1_000_000;
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
      assertThat(exitedMs).as("exited %d ms after SIGTERM", exitedMs).isLessThan(15_000);
    }
    assertThat(serverErrors.get()).as("5xx answers during shutdown").isZero();
    assertThat(acknowledged).isNotEmpty();
    assertThat(Files.readString(data.resolve("lineup.log"))).contains("stopped");
    try (LineupProcess node = LineupProcess.start(data, Map.of())) {
      for (var ack : acknowledged.entrySet()) {
        JsonArray one = node.http.get("/api/workshops/" + workshop + "/events?after=" + (ack.getKey() - 1) + "&limit=1").array();
        assertThat(one.getJsonObject(0).getString("commandId")).as("seq %d", ack.getKey()).isEqualTo(ack.getValue());
      }
    }
  }
}
