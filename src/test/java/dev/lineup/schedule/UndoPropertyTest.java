package dev.lineup.schedule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever happened before, reverting the last change gives back the state before it, and
 * reverting that revert gives back the state after it (undo, redo).
 */
class UndoPropertyTest {

  private final Decider decider = new Decider((id, page, date) -> {
    throw Rejection.invalid("page", "no pages in this test");
  }, "Europe/Rome");

  /** One random edit, told by numbers: which kind, which talk, which time, which text. */
  record Edit(int kind, int talk, int minutes, String text) {
  }

  @Property(tries = 200)
  void revertingTheLastChangeUndoesItAndRevertingThatRedoesIt(@ForAll("edits") List<Edit> edits) {
    List<Event> log = new ArrayList<>();
    Workshop state = append(log, Workshop.absent("ws"), new Command.CreateWorkshop(null, null, base()));
    Workshop beforeLast = null;
    Event last = null;
    for (Edit edit : edits) {
      Command command = command(edit, state);
      if (command == null) continue;
      Workshop before = state;
      try {
        state = append(log, state, command);
      } catch (Rejection invalid) {
        continue; // e.g. a shift that would leave the day
      }
      beforeLast = before;
      last = log.get(log.size() - 1);
    }
    if (last == null) return;
    Workshop afterLast = state;
    long seq = last.seq();
    state = append(log, state, new Command.RevertChange(null, null, seq), log.subList((int) seq - 1, log.size()));
    assertThat(content(state)).isEqualTo(content(beforeLast));
    long undo = state.version();
    state = append(log, state, new Command.RevertChange(null, null, undo), log.subList((int) undo - 1, log.size()));
    assertThat(content(state)).isEqualTo(content(afterLast));
    assertThat(decider.replay(Workshop.absent("ws"), log)).isEqualTo(state);
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 6),
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(-120, 240),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)).as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(12);
  }

  private Command command(Edit e, Workshop state) {
    List<Talk> talks = state.talks();
    Talk talk = talks.isEmpty() ? null : talks.get(e.talk() % talks.size());
    String at = Times.plus("09:00", Math.max(0, e.minutes())).orElse("09:00");
    String until = Times.plus(at, 30).orElse(null);
    if (e.kind() == 0 && talk != null) {
      return new Command.UpdateTalk(null, null, talk.id(),
          new TalkPatch(e.text(), null, null, null, null, null, null, null, null));
    }
    if (e.kind() == 1 && talk != null && until != null) return new Command.MoveTalk(null, null, talk.id(), at, until);
    if (e.kind() == 2 && until != null) {
      return new Command.AddTalk(null, null, new TalkPatch(e.text(), null, at, until, "a", null, null, null, null));
    }
    if (e.kind() == 3 && talk != null) return new Command.RemoveTalk(null, null, talk.id());
    if (e.kind() == 4 && e.minutes() != 0) return new Command.ShiftSchedule(null, null, at, e.minutes() / 4 * 4 + 1);
    if (e.kind() == 5) {
      return new Command.UpdateWorkshop(null, null, new WorkshopPatch(e.text(), null, null, null,
          e.text(), null, null, null, null, null));
    }
    if (e.kind() == 6 && !state.organizers().isEmpty()) {
      Person o = state.organizers().get(e.talk() % state.organizers().size());
      return new Command.UpdateOrganizer(null, null, o.id(), new PersonPatch(e.text(), null, null, null, null));
    }
    return null;
  }

  private Workshop append(List<Event> log, Workshop state, Command command) {
    return append(log, state, command, List.of());
  }

  private Workshop append(List<Event> log, Workshop state, Command command, List<Event> history) {
    EventData data = decider.decide(command, state, DecisionContext.current("tester").withHistory(List.copyOf(history)));
    Event event = new Event("ws", state.version() + 1, "tester", "2026-01-01T00:00:00Z", null, data);
    log.add(event);
    return decider.evolve(state, event);
  }

  private static Workshop base() {
    return new Workshop(null, 0, "Theory day", "about", null, List.of("dali"),
        List.of(Person.named("Asja", "Fischer"), Person.named("Bo", "Li")), "Aula", true,
        "2018-04-03", null,
        List.of(talk("Opening", "09:00", "09:30"), talk("Keynote", "09:30", "10:30"),
            talk("Coffee", "10:30", "11:00")),
        List.of(), Map.of(), List.of());
  }

  private static Talk talk(String title, String start, String end) {
    return new Talk(null, title, List.of(), start, end, "a", null, null, null, null);
  }

  /**
   * The state without version and warnings, talks in (start, id) order: a talk brought back by a
   * revert is placed by its start time, so among talks starting together its place may differ.
   */
  private static Workshop content(Workshop w) {
    List<Talk> talks = new ArrayList<>(w.talks());
    talks.sort(Comparator.comparing(Talk::start, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Talk::id));
    return w.withTalks(talks).withVersion(0).withWarnings(List.of());
  }
}
