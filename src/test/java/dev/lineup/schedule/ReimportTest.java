package dev.lineup.schedule;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-way merge of a re-imported page ({@link Reimport}), on its own: {@code base} is the
 * page as last imported (with the ids its talks were given), {@code ours} the workshop as Lineup
 * has it now, {@code theirs} the new page. Pure: no page reader, no server.
 */
class ReimportTest {

  private static final long SEQ = 9;

  private static Talk talk(String id, String title, String start, String end) {
    return new Talk(id, title, List.of(), start, end, null, null, null, null, null);
  }

  private static Talk withAbstract(Talk t, String text) {
    return new Talk(t.id(), t.title(), t.authors(), t.start(), t.end(), text, t.youtube(), t.kind(), t.status(), t.extra());
  }

  private static Talk titled(Talk t, String title) {
    return new Talk(t.id(), title, t.authors(), t.start(), t.end(), t.abstractText(), t.youtube(), t.kind(), t.status(), t.extra());
  }

  private static Workshop workshop(String room, Talk... talks) {
    return new Workshop("w", 4, "Workshop", null, null, List.of("m2031"), List.of(), room, null,
        "2031-05-02", "Europe/Rome", Arrays.asList(talks), List.of(), Map.of(), List.of());
  }

  /** The page as read: no ids yet. */
  private static Workshop page(String room, Talk... talks) {
    List<Talk> noIds = new ArrayList<>();
    for (Talk t : talks) noIds.add(t.withId(null));
    return workshop(room, noIds.toArray(Talk[]::new)).withIdentity(null, 0);
  }

  private static Reimport.Result merge(Workshop base, Workshop ours, Workshop theirs) {
    return Reimport.merge(base, ours, theirs, SEQ, Set.of(), (w, ids) -> w);
  }

  private static List<String> summary(Workshop w) {
    return w.talks().stream().map(t -> t.id() + " " + t.title() + " " + t.start() + "–" + t.end()).toList();
  }

  private static final Talk ONE = talk("a", "One", "09:00", "09:30");
  private static final Talk TWO = talk("b", "Two", "09:30", "10:00");
  private static final Talk THREE = talk("c", "Three", "10:00", "10:30");
  private static final Workshop BASE = workshop("A", ONE, TWO, THREE);

  @Test
  void anUnchangedPageChangesNothing() {
    Reimport.Result r = merge(BASE, BASE, page("A", ONE, TWO, THREE));

    assertThat(r.workshop().talks()).isEqualTo(BASE.talks());
    assertThat(r.diff().changes()).isEmpty();
    assertThat(r.diff().conflicts()).isEmpty();
  }

  @Test
  void talksKeepTheirIdsBySameTitleAndTimeThenSameSlotThenSameTitle() {
    // Two moved and listed first (same title and time nowhere: found by its title); One renamed
    // in its slot (found by the slot); Three as it was (found by title and time).
    Workshop theirs = page("A", talk(null, "Two", "11:00", "11:30"), talk(null, "One, renamed", "09:00", "09:30"),
        talk(null, "Three", "10:00", "10:30"));

    Reimport.Result r = merge(BASE, BASE, theirs);

    assertThat(summary(r.workshop())).containsExactly("b Two 11:00–11:30", "a One, renamed 09:00–09:30",
        "c Three 10:00–10:30");
    assertThat(r.diff().touched()).containsExactlyInAnyOrder("talk/b/start", "talk/b/end", "talk/a/title",
        Reimport.TALK_ORDER);
  }

  @Test
  void twoTalksThatSwappedSlotsKeepTheirOwnIds() {
    Workshop theirs = page("A", talk(null, "Two", "09:00", "09:30"), talk(null, "One", "09:30", "10:00"), THREE);

    Reimport.Result r = merge(BASE, BASE, theirs);

    assertThat(summary(r.workshop())).containsExactly("b Two 09:00–09:30", "a One 09:30–10:00", "c Three 10:00–10:30");
    assertThat(r.diff().touched()).doesNotContain("talk/a/title", "talk/b/title");
  }

  @Test
  void aSlotGoesToTheTalkOfItsTitleNotToAnotherTalkMovedIntoIt() {
    // One dropped and Two moved into its slot: Two keeps its id, One goes.
    Reimport.Result moved = merge(BASE, BASE, page("A", talk(null, "Two", "09:00", "09:30"), THREE));
    assertThat(summary(moved.workshop())).containsExactly("b Two 09:00–09:30", "c Three 10:00–10:30");
    assertThat(moved.diff().touched()).contains("talk/a").doesNotContain("talk/b/title");

    // A new talk in the slot One left, One later that day: One keeps its id, the new one is new.
    Reimport.Result fresh = merge(BASE, BASE, page("A", talk(null, "Zero", "09:00", "09:30"), TWO, THREE,
        talk(null, "One", "11:00", "11:30")));
    assertThat(summary(fresh.workshop())).containsExactly("t9-1 Zero 09:00–09:30", "b Two 09:30–10:00",
        "c Three 10:00–10:30", "a One 11:00–11:30");
  }

