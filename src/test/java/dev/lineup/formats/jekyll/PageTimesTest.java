package dev.lineup.formats.jekyll;

import dev.lineup.formats.Meeting;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Workshop;
import dev.lineup.schedule.WorkshopPatch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spelling of a time on a page (src/test/resources/pages/times.md): what the model reads,
 * what the reader says about it, that the page is written back as it was, and how an edit in
 * Lineup replaces only the time it changed. Pure: no server.
 */
class PageTimesTest {

  private final JekyllPages pages = new JekyllPages();
  private final PageJournal journal = new PageJournal("times", "Europe/Rome");

  private static Talk talk(Workshop w, String title) {
    return w.talks().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(title));
  }

  private static Map<String, String> times(Workshop w) {
    return w.talks().stream().collect(Collectors.toMap(t -> t.title().isEmpty() ? "(untitled)" : t.title(),
        t -> t.start() + "–" + t.end(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void readsWhatIsUnambiguousAndLeavesTheRestOutOfTheModel() throws IOException {
    Workshop w = pages.read("times", JekyllPagesTest.page("times.md"), "2031-05-02");

    assertThat(times(w)).containsExactly(
        Map.entry("Dotted", "09:30–10:15"),
        Map.entry("French", "10:30–11:00"),
        Map.entry("Seconds", "15:00–15:45"),
        Map.entry("Afternoon", "14:00–15:00"),
        Map.entry("Noon and midnight on a 12-hour clock", "12:00–12:30"),
        Map.entry("Just after midnight", "00:00–00:45"),
        Map.entry("From the start", "19:30–null"),
        Map.entry("A range in the start", "17:00–17:30"),
        Map.entry("Lunch Talk", "12:00–13:00"),
        Map.entry("Midnight Talk", "23:30–00:30"),
        Map.entry("Backwards", "10:00–null"),
        Map.entry("Ends when it starts", "16:00–null"),
        Map.entry("(untitled)", "null–null"),
        Map.entry("Whenever", "null–null"),
        Map.entry("Only an end", "null–19:00"),
        Map.entry("Plain", "09:30–10:00"));
    assertThat(w.talks().get(12).kind()).isEqualTo(Talk.Kind.BREAK);
  }

  @Test
  void saysHowEachTimeWasReadUnlessThePageSpeltItAsHhMm() throws IOException {
    Workshop w = pages.read("times", JekyllPagesTest.page("times.md"), "2031-05-02");
    List<String> read = w.warnings().stream().filter(x -> x.code().equals(Notes.TIME_READ)).map(Warning::message).toList();
    List<String> asWritten = w.warnings().stream().filter(x -> x.code().equals(Notes.TIME_AS_WRITTEN)).map(Warning::message).toList();

    assertThat(read).containsExactly(
        "\"Dotted\": start \"9.30\" read as 09:30",
        "\"Dotted\": end \"10.15\" read as 10:15",
        "\"French\": start \"10h30\" read as 10:30",
        "\"French\": end \"11h\" read as 11:00",
        "\"Seconds\": start \"15:00:00\" read as 15:00",
        "\"Seconds\": end \"15:45:00\" read as 15:45",
        "\"Afternoon\": start \"2pm\" read as 14:00",
        "\"Afternoon\": end \"3 p.m.\" read as 15:00",
        "\"Noon and midnight on a 12-hour clock\": start \"12pm\" read as 12:00",
        "\"Noon and midnight on a 12-hour clock\": end \"12:30pm\" read as 12:30",
        "\"Just after midnight\": start \"12am\" read as 00:00",
        "\"Just after midnight\": end \"12:45am\" read as 00:45",
        "\"From the start\": start \"from 19:30\" read as 19:30",
        "\"A range in the start\": start \"17:00-17:30\" read as 17:00–17:30",
        "\"Lunch Talk\": end \"1:00\" read as 13:00 (after the start, 12:00)");
    assertThat(asWritten).containsExactly(
        "\"Backwards\": end 09:00 is before the start 10:00; the end is left out (the page keeps it)",
        "\"Ends when it starts\": ends when it starts (16:00); the end is left out (the page keeps it)",
        "\"(untitled)\": start \"Coffee Break\" is not a time; kept as written",
        "\"Whenever\": start \"after the last talk\" is not a time; kept as written",
        "\"Whenever\": end \"TBA\" is not a time; kept as written");
  }

  @Test
  void thePageIsWrittenBackAsItWasAndAnEditReplacesOnlyTheTimeItChanged() throws IOException {
    String page = JekyllPagesTest.page("times.md");
    Workshop w = journal.importPage(page, null, null);
    assertThat(pages.write(w)).isEqualTo(page);

    // Moved to what it already was: the page keeps its spelling ("1:00", the range in the start).
    w = journal.apply(new Command.MoveTalk(null, null, talk(w, "Lunch Talk").id(), "12:00", "13:00"));
    w = journal.apply(new Command.MoveTalk(null, null, talk(w, "A range in the start").id(), "17:00", "17:30"));
    assertThat(pages.write(w)).isEqualTo(page);

    w = journal.apply(new Command.MoveTalk(null, null, talk(w, "Lunch Talk").id(), "12:00", "13:30"));
    w = journal.apply(new Command.MoveTalk(null, null, talk(w, "Backwards").id(), "10:00", "11:00"));
    w = journal.apply(new Command.MoveTalk(null, null, talk(w, "Afternoon").id(), "14:15", "15:00"));
    String written = pages.write(w);
    assertThat(written).isEqualTo(page
        .replace("  start: \"12:00\"\n  end: \"1:00\"", "  start: \"12:00\"\n  end: \"13:30\"")
        .replace("  start: \"10:00\"\n  end: \"09:00\"", "  start: \"10:00\"\n  end: \"11:00\"")
        .replace("  start: 2pm\n", "  start: \"14:15\"\n"));
    Workshop again = pages.read("times", written, "2031-05-02");
    assertThat(talk(again, "Lunch Talk").end()).isEqualTo("13:30");
    assertThat(talk(again, "Backwards").end()).isEqualTo("11:00");
    assertThat(talk(again, "Afternoon").start()).isEqualTo("14:15");
    assertThat(talk(again, "Whenever").start()).isNull();
    assertThat(written).contains("start: \"after the last talk\"\n  end: \"TBA\"");
  }

  @Test
  void theExportsPlaceEveryTimedTalkAndTheNightOnTheNextDay() throws IOException {
    Workshop w = journal.importPage(JekyllPagesTest.page("times.md"), null, null);
    w = journal.apply(new Command.UpdateWorkshop(null, null, new WorkshopPatch(null, null, null, null, null,
        null, "2031-05-02", null, null, null)));

    List<Meeting.Slot> slots = Meeting.single(w).published();
    Map<String, String> placed = slots.stream().collect(Collectors.toMap(s -> s.talk().title(),
        s -> s.start().toLocalDateTime() + "–" + s.end().toLocalDateTime(), (a, b) -> a));
    assertThat(placed).containsEntry("Midnight Talk", "2031-05-02T23:30–2031-05-03T00:30")
        .containsEntry("Lunch Talk", "2031-05-02T12:00–2031-05-02T13:00")
        // A start and no end: until the next talk that starts after it.
        .containsEntry("Backwards", "2031-05-02T10:00–2031-05-02T10:30")
        .doesNotContainKeys("Whenever", "Only an end", "");
    assertThat(Meeting.single(w).leftOut()).extracting(Warning::message)
        .anySatisfy(m -> assertThat(m).contains("Whenever"))
        .anySatisfy(m -> assertThat(m).contains("Only an end"));
  }
}
