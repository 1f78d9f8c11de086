package dev.lineup.live;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import dev.lineup.support.JsEvolve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser module's {@code evolve} must reach the same state as {@link Decider#evolve}: the
 * events of a scripted session (every event type) are replayed by both, in Java and under Node,
 * and every intermediate state compared. Skipped where Node is not installed.
 */
class LiveJsModelTest {


  @Test
  void theJavaScriptEvolveMatchesTheDecider() throws Exception {
    assumeTrue(JsEvolve.nodeAvailable(), "node is not installed");
    Workshop imported = Json.MAPPER.readValue(resource("imported-workshop.json"), Workshop.class);
    Decider decider = new Decider((id, page, date) -> imported, "Europe/Paris");
    List<Command> commands = Json.MAPPER.readValue(resource("commands.json"), new TypeReference<>() {
    });

    Workshop state = Workshop.absent("w1");
    List<Map<String, Object>> events = new ArrayList<>();
    JsonArray javaStates = new JsonArray();
    for (int i = 0; i < commands.size(); i++) {
      EventData data = decider.decide(commands.get(i), state, DecisionContext.current("tester"));
      Event event = new Event("w1", i + 1, "alice", "2018-04-05T09:00:00Z", "c" + i, data);
      state = decider.evolve(state, event);
      events.add(event.toMap());
      javaStates.add(new JsonObject(Json.MAPPER.writeValueAsString(state)));
    }
    assertThat(javaStates.getJsonObject(4).getJsonArray("warnings")).as("the script makes warnings").isNotEmpty();

    JsonArray jsStates = JsEvolve.replay("w1", new JsonArray(Json.MAPPER.writeValueAsString(events)));
    assertThat(jsStates).hasSize(javaStates.size());
    for (int i = 0; i < javaStates.size(); i++) {
      assertThat(jsStates.getJsonObject(i)).as("state after event %d (%s)", i + 1,
          events.get(i).get("type")).isEqualTo(javaStates.getJsonObject(i));
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LiveJsModelTest.class.getResourceAsStream("/live/" + name)) {
      if (in == null) throw new IOException("no test resource live/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
