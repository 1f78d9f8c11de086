package dev.lineup.schedule;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * change.revert: the inverse of each revertible change restores the state before it, as a new
 * event; later changes to the same fields make it a conflict. Pure: no Vert.x, no store.
 */
class RevertTest {

  private final Decider decider = new Decider((id, page, date) -> {
    throw Rejection.invalid("page", "no pages in this test");
  }, "Europe/Rome");

  private final List<Event> log = new ArrayList<>();
  private Workshop state;

  @BeforeEach
  void createWorkshop() {
    state = Workshop.absent("ws");
    Workshop draft = new Workshop(null, 0, "Theory day", "about it", null, List.of("dali"),
        List.of(Person.named("Asja", "Fischer")), "Sala Ginestra", true, "2018-04-03", null,
        List.of(talk("Opening", "09:00", "09:30"), talk("Keynote", "09:30", "10:30"),
            talk("Coffee", "10:30", "11:00")),
        List.of(), Map.of(), List.of());
    run(new Command.CreateWorkshop(null, null, draft), "alice");
  }

  private static Talk talk(String title, String start, String end) {
    return new Talk(null, title, List.of(Person.named("Ada", title)), start, end, "abstract of " + title,
        null, null, null, null);
  }

  /** Decides as the pipeline does: a revert sees the log from the change it names on. */
  private Event run(Command command, String by) {
    List<Event> history = command instanceof Command.RevertChange r && r.seq() != null
        ? log.stream().filter(e -> e.seq() >= r.seq()).toList() : List.of();
    EventData data = decider.decide(command, state, DecisionContext.current(by).withHistory(history));
    Event event = new Event("ws", state.version() + 1, by, "2026-01-01T00:00:00Z", null, data);
    state = decider.evolve(state, event);
    log.add(event);
    return event;
  }

  private Event revert(long seq) {
    return run(new Command.RevertChange(null, null, seq), "bob");
  }

  private String talkId(String title) {
    return state.talks().stream().filter(t -> title.equals(t.title())).findFirst().orElseThrow().id();
  }

  /** The state without version and warnings: what a revert must restore. */
  private static Workshop content(Workshop w) {
    return w.withVersion(0).withWarnings(List.of());
  }

  private void assertRevertRestores(Supplier<Event> change) {
    Workshop before = state;
    Event changed = change.get();
    assertThat(content(state)).isNotEqualTo(content(before));
    Event reverted = revert(changed.seq());
    assertThat(reverted.type()).isEqualTo("change.reverted");
    assertThat(reverted.seq()).isEqualTo(changed.seq() + 1);
    assertThat(((EventData.ChangeReverted) reverted.data()).seq()).isEqualTo(changed.seq());
    assertThat(content(state)).isEqualTo(content(before));
    // The log only grew, and a replay of it gives the same state.
    assertThat(log).extracting(Event::seq).last().isEqualTo(state.version());
    assertThat(decider.replay(Workshop.absent("ws"), log)).isEqualTo(state);
  }

