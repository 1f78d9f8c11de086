package dev.lineup.history;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.TalkPatch;
import dev.lineup.schedule.Workshop;
import dev.lineup.schedule.WorkshopPatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Folding a stretch of history into one readable line per talk; no Vert.x, no store. */
class ChangelogTest {

  private final Decider decider = new Decider((id, page, date) -> {
    throw Rejection.invalid("page", "no pages in this test");
  }, "Europe/Rome");

  private final List<Event> log = new ArrayList<>();
  private Workshop state;
  private int minute;

  @BeforeEach
  void createWorkshop() {
    state = Workshop.absent("ws");
    Workshop draft = new Workshop(null, 0, "Theory day", null, null, List.of(), List.of(), null,
        null, "2018-04-03", null,
        List.of(talk("Opening", "09:00", "09:30"), talk("Keynote", "09:30", "10:30"),
            talk("Coffee", "10:30", "11:00"), talk("Lunch", "12:00", "13:00")),
        List.of(), Map.of(), List.of());
    run(new Command.CreateWorkshop(null, null, draft), "admin");
  }

  private static Talk talk(String title, String start, String end) {
    return new Talk(null, title, List.of(), start, end, null, null, null, null, null);
  }

  private Event run(Command command, String by) {
    EventData data = decider.decide(command, state, DecisionContext.current(by));
    Event event = new Event("ws", state.version() + 1, by,
        String.format("2026-11-26T10:%02d:00Z", minute++), null, data);
    state = decider.evolve(state, event);
    log.add(event);
    return event;
  }

  private String id(String title) {
    return state.talks().stream().filter(t -> title.equals(t.title())).findFirst().orElseThrow().id();
  }

  private static TalkPatch title(String title) {
    return new TalkPatch(title, null, null, null, null, null, null, null, null);
  }

  private List<Event> after(long version) {
    return log.stream().filter(e -> e.seq() > version).toList();
  }

  @Test
  void foldsEachTalkIntoOneLineFromFirstToLastState() {
    Workshop v1 = state;
    String keynote = id("Keynote");
    String opening = id("Opening");
    String lunch = id("Lunch");
    run(new Command.MoveTalk(null, null, keynote, "09:40", "10:40"), "alice");
    run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "bob");
    run(new Command.UpdateTalk(null, null, opening, title("Hello")), "alice");
    run(new Command.UpdateTalk(null, null, opening, title("Welcome")), "alice");
    run(new Command.RemoveTalk(null, null, id("Coffee")), "bob");
    run(new Command.AddTalk(null, null, new TalkPatch("Panel", null, "11:00", "12:00", null, null,
        null, null, null)), "carol");
    // Renamed and named back: nothing to tell.
    run(new Command.UpdateTalk(null, null, lunch, title("Food")), "carol");
    run(new Command.UpdateTalk(null, null, lunch, title("Lunch")), "carol");

    List<Changelog.Change> changes = Changelog.between(v1, state, after(v1.version()));

    assertThat(changes).extracting(Changelog.Change::text).containsExactly(
        "Opening renamed to Welcome",
        "Keynote moved 09:30–10:30 → 09:45–10:45",
        "Coffee removed",
        "Panel added 11:00–12:00");
    assertThat(changes).extracting(Changelog.Change::kind)
        .containsExactly("renamed", "moved", "removed", "added");
    Changelog.Change moved = changes.get(1);
    assertThat(moved.talkId()).isEqualTo(keynote);
    assertThat(moved.by()).containsExactly("alice", "bob");
    assertThat(moved.at()).isEqualTo("2026-11-26T10:02:00Z");
    assertThat(((Talk) moved.before()).start()).isEqualTo("09:30");
    assertThat(((Talk) moved.after()).start()).isEqualTo("09:45");
    assertThat(changes.get(2).after()).isNull();
    assertThat(changes.get(3).before()).isNull();
  }

  @Test
  void severalKindsOfChangeToOneTalkShareItsLine() {
    Workshop v1 = state;
    String keynote = id("Keynote");
    run(new Command.UpdateTalk(null, null, keynote, new TalkPatch("Big keynote",
        List.of(Person.named("Ada", "Lovelace")), null, null, null, null, null, Talk.Status.CANCELLED, null)), "alice");
    run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "alice");
    List<Changelog.Change> changes = Changelog.between(v1, state, after(v1.version()));
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo("changed");
      assertThat(c.text()).isEqualTo("Keynote renamed to Big keynote, moved 09:30–10:30 → 09:45–10:45, "
          + "cancelled, speakers now Ada Lovelace");
    });
  }

  @Test
  void workshopFieldsHaveALineOfTheirOwn() {
    Workshop v1 = state;
    run(new Command.UpdateWorkshop(null, null, new WorkshopPatch(null, null, null, null, "Aula 1",
        null, "2018-04-04", null, null, null)), "dora");
    List<Changelog.Change> changes = Changelog.between(v1, state, after(v1.version()));
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.talkId()).isNull();
      assertThat(c.text()).isEqualTo("Workshop Theory day date 2018-04-03 → 2018-04-04, room (none) → Aula 1");
      assertThat(c.by()).containsExactly("dora");
    });
  }

  @Test
  void fromNothingEverythingIsAdded() {
    List<Changelog.Change> changes = Changelog.between(Workshop.absent("ws"), state, log);
    assertThat(changes).extracting(Changelog.Change::kind).containsExactly("added", "added", "added", "added", "added");
    assertThat(changes.get(0).text()).isEqualTo("Workshop Theory day created");
  }

  @Test
  void markdownListsTheLinesWithWhoAndWhenAndEscapesTitles() {
    Workshop v1 = state;
    run(new Command.UpdateTalk(null, null, id("Opening"), title("*Welcome* [all]")), "alice");
    run(new Command.RemoveTalk(null, null, id("Coffee")), "bob");
    String md = Changelog.markdown("Theory_day", "v1 (version 1)", "version 3",
        Changelog.between(v1, state, after(v1.version())));
    assertThat(md).isEqualTo("""
        # Changes to Theory\\_day

        From v1 (version 1) to version 3:

        - Opening renamed to \\*Welcome\\* \\[all\\] (alice, 2026-11-26 10:01 UTC)
        - Coffee removed (bob, 2026-11-26 10:02 UTC)
        """);
    assertThat(Changelog.markdown("T", "version 3", "version 3", List.of())).endsWith("No changes.\n");
  }
}