  @Test
  void aTitleManyTalksShareIsNoOnesOwnTheSlotDecides() {
    Talk tba1 = talk("x", "TBA", "10:00", "10:30");
    Talk tba2 = talk("y", "TBA", "11:00", "11:30");
    Workshop base = workshop("A", tba1, tba2);
    // The first TBA got its title; the second moved to noon.
    Reimport.Result r = merge(base, base, page("A", talk(null, "Real title", "10:00", "10:30"), talk(null, "TBA", "12:00", "12:30")));

    assertThat(summary(r.workshop())).containsExactly("x Real title 10:00–10:30", "y TBA 12:00–12:30");
  }

  @Test
  void talksOfTheSameTitleAreMatchedByTheirTimesFirst() {
    Talk coffee1 = talk("k1", "Coffee Break", "10:30", "11:00");
    Talk coffee2 = talk("k2", "Coffee Break", "16:00", "16:30");
    Workshop base = workshop("A", coffee1, coffee2);
    // The afternoon break is now first in the page, and the morning one moved by 15 minutes.
    Workshop theirs = page("A", talk(null, "Coffee Break", "16:00", "16:30"), talk(null, "Coffee Break", "10:45", "11:15"));

    Reimport.Result r = merge(base, base, theirs);

    assertThat(summary(r.workshop())).containsExactly("k2 Coffee Break 16:00–16:30", "k1 Coffee Break 10:45–11:15");
  }

  @Test
  void aLiveEditOfAFieldThePageDidNotChangeSurvives() {
    Workshop ours = workshop("A", ONE, titled(TWO, "Two (live)"), withAbstract(THREE, "written in Lineup"));
    // The page moved One and changed the room; it did not touch Two's title or Three's abstract.
    Workshop theirs = page("B", talk(null, "One", "08:45", "09:30"), TWO, THREE);

    Reimport.Result r = merge(BASE, ours, theirs);

    assertThat(summary(r.workshop())).containsExactly("a One 08:45–09:30", "b Two (live) 09:30–10:00", "c Three 10:00–10:30");
    assertThat(r.workshop().talks().get(2).abstractText()).isEqualTo("written in Lineup");
    assertThat(r.workshop().room()).isEqualTo("B");
    assertThat(r.diff().conflicts()).isEmpty();
    assertThat(r.diff().changes()).containsExactlyInAnyOrder(new Reimport.Change("talk/a/start", "08:45", "09:00"),
        new Reimport.Change("workshop/room", "B", "A"));
  }

