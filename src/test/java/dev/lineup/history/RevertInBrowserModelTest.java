package dev.lineup.history;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.PersonPatch;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.TalkPatch;
import dev.lineup.schedule.Workshop;
import dev.lineup.schedule.WorkshopPatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import dev.lineup.support.JsEvolve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Browsers apply change.reverted events too: the module's {@code evolve} must reach the state
 * {@link Decider#evolve} reaches for a revert of every kind. Skipped where Node is not installed.
 */
class RevertInBrowserModelTest {


  private final Decider decider = new Decider((id, page, date) -> {
    throw Rejection.invalid("page", "no pages in this test");
  }, "Europe/Rome");
  private final List<Event> log = new ArrayList<>();
  private Workshop state = Workshop.absent("w1");

  private Event run(Command command) {
    List<Event> history = command instanceof Command.RevertChange r
        ? log.stream().filter(e -> e.seq() >= r.seq()).toList() : List.of();
    EventData data = decider.decide(command, state, DecisionContext.current("alice").withHistory(history));
    Event event = new Event("w1", state.version() + 1, "alice", "2026-11-26T10:00:00Z", null, data);
    state = decider.evolve(state, event);
    log.add(event);
    return event;
  }

  private void changeAndRevert(Command command) {
    Event changed = run(command);
    run(new Command.RevertChange(null, null, changed.seq()));
  }

  @Test
  void theJavaScriptEvolveAppliesRevertsLikeTheDecider() throws Exception {
    assumeTrue(JsEvolve.nodeAvailable(), "node is not installed");
    run(new Command.CreateWorkshop(null, null, new Workshop(null, 0, "Theory day", "about", null,
        List.of("dali"), List.of(Person.named("Asja", "Fischer")), "Aula", true, "2018-04-03", null,
        List.of(new Talk(null, "Opening", List.of(), "09:00", "09:30", "a", null, null, null, null),
            new Talk(null, "Keynote", List.of(), "09:30", "10:30", "a", null, null, null, null)),
        List.of(), Map.of(), List.of())));
    String keynote = state.talks().get(1).id();
    String asja = state.organizers().get(0).id();
    changeAndRevert(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch("Big keynote", null, null, null, null, null, null, Talk.Status.CANCELLED, null)));
    changeAndRevert(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"));
    changeAndRevert(new Command.AddTalk(null, null, new TalkPatch("Panel", null, "11:00", "12:00",
        null, null, null, null, null)));
    changeAndRevert(new Command.RemoveTalk(null, null, keynote));
    changeAndRevert(new Command.ShiftSchedule(null, null, "09:00", 15));
    changeAndRevert(new Command.UpdateWorkshop(null, null, new WorkshopPatch("Theory days", null, null,
        null, "Aula 2", null, null, null, null, null)));
    changeAndRevert(new Command.UpdateOrganizer(null, null, asja, new PersonPatch("A.", null, null, null, null)));
    changeAndRevert(new Command.RemoveOrganizer(null, null, asja));
    Event moved = run(new Command.MoveTalk(null, null, keynote, "09:40", "10:40"));
    Event undo = run(new Command.RevertChange(null, null, moved.seq()));
    run(new Command.RevertChange(null, null, undo.seq())); // a revert of a revert

    JsonArray javaStates = new JsonArray();
    Workshop replayed = Workshop.absent("w1");
    for (Event e : log) {
      replayed = decider.evolve(replayed, e);
      javaStates.add(new JsonObject(Json.MAPPER.writeValueAsString(replayed)));
    }
    JsonArray events = new JsonArray(Json.MAPPER.writeValueAsString(log.stream().map(Event::toMap).toList()));
    JsonArray jsStates = JsEvolve.replay("w1", events);
    assertThat(jsStates).hasSize(javaStates.size());
    for (int i = 0; i < javaStates.size(); i++) {
      assertThat(jsStates.getJsonObject(i)).as("state after event %d (%s)", i + 1, log.get(i).type())
          .isEqualTo(javaStates.getJsonObject(i));
    }
  }
}
