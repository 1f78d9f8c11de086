package dev.lineup.formats.site;

import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Workshop;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-made site in every vocabulary the DALI site used from 2015 to 2021
 * (src/test/resources/vocabulary): which pages are schedules, what each reads as, the meeting
 * each page that names none joins, and every page written back as it was. Pure: no server.
 */
class VocabularyPagesTest {

  static final List<String> FILES = List.of("_config.yml", "_posts/2031-01-01-welcome-to-jekyll.markdown",
      "_posts/2031-04-09-day-0.md", "_posts/2031-04-10-symposium.md", "_posts/2031-04-11-engines.md",
      "_posts/2031-04-12-broken.md", "_schedule/day-1.md", "_schedule/day-2.md", "_workshops/engines-of-thought.md");

  static Map<String, String> site() {
    return Sites.resources("vocabulary", FILES);
  }

  private final SitePages sitePages = new SitePages();
  private final JekyllPages pages = new JekyllPages();

  private SitePages.Site read() {
    return sitePages.site(site().entrySet().stream()
        .map(e -> new SiteArchive.File("vocab-main/" + e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)))
        .toList());
  }

  private static Map<String, SitePages.Page> byPath(SitePages.Site site) {
    return site.pages().stream().collect(Collectors.toMap(SitePages.Page::path, Function.identity()));
  }

  private static Talk talk(Workshop w, String title) {
    return w.talks().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(title));
  }

  @Test
  void schedulePagesOfEveryVocabularyAreReadAndOthersRefusedWithTheirReason() {
    Map<String, SitePages.Page> pages = byPath(read());

    assertThat(pages.keySet()).containsExactlyInAnyOrder("_posts/2031-01-01-welcome-to-jekyll.markdown",
        "_posts/2031-04-09-day-0.md", "_posts/2031-04-10-symposium.md", "_posts/2031-04-11-engines.md",
        "_posts/2031-04-12-broken.md", "_schedule/day-1.md", "_schedule/day-2.md", "_workshops/engines-of-thought.md");
    assertThat(pages.get("_posts/2031-01-01-welcome-to-jekyll.markdown").refused()).contains("not a schedule page (layout: post)");
    assertThat(pages.get("_posts/2031-04-12-broken.md").refused()).isEqualTo("page: line 8, column 9: invalid YAML front matter: mapping values are not allowed here");
    assertThat(pages.values().stream().filter(p -> p.refused() == null)).hasSize(6);
  }

  @Test
  void readsEachVocabulary() {
    Map<String, SitePages.Page> pages = byPath(read());

    // 2015: no layout, a type; organizers by firstname/lastname; a panel's speakers with their institutes in brackets.
    Workshop symposium = pages.get("_posts/2031-04-10-symposium.md").read();
    assertThat(symposium.date()).isEqualTo("2031-04-10");
    assertThat(symposium.organizers()).extracting(Person::displayName).containsExactly("Ada Lovelace");
    assertThat(talk(symposium, "Panel Discussion").authors()).extracting(Person::displayName, Person::institute)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Grace Hopper", "Chair, Navy Labs"),
            org.assertj.core.groups.Tuple.tuple("Alan Turing", "Bletchley Park"),
            org.assertj.core.groups.Tuple.tuple("Kurt Gödel", "Institute for Advanced Study"));
    assertThat(talk(symposium, "coffee and posters").kind()).isEqualTo(Talk.Kind.BREAK);
    assertThat(talk(symposium, "Dinner").end()).isNull();

    // 2019: keys in any order, a block abstract, a misspelt key kept, a session holding talks,
    // a speaker with empty names, an end with no start.
    Workshop engines = pages.get("_posts/2031-04-11-engines.md").read();
    Talk cogs = talk(engines, "From cogs to programs");
    assertThat(cogs.start()).isEqualTo("09:00");
    assertThat(cogs.abstractText()).isEqualTo("A first line of a block abstract,\nand its second line.");
    assertThat(cogs.authors().get(0).extra()).containsEntry("instiute", "Navy Labs");
    assertThat(engines.organizers()).extracting(Person::institute).containsExactly("Engine Society", "Difference Works");
    assertThat(talk(engines, "Workshops").start()).isNull();
    assertThat(talk(engines, "Workshops").end()).isEqualTo("19:00");
    assertThat(talk(engines, "Discussion").authors()).singleElement().satisfies(p -> assertThat(p.displayName()).isEmpty());

    // 2020–21: day programmes named by their day, with events in their own vocabulary.
    Workshop day1 = pages.get("_schedule/day-1.md").read();
    assertThat(day1.title()).isEqualTo("Day 1");
    assertThat(day1.abstractText()).isEqualTo("Arrival and Welcome Reception");
    assertThat(day1.date()).isEqualTo("2031-04-09");
    assertThat(day1.talks()).isEmpty();
    Workshop day2 = pages.get("_schedule/day-2.md").read();
    assertThat(day2.talks()).extracting(Talk::title, Talk::start, Talk::end).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Activities for families (time TBA)", null, null),
        org.assertj.core.groups.Tuple.tuple("Morning Session", "09:30", "11:00"),
        org.assertj.core.groups.Tuple.tuple("Coffee Break", "11:00", "11:30"),
        org.assertj.core.groups.Tuple.tuple("Dinner slot (attendees to self-organize)", null, null));
    assertThat(talk(day2, "Coffee Break").extra()).containsEntry("hide_time", true);

    // A workshop of the collection: no date yet, its own time written as timestamps.
    Workshop workshop = pages.get("_workshops/engines-of-thought.md").read();
    assertThat(workshop.date()).isNull();
    assertThat(JekyllPages.sessionTime(workshop)).contains(new Times.Reading("09:30", "13:00"));
    assertThat(workshop.organizers()).extracting(Person::institute).containsExactly("Engine Society (London)", "Bletchley Park");
  }

  @Test
  void pagesThatNameNoMeetingJoinTheOneOfTheirDaysElseTheSitesOwn() {
    SitePages.Site site = read();

    // vocab2031 has its workshop on the 11th: the 9th and 10th are its arrival and symposium
    // days; the undated workshop joins the meeting named after the site.
    assertThat(SitePages.meetings(site, List.of(), null)).containsExactly(
        Map.entry("_posts/2031-04-09-day-0.md", "vocab2031"),
        Map.entry("_posts/2031-04-10-symposium.md", "vocab2031"),
        Map.entry("_schedule/day-1.md", "vocab2031"),
        Map.entry("_schedule/day-2.md", "vocab2031"),
        Map.entry("_workshops/engines-of-thought.md", "vocab2031"));
    assertThat(SitePages.meetings(site, List.of(), "chosen")).containsValues("chosen").doesNotContainValue("vocab2031");
  }

  @Test
  void aDayJoinsTheMeetingOfItsWorkshopsDaysOrTheNearestWithinTwoDays() {
    Map<String, java.util.TreeSet<java.time.LocalDate>> days = Map.of(
        "spring", new java.util.TreeSet<>(List.of(java.time.LocalDate.parse("2031-04-03"), java.time.LocalDate.parse("2031-04-05"))),
        "autumn", new java.util.TreeSet<>(List.of(java.time.LocalDate.parse("2031-09-03"))));

    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-04-03"), days)).contains("spring");
    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-04-04"), days)).contains("spring");
    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-04-01"), days)).contains("spring");
    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-09-05"), days)).contains("autumn");
    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-03-31"), days)).isEmpty();
    assertThat(SitePages.meetingNear(java.time.LocalDate.parse("2031-06-01"), days)).isEmpty();
  }

  @Test
  void everyPageIsWrittenBackAsItWas() {
    Map<String, String> given = site();
    for (SitePages.Page p : read().pages()) {
      if (p.read() == null) continue;
      assertThat(pages.write(p.read())).as(p.path()).isEqualTo(given.get(p.path()));
    }
  }
}
