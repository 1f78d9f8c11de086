package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Person;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The 2016 {@code speaker:} lines: who speaks, from where. */
class SpeakerLinesTest {

  private static List<String> read(String line) {
    return People.speakerLine(line).stream()
        .map(p -> p.given() + "|" + p.family() + "|" + p.institute()).toList();
  }

  @Test
  void oneSpeakerWithAnInstituteThatHasCommas() {
    assertThat(read("Ada Lovelace, Institut Analytique - Londres, England\n"))
        .containsExactly("Ada|Lovelace|Institut Analytique - Londres, England");
    assertThat(read("Ada Lovelace, Engine Works")).containsExactly("Ada|Lovelace|Engine Works");
  }

  @Test
  void namesWithoutInstitute() {
    assertThat(read("Grace Hopper & Alan Turing"))
        .containsExactly("Grace|Hopper|null", "Alan|Turing|null");
  }

  @Test
  void aListOfNamesSharingAnInstitute() {
    assertThat(read("Grace Hopper, Alan Turing & Ada Lovelace, Twitter"))
        .containsExactly("Grace|Hopper|Twitter", "Alan|Turing|Twitter", "Ada|Lovelace|Twitter");
  }

  @Test
  void eachNameWithItsOwnInstitute() {
    assertThat(read("Grace Hopper, Amazon and Alan M. Turing, Facebook"))
        .containsExactly("Grace|Hopper|Amazon", "Alan M.|Turing|Facebook");
  }

  @Test
  void aPanelWithANote() {
    assertThat(read("Grace Hopper, Alan Turing, Ada Lovelace and Kurt Gödel (on privacy, and more)"))
        .containsExactly("Grace|Hopper|null", "Alan|Turing|null", "Ada|Lovelace|null",
            "Kurt|Gödel|null");
    assertThat(read("Grace Hopper, Alan Turing, Ada Lovelace (on law, and ethics)"))
        .containsExactly("Grace|Hopper|null", "Alan|Turing|null", "Ada|Lovelace|null");
  }

  @Test
  void aPanelOfNamesEachWithItsInstituteInBrackets() {
    assertThat(read("Grace Hopper (Chair, Navy Labs), Alan Turing (Bletchley Park), Ada Lovelace (Engines)"
        + " and Kurt Gödel (Institute for Advanced Study)"))
        .containsExactly("Grace|Hopper|Chair, Navy Labs",
            "Alan|Turing|Bletchley Park", "Ada|Lovelace|Engines", "Kurt|Gödel|Institute for Advanced Study");
    // Brackets at the end only are a note, as before.
    assertThat(read("Grace Hopper & Alan Turing (moderator)")).containsExactly("Grace|Hopper|null", "Alan|Turing|null");
  }

  @Test
  void writesALineThatReadsBackToTheSameAuthors() {
    List<Person> authors = List.of(
        new Person(null, "Grace", "Hopper", null, "Navy", Map.of()),
        new Person(null, "Alan", "Turing", null, "Navy", Map.of()),
        new Person(null, "Ada", "Lovelace", null, "Engine Works", Map.of()));

    String line = People.speakerLineOf(authors);

    assertThat(line).isEqualTo("Grace Hopper & Alan Turing, Navy and Ada Lovelace, Engine Works");
    assertThat(People.sameAll(People.speakerLine(line), authors)).isTrue();
  }

  @Test
  void refusesALineThatCannotSayAUrl() {
    assertThat(People.speakerLineOf(List.of(
        new Person(null, "Grace", "Hopper", "http://example.org", null, Map.of())))).isNull();
  }
}
