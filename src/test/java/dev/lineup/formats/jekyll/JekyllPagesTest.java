package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.TalkPatch;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Workshop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping of messy pages, written for this test (src/test/resources/pages). */
class JekyllPagesTest {

  private final JekyllPages pages = new JekyllPages();
  private final PageJournal journal = new PageJournal("w", "Europe/Berlin");

  static String page(String name) throws IOException {
    try (InputStream in = JekyllPagesTest.class.getResourceAsStream("/pages/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Workshop messy() throws IOException {
    return pages.read("messy", page("messy-2016.md"), null);
  }

  private static Talk talk(Workshop w, String title) {
    return w.talks().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow();
  }

  @Test
  void readsTheWorkshopFieldsWithBlanksAndTabsTrimmed() throws IOException {
    Workshop w = messy();

    assertThat(w.id()).isEqualTo("messy");
    assertThat(w.version()).isZero();
    assertThat(w.title()).isEqualTo("Messy Workshop");
    assertThat(w.abstractText()).isEqualTo("A first line, continued on a second line.\nA new paragraph.");
    assertThat(w.organizerUrl()).isNull();
    assertThat(w.categories()).containsExactly("dali2016");
    assertThat(w.room()).isNull();
    assertThat(w.showAbstracts()).isTrue();
    assertThat(w.date()).isEqualTo("2016-03-30");
    assertThat(w.timezone()).isNull();
    assertThat(w.warnings()).extracting(Warning::message)
        .containsExactly("\"(untitled)\": start \"Coffee Break\" is not a time; kept as written");
    assertThat(w.talks()).extracting(Talk::id).containsOnlyNulls();
  }

  @Test
  void readsThe2016VocabularyAndDecodesEntitiesInNames() throws IOException {
    Person ferenc = messy().organizers().get(0);

    assertThat(ferenc.id()).isNull();
    assertThat(ferenc.given()).isEqualTo("Ferenc");
    assertThat(ferenc.family()).isEqualTo("Huszár");
    assertThat(ferenc.institute()).isEqualTo("Université de Test");
    assertThat(ferenc.url()).isEqualTo("http://example.org/f");
    assertThat(Hinted.withoutHint(ferenc.extra())).containsExactly(Map.entry("twitter", "@ferenc"));
  }

  @Test
  void readsSpeakerLinesAsAuthorsAndSpeakersAsPeople() throws IOException {
    Workshop w = messy();

    assertThat(talk(w, "A talk at nine thirty").authors())
        .extracting(Person::given, Person::family, Person::institute)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ada", "Lovelace", "Analytical Engines Ltd"));
    assertThat(talk(w, "Talk without a time").authors())
        .extracting(Person::displayName, Person::institute)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Grace Hopper", "Computing Lab"),
            org.assertj.core.groups.Tuple.tuple("Alan Turing", "Computing Lab"));
    assertThat(w.speakers()).extracting(Person::displayName).containsExactly("Ada Lovelace", "Grace Hopper");
  }

  @Test
  void normalizesTimesAndLeavesFreeTextOrEmptyTimesUntimed() throws IOException {
    Workshop w = messy();

    assertThat(talk(w, "A talk at nine thirty").start()).isEqualTo("09:30");
    assertThat(talk(w, "A talk at nine thirty").end()).isEqualTo("10:00");
    assertThat(talk(w, "Talk without a time").start()).isNull();
    Talk coffee = w.talks().get(1);
    assertThat(coffee.start()).isNull();
    assertThat(coffee.end()).isNull();
  }

  @Test
  void recognizesBreaksAndCancelledTalks() throws IOException {
    Workshop w = messy();

    assertThat(w.talks().get(1).kind()).isEqualTo(Talk.Kind.BREAK);
    assertThat(talk(w, "Lunch").kind()).isEqualTo(Talk.Kind.BREAK);
    assertThat(talk(w, "A talk at nine thirty").kind()).isEqualTo(Talk.Kind.TALK);
    assertThat(talk(w, "Learning in the presence of noise - Cancelled").status())
        .isEqualTo(Talk.Status.CANCELLED);
    Talk replacement = talk(w, "The replacement");
    assertThat(replacement.status()).isEqualTo(Talk.Status.SCHEDULED);
    assertThat(replacement.kind()).isEqualTo(Talk.Kind.TALK);
    assertThat(replacement.start()).isEqualTo("14:00");
  }

  @Test
  void convertsNumbersWhereTextBelongs() throws IOException {
    Workshop w = messy();

    assertThat(talk(w, "A talk at nine thirty").youtube()).isEqualTo("12345");
    Talk numbered = talk(w, "2018");
    assertThat(numbered.abstractText()).isNull();
    assertThat(numbered.authors().get(0).given()).isEqualTo("Number");
  }

  @Test
  void keepsUnknownKeysAsExtrasOfTheirOwnerWithMongoSafeKeys() throws IOException {
    Workshop w = messy();

    assertThat(Hinted.withoutHint(w.extra())).containsEntry("layout", "multitrack")
        .containsEntry("tagline", "kept as it is")
        .containsEntry("%24where", "a key MongoDB would misread")
        .containsEntry("slides%2Ev2", "a dotted key")
        .containsEntry("%6Aekyll", "a key named like the hint");
    assertThat(Hinted.withoutHint(talk(w, "A talk at nine thirty").extra()))
        .containsEntry("slides", "http://example.org/slides.pdf").containsEntry("tentative", true);
    assertThat(Hinted.withoutHint(talk(w, "2018").authors().get(0).extra()))
        .containsEntry("bio", "Writes numbers.");
  }

  @Test
  void theDeciderAcceptsTheImportAndWarnsAboutUntimedTalks() throws IOException {
    Workshop w = imported(page("messy-2016.md"));

    assertThat(w.exists()).isTrue();
    assertThat(w.timezone()).isEqualTo("Europe/Berlin");
    assertThat(w.warnings()).filteredOn(x -> x.code().equals(Warning.UNTIMED))
        .extracting(Warning::message)
        .anySatisfy(m -> assertThat(m).contains("Talk without a time"));
  }

  @Test
  void writesTheOriginalSpellingBack() throws IOException {
    String page = page("messy-2016.md");
    String written = pages.write(imported(page));

    assertThat(Lossless.differences(page, written)).isEmpty();
    // Unchanged in Lineup: the page as it was, byte for byte (comments, spacing, quoting).
    assertThat(written).isEqualTo(page);
  }

  @Test
  void anEditMadeInLineupShowsInTheExportWhileTheRestKeepsItsSpelling() throws IOException {
    String page = page("messy-2016.md");
    Workshop w = imported(page);
    String nineThirty = talk(w, "A talk at nine thirty").id();
    String coffee = w.talks().get(1).id();

    w = journal.apply(new Command.UpdateTalk(null, w.version(), nineThirty,
        new TalkPatch("Renamed in Lineup", null, null, null, null, null, null, null, null)));
    w = journal.apply(new Command.MoveTalk(null, w.version(), coffee, "11:00", "11:30"));
    String written = pages.write(w);

    assertThat(written).contains("title: \"Renamed in Lineup\"", "start: \"11:00\"", "end: \"11:30\"");
    assertThat(written).doesNotContain("A talk at nine thirty", "Coffee Break");
    // Only the lines of the two changes differ from the page as imported; the new end is a new line.
    assertThat(written).isEqualTo(page.replace("- title: \"A talk at nine thirty\"", "- title: \"Renamed in Lineup\"")
        .replace("  start: \"Coffee Break\"\n", "  start: \"11:00\"\n  end: \"11:30\"\n"));
    Workshop again = pages.read("messy", written, null);
    assertThat(again.talks().get(0).title()).isEqualTo("Renamed in Lineup");
    assertThat(again.talks().get(1).start()).isEqualTo("11:00");
  }

  @Test
  void aTalkCutAndTheNextOnesMovedChangeOnlyTheirOwnLines() throws IOException {
    String page;
    try (InputStream in = getClass().getResourceAsStream("/vocabulary/_schedule/day-2.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Workshop w = imported(page);
    w = journal.apply(new Command.RemoveTalk(null, w.version(), w.talks().get(0).id()));
    w = journal.apply(new Command.ShiftSchedule(null, w.version(), "09:00", 15));

    // The cut item's lines go; the moved ones keep their unquoted titles and hide_time.
    assertThat(pages.write(w)).isEqualTo(page
        .replace("  - title: Activities for families (time TBA)\n    starttime:\n    endtime:\n    hide_time: true\n", "")
        .replace("    starttime: \"09:30\"\n    endtime: \"11:00\"\n", "    starttime: \"09:45\"\n    endtime: \"11:15\"\n")
        .replace("    starttime: \"11:00\"\n    endtime: \"11:30\"\n", "    starttime: \"11:15\"\n    endtime: \"11:45\"\n"));
  }

  @Test
  void changedAuthorsOfASpeakerLineBecomeAnAuthorListWhenTheLineCannotSayIt() throws IOException {
    Workshop w = imported(page("messy-2016.md"));
    String id = talk(w, "A talk at nine thirty").id();
    Person withUrl = new Person(null, "Ada", "Lovelace", "http://example.org/ada", "Engines", null);

    w = journal.apply(new Command.UpdateTalk(null, w.version(), id,
        new TalkPatch(null, List.of(withUrl), null, null, null, null, null, null, null)));
    Workshop again = pages.read("messy", pages.write(w), null);

    assertThat(talk(again, "A talk at nine thirty").authors()).singleElement()
        .satisfies(p -> assertThat(p.url()).isEqualTo("http://example.org/ada"));
  }

  @Test
  void aTalkCancelledInLineupSaysSoInItsTitle() throws IOException {
    Workshop w = imported(page("modern.md"));
    String id = talk(w, "Compilers").id();

    w = journal.apply(new Command.UpdateTalk(null, w.version(), id,
        new TalkPatch(null, null, null, null, null, null, null, Talk.Status.CANCELLED, null)));
    Workshop again = pages.read("modern", pages.write(w), null);

    assertThat(again.talks().get(2).title()).isEqualTo("Compilers (cancelled)");
    assertThat(again.talks().get(2).status()).isEqualTo(Talk.Status.CANCELLED);
  }

  @Test
  void aWorkshopWithoutSourceWritesAModernPage() {
    Talk talk = new Talk("t1", "Compilers", List.of(new Person(null, "Alan", "Turing",
        "http://example.org/alan", "Lab", null)), "10:00", "11:00", "About \"compilers\".", null,
        null, null, null);
    Workshop w = new Workshop("json", 3, "From JSON", null, null, List.of("dali2019"),
        List.of(new Person("o1-1", "Grace", "Hopper", null, "Navy", null)), "Room 1", true,
        "2019-01-03", "Africa/Johannesburg", List.of(talk), null, Map.of("tagline", "new"), null);

    String written = pages.write(w);

    assertThat(written).startsWith("---\ntitle: \"From JSON\"\nlayout: \"multitrack\"\n");
    assertThat(written).contains("organizers:\n- given: \"Grace\"\n  family: \"Hopper\"\n",
        "talks:\n- title: \"Compilers\"\n  author:\n  - given: \"Alan\"\n",
        "  start: \"10:00\"\n  end: \"11:00\"\n", "abstract: \"About \\\"compilers\\\".\"",
        "tagline: \"new\"", "date: \"2019-01-03\"");
    Workshop again = pages.read("json", written, null);
    assertThat(again.title()).isEqualTo("From JSON");
    assertThat(again.talks().get(0).authors().get(0).url()).isEqualTo("http://example.org/alan");
    assertThat(again.talks().get(0).abstractText()).isEqualTo("About \"compilers\".");
    assertThat(again.timezone()).isEqualTo("Africa/Johannesburg");
    assertThat(again.showAbstracts()).isTrue();
  }

  @Test
  void theDateArgumentWinsOverTheFrontMatter() throws IOException {
    String page = page("messy-2016.md");

    assertThat(pages.read("m", page, "2016-04-01").date()).isEqualTo("2016-04-01");
    assertThat(pages.read("m", page, null).date()).isEqualTo("2016-03-30");
    assertThat(pages.read("m", page("modern.md"), null).date()).isNull();
  }

  @Test
  void fileNamesGiveDateAndId() {
    assertThat(JekyllPages.dateFromFileName("2018-04-03-workshop-theory.md")).contains("2018-04-03");
    assertThat(JekyllPages.dateFromFileName("_posts/2018-04-03-workshop-theory.md")).contains("2018-04-03");
    assertThat(JekyllPages.dateFromFileName("workshop-theory.md")).isEmpty();
    assertThat(JekyllPages.dateFromFileName("2018-13-45-bad.md")).isEmpty();
    assertThat(JekyllPages.idFromFileName("_posts/2018-04-03-workshop-theory.md"))
        .isEqualTo("2018-04-03-workshop-theory");
  }

  private Workshop imported(String page) {
    return journal.importPage(page, null, null);
  }
}
