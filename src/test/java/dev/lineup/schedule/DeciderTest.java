package dev.lineup.schedule;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** decide/evolve for every command, and the field-level rebase rules; no Vert.x, no store. */
class DeciderTest {

  private final Decider decider = new Decider((id, page, date) -> {
    throw Rejection.invalid("page", "no pages in this test");
  }, "Europe/Rome");

  private final List<Event> log = new ArrayList<>();
  private Workshop state;

  @BeforeEach
  void createWorkshop() {
    state = Workshop.absent("ws");
    Workshop draft = new Workshop(null, 0, "Theory of Deep Learning", "abstract", null,
        List.of("dali2018"), List.of(Person.named("Asja", "Fischer")), "Sala Ginestra", true,
        "2018-04-03", null,
        List.of(talk("Opening", "09:00", "09:30"), talk("Keynote", "09:30", "10:30"),
            talk("Coffee", "10:30", "11:00"), talk("Panel", "11:00", "12:00")),
        List.of(), Map.of("layout", "multitrack"), List.of());
    run(new Command.CreateWorkshop(null, null, draft));
  }

  private static Talk talk(String title, String start, String end) {
    return new Talk(null, title, List.of(Person.named("Ada", title)), start, end, null, null, null, null, null);
  }

  private Event run(Command command) {
    EventData data = decider.decide(command, state, since(command));
    Event event = new Event("ws", state.version() + 1, "tester", "2026-01-01T00:00:00Z",
        command.commandId(), data);
    state = decider.evolve(state, event);
    log.add(event);
    return event;
  }

  private List<Event> since(Command command) {
    if (command.expectedVersion() == null) return List.of();
    return log.stream().filter(e -> e.seq() > command.expectedVersion()).toList();
  }

  private String talkId(String title) {
    return state.talks().stream().filter(t -> title.equals(t.title())).findFirst().orElseThrow().id();
  }

  private static TalkPatch title(String title) {
    return new TalkPatch(title, null, null, null, null, null, null, null, null);
  }