  @Test
  void whereBothChangedAFieldTheLiveValueIsKeptAndTheConflictHasBoth() {
    Workshop ours = workshop("C", ONE, TWO, titled(THREE, "Three (live)"));
    Workshop theirs = page("B", ONE, TWO, titled(THREE, "Three (page)"));

    Reimport.Result r = merge(BASE, ours, theirs);

    assertThat(r.workshop().talks().get(2).title()).isEqualTo("Three (live)");
    assertThat(r.workshop().room()).isEqualTo("C");
    assertThat(r.diff().changes()).isEmpty();
    assertThat(r.diff().conflicts()).extracting(Reimport.Conflict::path, Reimport.Conflict::live, Reimport.Conflict::page)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("talk/c/title", "Three (live)", "Three (page)"),
            org.assertj.core.groups.Tuple.tuple("workshop/room", "C", "B"));
    // Both changed it to the same value: no conflict.
    assertThat(merge(BASE, ours, page("C", ONE, TWO, titled(THREE, "Three (live)"))).diff().conflicts()).isEmpty();
  }

  @Test
  void talksAddedAndRemovedOnThePage() {
    // The page drops Two and adds Four.
    Workshop theirs = page("A", ONE, THREE, talk(null, "Four", "10:30", "11:00"));

    Reimport.Result r = merge(BASE, BASE, theirs);

    assertThat(summary(r.workshop())).containsExactly("a One 09:00–09:30", "c Three 10:00–10:30", "t9-1 Four 10:30–11:00");
    assertThat(r.diff().touched()).containsExactlyInAnyOrder("talk/b", "talk/t9-1");
    Reimport.Change removed = r.diff().changes().stream().filter(c -> c.path().equals("talk/b")).findFirst().orElseThrow();
    assertThat(removed.value()).isNull();
    assertThat(removed.previous()).isEqualTo(Json.toMap(TWO));
  }

  @Test
  void aTalkRemovedFromThePageButChangedInLineupStaysWithAConflict() {
    Workshop ours = workshop("A", ONE, titled(TWO, "Two (live)"), THREE);

    Reimport.Result r = merge(BASE, ours, page("A", ONE, THREE));

    assertThat(summary(r.workshop())).containsExactly("a One 09:00–09:30", "b Two (live) 09:30–10:00", "c Three 10:00–10:30");
    assertThat(r.diff().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("talk/b");
      assertThat(c.message()).contains("removed from the page but changed in Lineup");
    });
  }

  @Test
  void talksAddedAndRemovedInLineupStaySo() {
    Talk live = talk("t5-1", "Added live", "11:00", "11:30");
    Workshop ours = workshop("A", ONE, THREE, live); // Two removed in Lineup, one added

    // The page changed nothing about Two: it stays removed, silently; the live talk stays.
    Reimport.Result same = merge(BASE, ours, page("A", ONE, TWO, THREE));
    assertThat(summary(same.workshop())).containsExactly("a One 09:00–09:30", "c Three 10:00–10:30", "t5-1 Added live 11:00–11:30");
    assertThat(same.diff().changes()).isEmpty();
    assertThat(same.diff().conflicts()).isEmpty();

    // The page changed Two: it still stays removed, and the report says so with the page's value.
    Reimport.Result changed = merge(BASE, ours, page("A", ONE, titled(TWO, "Two (page)"), THREE));
    assertThat(changed.workshop().talks()).extracting(Talk::id).containsExactly("a", "c", "t5-1");
    assertThat(changed.diff().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("talk/b");
      assertThat(c.message()).contains("removed in Lineup");
      assertThat(c.page()).isNotNull();
    });
  }

  @Test
  void aTalkAddedInLineupIsTheOneThePageLaterGains() {
    Talk live = withAbstract(talk("t5-1", "Keynote", "11:00", "12:00"), "from Lineup");
    Workshop ours = workshop("A", ONE, TWO, THREE, live);
    // The organizers add it to their page too, with its speaker's slides link, without abstract.
    Talk onPage = new Talk(null, "Keynote", List.of(Person.named("Grace", "Hopper")), "11:00", "12:00", null, null,
        null, null, Map.of("slides", "keynote.pdf"));

    Reimport.Result r = merge(BASE, ours, page("A", ONE, TWO, THREE, onPage));

    assertThat(r.workshop().talks()).extracting(Talk::id).containsExactly("a", "b", "c", "t5-1");
    Talk keynote = r.workshop().talks().get(3);
    assertThat(keynote.abstractText()).isEqualTo("from Lineup");
    assertThat(keynote.authors()).extracting(Person::displayName).containsExactly("Grace Hopper");
    assertThat(keynote.extra()).containsEntry("slides", "keynote.pdf");
    assertThat(r.diff().conflicts()).isEmpty();

    // The page gives it another time than Lineup: Lineup's stays, and the report says so.
    Talk moved = new Talk(null, "Keynote", List.of(), "14:00", "15:00", null, null, null, null, null);
    Reimport.Result differs = merge(BASE, ours, page("A", ONE, TWO, THREE, moved));
    assertThat(differs.workshop().talks()).extracting(Talk::id).containsExactly("a", "b", "c", "t5-1");
    assertThat(differs.workshop().talks().get(3).start()).isEqualTo("11:00");
    assertThat(differs.diff().conflicts()).extracting(Reimport.Conflict::path)
        .containsExactlyInAnyOrder("talk/t5-1/start", "talk/t5-1/end");
  }

  @Test
  void revertingAReimportGivesTheWorkshopBeforeItAndRevertingThatRedoesIt() {
    Talk live = talk("t5-1", "Added live", "11:30", "12:00");
    Workshop ours = workshop("A", ONE, titled(TWO, "Two (live)"), THREE, live);
    Workshop theirs = page("B", talk(null, "Three", "10:00", "10:45"), talk(null, "One", "08:45", "09:30"),
        talk(null, "Four", "10:45", "11:15"));

    Reimport.Result r = merge(BASE, ours, theirs);
    // Two, changed in Lineup, stays although the page dropped it; Four is new.
    assertThat(r.workshop().talks()).extracting(Talk::id).containsExactlyInAnyOrder("a", "b", "c", "t5-1", "t9-1");

    Workshop undone = Reimport.revert(r.workshop(), r.diff());
    assertThat(undone).isEqualTo(ours.withWarnings(List.of()));

    Workshop redone = Reimport.revert(undone, r.diff().inverse());
    assertThat(redone).isEqualTo(r.workshop());
    assertThat(r.diff().inverse().inverse()).isEqualTo(new Reimport.Diff(r.diff().changes(), List.of()));
  }
}