  @Test
  void talkUpdateIsRevertedToThePreviousValues() {
    String keynote = talkId("Keynote");
    assertRevertRestores(() -> run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch("Big keynote", List.of(Person.named("Bo", "Li")), null, null, "new abstract",
            null, null, Talk.Status.CANCELLED, null)), "alice"));
  }

  @Test
  void talkMoveIsRevertedToTheOldTimes() {
    String keynote = talkId("Keynote");
    assertRevertRestores(() -> run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "alice"));
  }

  @Test
  void addedTalkIsRemovedAndRemovedTalkComesBackWithItsId() {
    assertRevertRestores(() -> run(new Command.AddTalk(null, null, new TalkPatch("Panel", null,
        "11:00", "12:00", null, null, null, null, null)), "alice"));
    String coffee = talkId("Coffee");
    assertRevertRestores(() -> run(new Command.RemoveTalk(null, null, coffee), "alice"));
    assertThat(state.talk(coffee)).isPresent();
  }

  @Test
  void shiftIsShiftedBack() {
    assertRevertRestores(() -> run(new Command.ShiftSchedule(null, null, "09:30", 20), "alice"));
  }

  @Test
  void workshopAndOrganizerChangesAreReverted() {
    assertRevertRestores(() -> run(new Command.UpdateWorkshop(null, null, new WorkshopPatch("Theory days",
        null, null, null, "Aula 1", null, "2018-04-04", null, null, null)), "alice"));
    String asja = state.organizers().get(0).id();
    assertRevertRestores(() -> run(new Command.UpdateOrganizer(null, null, asja,
        new PersonPatch("Asja", "F.", null, null, null)), "alice"));
    assertRevertRestores(() -> run(new Command.AddOrganizer(null, null,
        new PersonPatch("Bo", "Li", null, null, null)), "alice"));
    // Removed and re-added: the organizer comes back with its id (at the end of the list).
    Event removed = run(new Command.RemoveOrganizer(null, null, asja), "alice");
    revert(removed.seq());
    assertThat(state.organizer(asja)).hasValueSatisfying(p -> assertThat(p.family()).isEqualTo("Fischer"));
  }

  @Test
  void revertingARevertRedoesTheChange() {
    String keynote = talkId("Keynote");
    Event moved = run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "alice");
    Workshop afterMove = state;
    Event undo = revert(moved.seq());
    assertThat(state.talk(keynote).orElseThrow().start()).isEqualTo("09:30");
    revert(undo.seq());
    assertThat(content(state)).isEqualTo(content(afterMove));
  }

  @Test
  void laterChangeOfTheSameFieldIsAConflictListingIt() {
    String keynote = talkId("Keynote");
    Event first = run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch("Big keynote", null, null, null, null, null, null, null, null)), "alice");
    Event later = run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch("Bigger keynote", null, null, null, null, null, null, null, null)), "carol");
    assertThatThrownBy(() -> revert(first.seq())).isInstanceOfSatisfying(Rejection.class, r -> {
      assertThat(r.failure()).isEqualTo(Failure.CONFLICT);
      assertThat(r.conflicts()).containsExactly(later);
    });
    // Reverting twice: the first revert is the later change that conflicts.
    Event undo = revert(later.seq());
    assertThatThrownBy(() -> revert(later.seq())).isInstanceOfSatisfying(Rejection.class, r ->
        assertThat(r.conflicts()).containsExactly(undo));
  }

  @Test
  void laterChangesElsewhereDoNotStopARevert() {
    String keynote = talkId("Keynote");
    String coffee = talkId("Coffee");
    Event renamed = run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch("Big keynote", null, null, null, null, null, null, null, null)), "alice");
    run(new Command.MoveTalk(null, null, keynote, "09:40", "10:40"), "carol"); // other fields
    run(new Command.RemoveTalk(null, null, coffee), "carol"); // another talk
    revert(renamed.seq());
    assertThat(state.talk(keynote).orElseThrow().title()).isEqualTo("Keynote");
    assertThat(state.talk(keynote).orElseThrow().start()).isEqualTo("09:40");
  }

  @Test
  void removingTheTalkLaterConflictsWithRevertingItsMove() {
    String keynote = talkId("Keynote");
    Event moved = run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "alice");
    run(new Command.RemoveTalk(null, null, keynote), "carol");
    assertThatThrownBy(() -> revert(moved.seq())).isInstanceOfSatisfying(Rejection.class, r ->
        assertThat(r.failure()).isEqualTo(Failure.CONFLICT));
  }

  @Test
  void creationImportAndUnknownSeqsCannotBeReverted() {
    assertThatThrownBy(() -> revert(1)).isInstanceOfSatisfying(Rejection.class, r -> {
      assertThat(r.failure()).isEqualTo(Failure.INVALID);
      assertThat(r.getMessage()).contains("cannot be reverted");
    });
    assertThatThrownBy(() -> revert(99)).isInstanceOfSatisfying(Rejection.class, r ->
        assertThat(r.failure()).isEqualTo(Failure.NOT_FOUND));
    assertThatThrownBy(() -> run(new Command.RevertChange(null, null, null), "bob"))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.INVALID));
  }

  @Test
  void aStaleRevertIsRefusedForItsOwnReasonNotAsChangedSince() {
    String keynote = talkId("Keynote");
    run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "carol");
    Command stale = new Command.RevertChange(null, 1L, 1L);
    assertThatThrownBy(() -> decider.decide(stale, state, new DecisionContext("bob", log.subList(1, log.size()), log)))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.INVALID));
  }

  @Test
  void revertEventKeepsItsTypedInverseThroughJson() {
    String keynote = talkId("Keynote");
    Event moved = run(new Command.MoveTalk(null, null, keynote, "09:45", "10:45"), "alice");
    Event reverted = revert(moved.seq());
    Map<String, Object> stored = reverted.toMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> inverse = (Map<String, Object>) ((Map<String, Object>) stored.get("data")).get("inverse");
    assertThat(inverse).containsEntry("type", "talk.moved").containsEntry("start", "09:30")
        .containsEntry("previousStart", "09:45");
    assertThat(Event.fromMap(stored)).isEqualTo(reverted);
    assertThat(Touches.of(reverted.data())).containsExactly("talk/" + keynote + "/start", "talk/" + keynote + "/end");
  }

  @Test
  void parserKnowsTheCommand() {
    assertThat(CommandParser.parse("{\"type\":\"change.revert\",\"seq\":3}", "ws"))
        .isEqualTo(new Command.RevertChange(null, null, 3L));
    assertThatThrownBy(() -> CommandParser.parse("{\"type\":\"change.revert\",\"seq\":\"x\"}", "ws"))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.errors().get(0).path()).isEqualTo("seq"));
  }
}