  @Test
  void createAssignsIdsTimezoneAndVersion() {
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.exists()).isTrue();
    assertThat(state.timezone()).isEqualTo("Europe/Rome");
    assertThat(state.talks()).extracting(Talk::id).containsExactly("t1-1", "t1-2", "t1-3", "t1-4");
    assertThat(state.organizers()).extracting(Person::id).containsExactly("o1-1");
    assertThat(log.get(0).type()).isEqualTo("workshop.created");
  }

  @Test
  void createTwiceIsAConflict() {
    assertThatThrownBy(() -> run(new Command.CreateWorkshop(null, null, state)))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.CONFLICT));
  }

  @Test
  void everyTalkCommand() {
    Event added = run(new Command.AddTalk(null, null,
        new TalkPatch("Late talk", List.of(Person.named("Bo", "Li")), "12:00", "12:30", "abs", "yt1", null, null, null)));
    assertThat(added.type()).isEqualTo("talk.added");
    String id = ((EventData.TalkAdded) added.data()).talk().id();
    assertThat(id).isEqualTo("t2");
    assertThat(state.talks()).extracting(Talk::title).endsWith("Late talk");

    Event updated = run(new Command.UpdateTalk(null, null, id, title("Later talk")));
    assertThat(updated.type()).isEqualTo("talk.updated");
    assertThat(((EventData.TalkUpdated) updated.data()).previous().title()).isEqualTo("Late talk");
    assertThat(state.talk(id).orElseThrow().title()).isEqualTo("Later talk");

    Event moved = run(new Command.MoveTalk(null, null, id, "13:00", "13:45"));
    assertThat(moved.type()).isEqualTo("talk.moved");
    assertThat(state.talk(id).orElseThrow().start()).isEqualTo("13:00");
    assertThat(state.talk(id).orElseThrow().end()).isEqualTo("13:45");

    Event removed = run(new Command.RemoveTalk(null, null, id));
    assertThat(removed.type()).isEqualTo("talk.removed");
    assertThat(state.talk(id)).isEmpty();
    assertThat(state.version()).isEqualTo(5);
  }

  @Test
  void shiftMovesEverythingFromThatTime() {
    Event shifted = run(new Command.ShiftSchedule(null, null, "09:30", 15));
    assertThat(shifted.type()).isEqualTo("schedule.shifted");
    assertThat(state.talks()).extracting(Talk::start).containsExactly("09:00", "09:45", "10:45", "11:15");
    assertThat(state.talks()).extracting(Talk::end).containsExactly("09:30", "10:45", "11:15", "12:15");
    assertThat(((EventData.ScheduleShifted) shifted.data()).talkIds()).hasSize(3);
  }

  @Test
  void shiftOutOfTheDayIsRefused() {
    assertThatThrownBy(() -> run(new Command.ShiftSchedule(null, null, "09:00", 15 * 60)))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.errors()).extracting(FieldError::path).contains("minutes"));
  }

  @Test
  void workshopAndOrganizerCommands() {
    run(new Command.UpdateWorkshop(null, null, new WorkshopPatch("New title", null, null, null,
        "Room B", null, null, null, null, null)));
    assertThat(state.title()).isEqualTo("New title");
    assertThat(state.room()).isEqualTo("Room B");

    Event added = run(new Command.AddOrganizer(null, null, new PersonPatch("Guido", "Montufar", null, null, null)));
    String organizerId = ((EventData.OrganizerAdded) added.data()).organizer().id();
    run(new Command.UpdateOrganizer(null, null, organizerId, new PersonPatch(null, null, "https://x", null, null)));
    assertThat(state.organizer(organizerId).orElseThrow().url()).isEqualTo("https://x");
    run(new Command.RemoveOrganizer(null, null, organizerId));
    assertThat(state.organizers()).hasSize(1);

    Event deleted = run(new Command.DeleteWorkshop(null, null));
    assertThat(deleted.type()).isEqualTo("workshop.deleted");
    assertThat(state.exists()).isFalse();
    assertThatThrownBy(() -> run(new Command.AddTalk(null, null, title("x"))))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.NOT_FOUND));
  }

  @Test
  void importUsesThePageReader() {
    Decider withPages = new Decider((id, page, date) -> new Workshop(id, 0, page.trim(), null, null,
        List.of("dali2019"), List.of(), null, null, date, null, List.of(talk("Only", "10:00", "11:00")),
        List.of(), Map.of(), List.of()), "UTC");
    EventData data = withPages.decide(new Command.ImportWorkshop(null, null, "Imported", "2019-01-03", null, null), state);
    assertThat(data).isInstanceOf(EventData.WorkshopImported.class);
    Workshop imported = withPages.evolve(state, new Event("ws", 2, "t", "now", "c", data));
    assertThat(imported.title()).isEqualTo("Imported");
    assertThat(imported.date()).isEqualTo("2019-01-03");
    assertThat(imported.talks()).extracting(Talk::id).containsExactly("t2-1");
  }

  @Test
  void badInputNamesTheField() {
    String keynote = talkId("Keynote");
    assertThatThrownBy(() -> run(new Command.MoveTalk(null, null, keynote, "25:99", "10:00")))
        .isInstanceOfSatisfying(Rejection.class, r -> {
          assertThat(r.failure()).isEqualTo(Failure.INVALID);
          assertThat(r.errors()).extracting(FieldError::path).contains("start");
        });
    assertThatThrownBy(() -> run(new Command.MoveTalk(null, null, keynote, "11:00", "10:00")))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.errors()).extracting(FieldError::path).contains("end"));
    assertThatThrownBy(() -> run(new Command.UpdateTalk(null, null, "nope", title("x"))))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.NOT_FOUND));
    assertThatThrownBy(() -> run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch(null, null, null, null, null, null, null, null, Map.of("$where", "1")))))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.errors()).extracting(FieldError::path).contains("set.extra.$where"));
    assertThatThrownBy(() -> run(new Command.UpdateTalk(null, null, keynote,
        new TalkPatch(null, null, null, null, null, null, null, null, Map.of("a.b", "1")))))
        .isInstanceOf(Rejection.class);
    assertThat(state.version()).isEqualTo(1);
  }

  @Test
  void staleCommandOnAnotherTalkIsRebased() {
    long seen = state.version();
    run(new Command.UpdateTalk(null, seen, talkId("Keynote"), title("Keynote!")));
    run(new Command.MoveTalk(null, seen, talkId("Panel"), "11:15", "12:15"));
    run(new Command.UpdateTalk(null, seen, talkId("Opening"), title("Welcome")));
    assertThat(state.talks()).extracting(Talk::title).containsExactly("Welcome", "Keynote!", "Coffee", "Panel");
    assertThat(state.talk(talkId("Panel")).orElseThrow().start()).isEqualTo("11:15");
  }

  @Test
  void staleCommandOnAnotherFieldOfTheSameTalkIsRebased() {
    long seen = state.version();
    String keynote = talkId("Keynote");
    run(new Command.UpdateTalk(null, seen, keynote, title("Keynote!")));
    run(new Command.MoveTalk(null, seen, keynote, "09:45", "10:30"));
    assertThat(state.talk(keynote).orElseThrow().title()).isEqualTo("Keynote!");
    assertThat(state.talk(keynote).orElseThrow().start()).isEqualTo("09:45");
  }

  @Test
  void staleCommandOnTheSameFieldIsAConflictListingTheEvents() {
    long seen = state.version();
    String keynote = talkId("Keynote");
    Event first = run(new Command.UpdateTalk(null, seen, keynote, title("Keynote A")));
    assertThatThrownBy(() -> run(new Command.UpdateTalk(null, seen, keynote, title("Keynote B"))))
        .isInstanceOfSatisfying(Rejection.class, r -> {
          assertThat(r.failure()).isEqualTo(Failure.CONFLICT);
          assertThat(r.conflicts()).containsExactly(first);
        });
    assertThat(state.talk(keynote).orElseThrow().title()).isEqualTo("Keynote A");
  }

  @Test
  void staleEditOfARemovedTalkIsAConflictNotA404() {
    long seen = state.version();
    String coffee = talkId("Coffee");
    run(new Command.RemoveTalk(null, seen, coffee));
    assertThatThrownBy(() -> run(new Command.UpdateTalk(null, seen, coffee, title("Tea"))))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.CONFLICT));
  }

  @Test
  void shiftConflictsWithAStaleMoveOfAShiftedTalk() {
    long seen = state.version();
    run(new Command.ShiftSchedule(null, seen, "10:00", 10));
    assertThatThrownBy(() -> run(new Command.MoveTalk(null, seen, talkId("Panel"), "11:30", "12:30")))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.failure()).isEqualTo(Failure.CONFLICT));
    run(new Command.MoveTalk(null, seen, talkId("Opening"), "08:30", "09:00"));
    assertThat(state.talk(talkId("Opening")).orElseThrow().start()).isEqualTo("08:30");
  }

  @Test
  void warningsFollowEveryChange() {
    assertThat(state.warnings()).isEmpty();
    run(new Command.MoveTalk(null, null, talkId("Coffee"), "10:00", "10:45"));
    assertThat(state.warnings()).extracting(Warning::code).containsExactly(Warning.OVERLAP);
    assertThat(state.warnings().get(0).talkIds()).containsExactlyInAnyOrder(talkId("Keynote"), talkId("Coffee"));
    run(new Command.UpdateTalk(null, null, talkId("Panel"), new TalkPatch(null, null, "", "", null, null, null, null, null)));
    assertThat(state.warnings()).extracting(Warning::code).contains(Warning.UNTIMED);
  }

  @Test
  void replayOfTheLogEqualsTheState() {
    run(new Command.AddTalk(null, null, title("Extra")));
    run(new Command.ShiftSchedule(null, null, "09:00", 5));
    run(new Command.UpdateWorkshop(null, null, new WorkshopPatch(null, null, null, null, "Aula", null, null, null, null, null)));
    assertThat(decider.replay(Workshop.absent("ws"), log)).isEqualTo(state);
  }

  @Test
  void eventsSurviveTheirJsonForm() {
    run(new Command.MoveTalk("c1", null, talkId("Panel"), "11:05", "12:00"));
    for (Event e : log) {
      assertThat(Event.fromMap(e.toMap())).isEqualTo(e);
    }
  }

  @Test
  void speakerInTwoWorkshopsAtOnce() {
    Workshop other = new Workshop("other", 1, "Other", null, null, List.of("dali2018"), List.of(), "B",
        null, "2018-04-03", null, List.of(new Talk("x1", "Elsewhere", List.of(Person.named("Ada", "Keynote")),
        "10:00", "10:20", null, null, null, null, null)), List.of(), Map.of(), List.of());
    var clashes = Warnings.speakerClashes(List.of(state, other));
    assertThat(clashes.get("ws")).extracting(Warning::code).containsExactly(Warning.SPEAKER_CLASH);
    assertThat(clashes.get("other")).hasSize(1);
  }
}
