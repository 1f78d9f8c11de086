package dev.lineup.faults;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The log of a workshop as nodes serve it, held against what the writers were told. */
final class Logs {

  private Logs() {
  }

  /** The whole log as {@code node} serves it ({@code /events?after=}, page by page). */
  static List<JsonObject> read(Http node, String workshop) {
    List<JsonObject> log = new ArrayList<>();
    long after = 0;
    while (true) {
      Http.Response r = node.get("/api/workshops/" + workshop + "/events?after=" + after);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonArray page = r.array();
      if (page.isEmpty()) return log;
      for (Object o : page) log.add((JsonObject) o);
      after = log.get(log.size() - 1).getLong("seq");
    }
  }

  /**
   * Every node serves the same gap-free log, and its state is at its end; every acknowledged
   * command is in it once, at the seq it was acknowledged with; every other entry is the
   * creation or a command that was sent but never answered. Returns commandId → seq.
   */
  static Map<String, Long> check(List<LineupProcess> survivors, String workshop, Writers writers) {
    List<JsonObject> log = read(survivors.get(0).http, workshop);
    long last = log.size();
    assertThat(log.stream().map(e -> e.getLong("seq")).toList()).as("gap-free, in seq order")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    for (LineupProcess n : survivors) {
      Await.until("node on port " + n.port() + " at version " + last, Duration.ofSeconds(30),
          () -> n.http.get("/api/workshops/" + workshop).json().getLong("version") == last);
      assertThat(read(n.http, workshop)).as("the same log on every survivor").isEqualTo(log);
    }
    Map<String, Long> byCommand = new HashMap<>();
    for (JsonObject e : log.subList(1, log.size())) {
      String key = e.getString("commandId");
      assertThat(byCommand.put(key, e.getLong("seq"))).as("each command once: " + key).isNull();
    }
    writers.acknowledged.forEach((commandId, seq) ->
        assertThat(byCommand.get(commandId)).as("acknowledged " + commandId + " at its seq").isEqualTo(seq));
    for (String commandId : byCommand.keySet()) {
      assertThat(writers.acknowledged.containsKey(commandId) || writers.unanswered.contains(commandId))
          .as("in the log only what was sent: " + commandId).isTrue();
    }
    assertThat(writers.refused).as("no command refused").isEmpty();
    return byCommand;
  }

  /** The figures every fault reports, from what the writers were told and the checked log. */
  static Map<String, Object> figures(Writers writers, Map<String, Long> log) {
    Map<String, Object> figures = new java.util.LinkedHashMap<>();
    figures.put("commands acknowledged", writers.acknowledged.size());
    figures.put("acknowledged but lost", writers.acknowledged.entrySet().stream()
        .filter(e -> !e.getValue().equals(log.get(e.getKey()))).count());
    figures.put("duplicated in the log", 0); // check(): each commandId once
    figures.put("attempts without an answer (retried with the same commandId)", writers.attemptsWithoutAnswer.get());
    figures.put("answers 503 among them", writers.unavailable.get());
    figures.put("never answered (last attempts when the writers stopped)", writers.unanswered.size());
    figures.put("commands over the bridge", writers.overBridge.get());
    figures.put("log length", log.size() + 1);
    return figures;
  }

  /** The browser applied every seq of the log once, in order. */
  static void assertComplete(Browser browser, long lastSeq) {
    Await.until("browser at seq " + lastSeq + " (" + browser.lastFailure() + ")", Duration.ofSeconds(30),
        () -> browser.version() == lastSeq);
    assertThat(browser.applied()).containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
  }
}
