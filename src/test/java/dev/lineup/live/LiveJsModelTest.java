package dev.lineup.live;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Workshop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser module's {@code evolve} must reach the same state as {@link Decider#evolve}: the
 * events of a scripted session (every event type) are replayed by both, in Java and under Node,
 * and every intermediate state compared. Skipped where Node is not installed.
 */
class LiveJsModelTest {

  private static final Path MODULE = Path.of("webroot/js/lineup-live.js").toAbsolutePath();

  @Test
  void theJavaScriptEvolveMatchesTheDecider() throws Exception {
    assumeTrue(nodeAvailable(), "node is not installed");
    Workshop imported = Json.MAPPER.readValue(resource("imported-workshop.json"), Workshop.class);
    Decider decider = new Decider((id, page, date) -> imported, "Europe/Paris");
    List<Command> commands = Json.MAPPER.readValue(resource("commands.json"), new TypeReference<>() {
    });

    Workshop state = Workshop.absent("w1");
    List<Map<String, Object>> events = new ArrayList<>();
    JsonArray javaStates = new JsonArray();
    for (int i = 0; i < commands.size(); i++) {
      EventData data = decider.decide(commands.get(i), state);
      Event event = new Event("w1", i + 1, "alice", "2018-04-05T09:00:00Z", "c" + i, data);
      state = decider.evolve(state, event);
      events.add(event.toMap());
      javaStates.add(new JsonObject(Json.MAPPER.writeValueAsString(state)));
    }
    assertThat(javaStates.getJsonObject(4).getJsonArray("warnings")).as("the script makes warnings").isNotEmpty();

    JsonArray jsStates = replayInNode(new JsonArray(Json.MAPPER.writeValueAsString(events)));
    assertThat(jsStates).hasSize(javaStates.size());
    for (int i = 0; i < javaStates.size(); i++) {
      assertThat(jsStates.getJsonObject(i)).as("state after event %d (%s)", i + 1,
          events.get(i).get("type")).isEqualTo(javaStates.getJsonObject(i));
    }
  }

  private static JsonArray replayInNode(JsonArray events) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("lineup-live-js");
    Path eventsFile = dir.resolve("events.json");
    Files.writeString(eventsFile, events.encode());
    Path script = dir.resolve("replay.mjs");
    Files.writeString(script, """
        import { readFileSync } from 'node:fs';
        const { evolve, absentWorkshop } = await import(process.argv[2]);
        const events = JSON.parse(readFileSync(process.argv[3], 'utf8'));
        let state = absentWorkshop('w1');
        const states = [];
        for (const event of events) {
          state = evolve(state, event);
          states.push(state);
        }
        process.stdout.write(JSON.stringify(states));
        """);
    Process node = new ProcessBuilder("node", script.toString(), MODULE.toUri().toString(),
        eventsFile.toString()).redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
    return new JsonArray(out);
  }

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LiveJsModelTest.class.getResourceAsStream("/live/" + name)) {
      if (in == null) throw new IOException("no test resource live/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
