package dev.lineup.schedule;

import dev.lineup.support.JsEvolve;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Warnings are found by sweeps, grouped, and bounded; the browser module computes the same. */
class WarningsTest {

  private static Talk talk(String id, String title, String start, String end, Person... speakers) {
    return new Talk(id, title, List.of(speakers), start, end, null, null, null, null, null);
  }

  private static String hhmm(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  private static Workshop workshop(String id, String room, List<Talk> talks) {
    return new Workshop(id, 1, "W " + id, null, null, List.of("meet"), List.of(), room, null, "2026-11-26",
        "Europe/Rome", talks, List.of(), Map.of(), List.of());
  }

  private static List<Talk> allDay(String prefix, int n, Person... speakers) {
    List<Talk> talks = new ArrayList<>();
    for (int i = 0; i < n; i++) talks.add(talk(prefix + i, "Talk " + i, "09:00", "17:00", speakers));
    return talks;
  }

  @Test
  void fiveHundredTalksAtOnceInOneRoomAreOneWarningNamingThemAll() {
    Workshop w = Warnings.recomputed(workshop("big", "Room 1", allDay("t", 500)));

    assertThat(w.warnings()).singleElement().satisfies(warning -> {
      assertThat(warning.code()).isEqualTo(Warning.OVERLAP);
      assertThat(warning.message()).isEqualTo("500 talks overlap 09:00–17:00 in Room 1");
      assertThat(warning.talkIds()).hasSize(500).doesNotHaveDuplicates();
    });
    assertThat(w.warningsTruncated()).isNull();
  }

  @Test
  void twoTalksKeepThePairMessageAndAChainIsOneGroup() {
    Workshop pair = Warnings.recomputed(workshop("pair", "Aula", List.of(
        talk("a", "Alpha", "09:00", "10:00"), talk("b", "Beta", "09:30", "10:30"), talk("c", "Gamma", "11:00", "12:00"))));
    assertThat(pair.warnings()).extracting(Warning::message)
        .containsExactly("\"Alpha\" (09:00–10:00) overlaps \"Beta\" (09:30–10:30) in Aula");

    Workshop chain = Warnings.recomputed(workshop("chain", null, List.of(
        talk("a", "Alpha", "09:00", "10:00"), talk("b", "Beta", "09:50", "11:00"), talk("c", "Gamma", "10:30", "12:00"),
        talk("d", "Delta", "12:00", "13:00"))));
    assertThat(chain.warnings()).singleElement().satisfies(warning -> {
      assertThat(warning.message()).isEqualTo("3 talks overlap 09:00–12:00");
      assertThat(warning.talkIds()).containsExactly("a", "b", "c");
    });
  }

  @Test
  void aWorkshopKeepsAtMostMaxKeptAndCountsTheRest() {
    List<Talk> talks = new ArrayList<>();
    for (int i = 0; i < 450; i++) talks.add(talk("u" + i, "Untimed " + i, null, null));

    Workshop w = Warnings.recomputed(workshop("untimed", null, talks));

    assertThat(w.warnings()).hasSize(Warnings.MAX_KEPT);
    assertThat(w.warningsTruncated()).isEqualTo(450 - Warnings.MAX_KEPT);
    assertThat(Json.toMap(w)).containsEntry("warningsTruncated", 450 - Warnings.MAX_KEPT);
    assertThat(Json.toMap(Warnings.recomputed(workshop("none", null, List.of())))).doesNotContainKey("warningsTruncated");
  }

  @Test
  void servedWithTheMeetingsClashesStaysBounded() {
    List<Talk> talks = new ArrayList<>();
    for (int i = 0; i < 450; i++) talks.add(talk("u" + i, "Untimed " + i, null, null));
    Workshop own = Warnings.recomputed(workshop("w", null, talks));
    List<Warning> clashes = new ArrayList<>();
    for (int i = 0; i < 150; i++) clashes.add(new Warning(Warning.SPEAKER_CLASH, "clash " + i, List.of("u" + i)));

    Workshop served = Warnings.served(own, clashes);

    assertThat(served.warnings()).hasSize(Warnings.MAX_SERVED);
    assertThat(served.warningsTruncated()).isEqualTo(450 + 150 - Warnings.MAX_SERVED);
  }

  @Test
  void aSpeakerInManyTalksOfTwoWorkshopsAtOnceIsOneClashPerWorkshop() {
    Person ada = Person.named("Ada", "Lovelace");
    Workshop a = workshop("a", "A", allDay("a", 300, ada));
    Workshop b = workshop("b", "B", allDay("b", 300, ada));
    Workshop later = workshop("c", "C", List.of(talk("c1", "Evening", "18:00", "19:00", ada)));

    Map<String, List<Warning>> clashes = Warnings.speakerClashes(List.of(a, b, later));

    assertThat(clashes).containsOnlyKeys("a", "b");
    assertThat(clashes.get("a")).singleElement().satisfies(warning -> {
      assertThat(warning.talkIds()).hasSize(300);
      assertThat(warning.message()).startsWith("speaker ada lovelace is in 600 talks at once, 09:00–17:00: ")
          .endsWith(" and 597 more");
    });
    assertThat(clashes.get("b").get(0).talkIds()).hasSize(300).allMatch(id -> id.startsWith("b"));

    Map<String, List<Warning>> pair = Warnings.speakerClashes(List.of(
        workshop("x", null, List.of(talk("x1", "One", "09:00", "10:00", ada))),
        workshop("y", null, List.of(talk("y1", "Two", "09:30", "10:30", ada)))));
    assertThat(pair.get("x")).extracting(Warning::message)
        .containsExactly("speaker ada lovelace is in \"One\" (x 09:00) and in \"Two\" (y 09:30) at once");
    assertThat(pair.get("y")).extracting(Warning::talkIds).containsExactly(List.of("y1"));
  }

  @Test
  void aTalkEndingAfterMidnightOverlapsWhatStartsBeforeItsEnd() {
    Workshop late = Warnings.recomputed(workshop("late", "Bar", List.of(
        talk("a", "Jam", "23:30", "00:30"), talk("b", "Nightcap", "23:45", "23:55"), talk("c", "Encore", "23:50", "00:10"),
        talk("d", "Morning", "00:40", "01:00"))));
    assertThat(late.warnings()).singleElement().satisfies(warning -> {
      assertThat(warning.message()).isEqualTo("3 talks overlap 23:30–00:30 in Bar");
      assertThat(warning.talkIds()).containsExactly("a", "b", "c");
    });

    Workshop pair = Warnings.recomputed(workshop("pair", null, List.of(
        talk("a", "Jam", "23:30", "00:30"), talk("b", "Nightcap", "23:45", "23:55"))));
    assertThat(pair.warnings()).extracting(Warning::message)
        .containsExactly("\"Jam\" (23:30–00:30) overlaps \"Nightcap\" (23:45–23:55)");
  }

  @Test
  void theBrowserModuleComputesTheSameWarnings() throws Exception {
    assumeTrue(JsEvolve.nodeAvailable(), "node is not installed");
    List<Talk> talks = new ArrayList<>(allDay("t", 120));
    for (int k = 0; k < 30; k++) {
      int s = 17 * 60 + k * 10;
      talks.add(talk("p" + k + "a", "Pair " + k, hhmm(s), hhmm(s + 8)));
      talks.add(talk("p" + k + "b", "Pair " + k + "'", hhmm(s + 2), hhmm(s + 9)));
    }
    talks.add(talk("n1", "Jam", "23:30", "00:30"));
    talks.add(talk("n2", "Encore", "23:50", "00:10"));
    talks.add(talk("n3", "Nightcap", "23:55", "23:58"));
    for (int i = 0; i < 250; i++) talks.add(talk("u" + i, "Untimed " + i, i % 2 == 0 ? null : "20:00", null));
    Workshop draft = workshop("js", "Room 1", talks).withIdentity("js", 0);
    Decider decider = new Decider((id, page, date) -> draft, "Europe/Rome");
    EventData created = decider.decide(new Command.CreateWorkshop(null, null, draft.withIdentity(null, 0)),
        Workshop.absent("js"), DecisionContext.current("t"));
    Event event = new Event("js", 1, "t", "2026-01-01T00:00:00Z", "c", created);
    Workshop java = decider.evolve(Workshop.absent("js"), event);
    assertThat(java.warningsTruncated()).isPositive();
    assertThat(java.warnings()).extracting(Warning::message).contains("3 talks overlap 23:30–00:30 in Room 1");

    JsonArray js = JsEvolve.replay("js", new JsonArray().add(new JsonObject(event.toMap())));

    JsonObject javaJson = new JsonObject(Json.toMap(java));
    assertThat(js.getJsonObject(0).getJsonArray("warnings")).isEqualTo(javaJson.getJsonArray("warnings"));
    assertThat(js.getJsonObject(0).getInteger("warningsTruncated")).isEqualTo(java.warningsTruncated());
  }
}
