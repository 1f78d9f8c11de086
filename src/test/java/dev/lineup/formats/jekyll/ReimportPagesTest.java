package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Reimport;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.TalkPatch;
import dev.lineup.schedule.Workshop;
import dev.lineup.schedule.WorkshopPatch;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-importing newer versions of a page through the real page reader and the decider, as the
 * server does (pure: no server): ids kept, live edits kept, one event carrying only what the
 * page changed, the page written back with both, and the re-import undone by change.revert.
 */
class ReimportPagesTest {

  private static final String V1 = """
      ---
      title: "Kernels"
      layout: multitrack
      categories:
      - m2031
      room: "Sala A"
      organizers:
      - given: Ada
        family: Lovelace
      talks:
      - title: "One"
        start: "9:00"
        end: "9:30"
      - title: "Two"
        start: "9:30"
        end: "10:00"
      - title: "Three"
        start: "10:00"
        end: "10:30"
      - title: "Coffee Break"
        start: "10:30"
        end: "11:00"
      ---
      Body.
      """;

  private final JekyllPages pages = new JekyllPages();
  private final PageJournal journal = new PageJournal("kernels", "Europe/Rome");
  private Workshop state = journal.state();

  private Event run(Command command) {
    Event e = journal.run(command);
    state = journal.state();
    return e;
  }

  private Event importPage(String page, String date) {
    return run(new Command.ImportWorkshop(null, null, page, date, null, null));
  }

  private Talk talk(String title) {
    return state.talks().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(title));
  }

  private Reimport.Diff diff(Event e) {
    return ((EventData.WorkshopImported) e.data()).reimport();
  }

  @Test
  void aNewerPageMergesWithTheLiveEditsAndIsUndoneByRevert() {
    importPage(V1, "2031-05-02");
    String one = talk("One").id();
    String two = talk("Two").id();
    String three = talk("Three").id();
    String coffee = talk("Coffee Break").id();
    run(new Command.UpdateTalk(null, null, two, new TalkPatch("Two (live)", null, null, null, null, null, null, null, null)));
    run(new Command.UpdateTalk(null, null, three, new TalkPatch(null, null, null, null, "Written in Lineup.", null, null, null, null)));
    Workshop beforeReimport = state;
    String pageBefore = pages.write(state);

    // The site meanwhile: One earlier, the room renamed, the break dropped, Four added after it
    // (in the break's slot, Four would have been the break renamed: same slot).
    String v2 = V1.replace("room: \"Sala A\"", "room: \"Sala B\"")
        .replace("- title: \"One\"\n  start: \"9:00\"", "- title: \"One\"\n  start: \"8:45\"")
        .replace("- title: \"Coffee Break\"\n  start: \"10:30\"\n  end: \"11:00\"\n",
            "- title: \"Four\"\n  start: \"11:00\"\n  end: \"11:30\"\n");
    Event reimported = importPage(v2, "2031-05-02");

    assertThat(state.talks()).extracting(Talk::title).containsExactly("One", "Two (live)", "Three", "Four");
    assertThat(talk("One").id()).isEqualTo(one);
    assertThat(talk("One").start()).isEqualTo("08:45");
    assertThat(talk("Two (live)").id()).isEqualTo(two);
    assertThat(talk("Three").id()).isEqualTo(three);
    assertThat(talk("Three").abstractText()).isEqualTo("Written in Lineup.");
    assertThat(talk("Four").id()).isNotIn(one, two, three, coffee);
    assertThat(state.room()).isEqualTo("Sala B");
    assertThat(diff(reimported).conflicts()).isEmpty();
    assertThat(diff(reimported).touched()).contains("talk/" + one + "/start", "workshop/room",
        "talk/" + coffee, "talk/" + talk("Four").id()).noneMatch(p -> p.startsWith("talk/" + two))
        .noneMatch(p -> p.startsWith("talk/" + three));

    // The page written now is the new page with the live edits in it.
    String written = pages.write(state);
    assertThat(written).contains("room: \"Sala B\"", "start: \"8:45\"", "- title: \"Two (live)\"",
        "Written in Lineup.", "- title: \"Four\"").doesNotContain("Coffee Break");
    assertThat(written).isEqualTo(v2.replace("- title: \"Two\"", "- title: \"Two (live)\"")
        .replace("- title: \"Three\"\n  start: \"10:00\"\n  end: \"10:30\"\n",
            "- title: \"Three\"\n  start: \"10:00\"\n  end: \"10:30\"\n  abstract: \"Written in Lineup.\"\n"));

    // Undone like any change: the workshop and its page as before the re-import.
    run(new Command.RevertChange(null, null, reimported.seq()));
    assertThat(state.talks()).isEqualTo(beforeReimport.talks());
    assertThat(state.room()).isEqualTo("Sala A");
    assertThat(pages.write(state)).isEqualTo(pageBefore);

    // The site's page again after the undo: merged as before, no duplicate talks.
    importPage(v2, "2031-05-02");
    assertThat(state.talks()).extracting(Talk::title).containsExactly("One", "Two (live)", "Three", "Four");
    assertThat(pages.write(state)).isEqualTo(written);
    Workshop merged = state;

    // A third version renames Two too: both changed it, the live title stays and the conflict says both.
    Event third = importPage(v2.replace("- title: \"Two\"", "- title: \"Two (page)\""), "2031-05-02");
    assertThat(talk("Two (live)").id()).isEqualTo(two);
    assertThat(diff(third).conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("talk/" + two + "/title");
      assertThat(c.live()).isEqualTo("Two (live)");
      assertThat(c.page()).isEqualTo("Two (page)");
    });
    run(new Command.RevertChange(null, null, third.seq()));
    assertThat(state.talks()).isEqualTo(merged.talks());
    assertThat(pages.write(state)).isEqualTo(written);
  }

  @Test
  void anUndatedWorkshopPageKeepsTheDateSetInLineupWhenItComesAgain() throws java.io.IOException {
    String v1;
    try (java.io.InputStream in = getClass().getResourceAsStream("/vocabulary/_workshops/engines-of-thought.md")) {
      v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    importPage(v1, null);
    assertThat(state.date()).isNull();
    run(new Command.UpdateWorkshop(null, null, new WorkshopPatch(null, null, null, null, null, null,
        "2031-04-11", null, null, null)));
    String withDate = pages.write(state);
    assertThat(withDate).contains("date: \"2031-04-11\"\n");

    // The organizers add a third organizer to their page; it still has no date.
    String third = "  - given: Grace\n    family: Hopper\n    affiliation: Navy\n";
    String v2 = v1.replace("    affiliation: Bletchley Park\n", "    affiliation: Bletchley Park\n" + third);
    Event e = importPage(v2, null);

    assertThat(state.date()).isEqualTo("2031-04-11");
    assertThat(state.organizers()).extracting(p -> p.given()).containsExactly("Ada", "Alan", "Grace");
    assertThat(diff(e).conflicts()).isEmpty();
    assertThat(pages.write(state)).isEqualTo(withDate.replace("    affiliation: Bletchley Park\n",
        "    affiliation: Bletchley Park\n" + third));
  }
}
