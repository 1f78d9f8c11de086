package dev.lineup.reliability;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures behind "nothing acknowledged is ever lost", on the real jar killed with -9 in the
 * middle of a write storm (as store/KillDashNineIT, which asserts the same): how many commands
 * were acknowledged, how many were cut off unanswered by the kill and whether those were applied,
 * and how many acknowledged ones were lost (must be none). Written to target/reliability/.
 */
class KillNineFiguresIT {

  private static final int ROUNDS = Integer.getInteger("lineup.kill.rounds", 5);
  private static final int MIN_ACKS_PER_ROUND = 12;
  private static final int WRITERS = 8;
  /**
   * A restart on a busy machine can take more than the default 2 s for its first store calls
   * (driver class loading, index creation) and then exits 1; see RELIABILITY.md.
   */
  private static final Map<String, String> ENV = Map.of("LINEUP_STORE_TIMEOUT_MS", "10000");

  @Test
  void countAcknowledgedLostAndInFlightAcrossKills() throws Exception {
    Path data = Files.createTempDirectory("lineup-kill-figures");
    Random random = new Random(7);
    String workshop = "kill-figures";
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    long killDelays = 0;
    for (int round = 0; round < ROUNDS; round++) {
      try (LineupProcess node = LineupProcess.start(data, ENV)) {
        String token = node.adminToken();
        if (round == 0) {
          JsonArray talks = new JsonArray();
          for (int i = 0; i < WRITERS; i++) {
            talks.add(new JsonObject().put("title", "Talk " + i).put("start", String.format("%02d:00", 9 + i))
                .put("end", String.format("%02d:45", 9 + i)));
          }
          assertThat(node.http.postJson("/api/workshops", token, new JsonObject().put("id", workshop)
              .put("title", "Kill figures").put("date", "2026-11-26").put("talks", talks)).status()).isEqualTo(201);
        }
        var talkIds = node.http.get("/api/workshops/" + workshop).json().getJsonArray("talks").stream()
            .map(t -> ((JsonObject) t).getString("id")).toList();
        int ackedBefore = acknowledged.size();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        int r = round;
        for (int w = 0; w < WRITERS; w++) {
          int me = w;
          pool.submit(() -> {
            for (int n = 0; !stop.get(); n++) {
              String commandId = "r" + r + "-w" + me + "-" + n;
              JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talkIds.get(me))
                  .put("commandId", commandId).put("set", new JsonObject().put("title", commandId));
              try {
                Http.Response resp = node.http.command(workshop, token, command);
                if (resp.status() == 200) acknowledged.put(commandId, resp.json().getLong("seq"));
                else unanswered.add(commandId);
              } catch (RuntimeException cut) {
                unanswered.add(commandId);
                return;
              }
            }
          });
        }
        // The kill lands at a random point of the storm once it is under way (a loaded machine is slow to start it).
        long started = System.nanoTime();
        Await.until("this round's first acknowledgements", Duration.ofSeconds(60), () -> acknowledged.size() >= ackedBefore + MIN_ACKS_PER_ROUND);
        Await.pause(Duration.ofMillis(random.nextInt(1000)));
        killDelays += (System.nanoTime() - started) / 1_000_000;
        node.kill();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
    Map<String, Long> log = new HashMap<>();
    long version;
    try (LineupProcess node = LineupProcess.start(data, ENV)) {
      long after = 0;
      while (true) {
        JsonArray page = node.http.get("/api/workshops/" + workshop + "/events?after=" + after).array();
        if (page.isEmpty()) break;
        for (Object o : page) {
          JsonObject e = (JsonObject) o;
          assertThat(e.getLong("seq")).isEqualTo(after + 1);
          after = e.getLong("seq");
          assertThat(log.put(e.getString("commandId"), after)).as("each commandId once").isNull();
        }
      }
      version = node.http.get("/api/workshops/" + workshop).json().getLong("version");
      assertThat(version).isEqualTo(after);
    }
    long lost = acknowledged.entrySet().stream().filter(a -> !a.getValue().equals(log.get(a.getKey()))).count();
    long inFlightApplied = unanswered.stream().filter(log::containsKey).count();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("kills (SIGKILL mid-storm)", ROUNDS);
    figures.put("writers", WRITERS);
    figures.put("mean ms from start of storm to kill", killDelays / ROUNDS);
    figures.put("commands acknowledged", acknowledged.size());
    figures.put("acknowledged but lost", lost);
    figures.put("cut off by the kill, unanswered", unanswered.size());
    figures.put("of which applied anyway (durable, answer lost)", inFlightApplied);
    figures.put("log length after the last restart", version);
    Figures.write("kill-9", figures);
    assertThat(lost).isZero();
    // Every entry of the log is the creation, an acknowledged command or one cut off by a kill.
    assertThat(version).isEqualTo(1 + acknowledged.size() + inFlightApplied);
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ROUNDS * MIN_ACKS_PER_ROUND);
  }
}
