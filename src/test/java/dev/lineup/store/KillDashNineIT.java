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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a write storm, then a restart on the same data folder: every command
 * that was acknowledged is in the log, once, at the seq it was acknowledged with; the log has no gap.
 */
class KillDashNineIT {

  private static final int ROUNDS = Integer.getInteger("lineup.kill.rounds", 5);
  private static final int MIN_ACKS_PER_ROUND = 12;
  private static final int WRITERS = 8;

  @Test
  void acknowledgedCommandsSurviveKillDashNine() throws Exception {
    Path data = Files.createTempDirectory("lineup-kill");
    Random random = new Random(42);
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    String workshop = "kill-test";
    int totalAcked = 0;
    for (int round = 0; round < ROUNDS; round++) {
      try (LineupProcess node = LineupProcess.start(data, Map.of())) {
        String token = node.adminToken();
        if (round == 0) {
          JsonArray talks = new JsonArray();
          for (int i = 0; i < WRITERS; i++) {
            talks.add(new JsonObject().put("title", "Talk " + i).put("start", String.format("%02d:00", 9 + i)).put("end", String.format("%02d:45", 9 + i)));
          }
          Http.Response created = node.http.postJson("/api/workshops", token,
              new JsonObject().put("id", workshop).put("title", "Kill test").put("date", "2026-11-26").put("talks", talks));
          assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        verify(node.http, workshop, acknowledged);
        List<String> talkIds = node.http.get("/api/workshops/" + workshop).json().getJsonArray("talks").stream()
            .map(t -> ((JsonObject) t).getString("id")).toList();

        int ackedBefore = acknowledged.size();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        int r = round;
        for (int w = 0; w < WRITERS; w++) {
          int me = w;
          pool.submit(() -> {
            int n = 0;
            while (!stop.get()) {
              String commandId = "r" + r + "-w" + me + "-" + n++;
              JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talkIds.get(me))
                  .put("commandId", commandId).put("set", new JsonObject().put("title", commandId));
              try {
                Http.Response resp = node.http.command(workshop, token, command);
                if (resp.status() == 200) acknowledged.put(resp.json().getLong("seq"), commandId);
              } catch (RuntimeException connectionCut) {
                return; // killed mid-request: not acknowledged, so it may or may not be there
              }
            }
          });
        }
        // The kill lands at a random point of the storm once it is under way (a loaded machine is slow to start it).
        Await.until("this round's first acknowledgements", Duration.ofSeconds(60), () -> acknowledged.size() >= ackedBefore + MIN_ACKS_PER_ROUND);
        Await.pause(Duration.ofMillis(random.nextInt(1000)));
        node.kill();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
      totalAcked = acknowledged.size();
    }
    try (LineupProcess node = LineupProcess.start(data, Map.of())) {
      verify(node.http, workshop, acknowledged);
    }
    assertThat(totalAcked).as("acknowledged commands across %d kills", ROUNDS).isGreaterThanOrEqualTo(ROUNDS * MIN_ACKS_PER_ROUND);
  }

  /** Every acknowledged seq holds its command; the log is gap-free and has each commandId once. */
  private static void verify(Http http, String workshop, Map<Long, String> acknowledged) {
    Map<Long, String> log = new HashMap<>();
    List<String> commandIds = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonArray page = http.get("/api/workshops/" + workshop + "/events?after=" + after).array();
      if (page.isEmpty()) break;
      for (Object o : page) {
        JsonObject e = (JsonObject) o;
        assertThat(e.getLong("seq")).as("gap-free log").isEqualTo(after + 1);
        after = e.getLong("seq");
        log.put(after, e.getString("commandId"));
        commandIds.add(e.getString("commandId"));
      }
    }
    assertThat(commandIds).doesNotHaveDuplicates();
    for (var ack : acknowledged.entrySet()) {
      assertThat(log.get(ack.getKey())).as("acknowledged seq %d", ack.getKey()).isEqualTo(ack.getValue());
    }
    assertThat(http.get("/api/workshops/" + workshop).json().getLong("version")).isEqualTo(after);
  }
}
