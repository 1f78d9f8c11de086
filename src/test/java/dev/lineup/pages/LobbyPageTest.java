package dev.lineup.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The lobby screen (/display.html?meeting=) in headless Chromium at 1920x1080 against a real node. */
class LobbyPageTest {

  @RegisterExtension
  static final Stage stage = Stage.recordingNetwork(1920, 1080);

  @Test
  void everyRoomOfTodayWithNowNextBreaksAndLatenessLiveOnOneConnection() {
    Fixtures.importPage(stage.node.http, stage.admin, "lobby-theory", "2018-04-03", Fixtures.theoryPage("lobby2018", "Aula Magna", true));
    Fixtures.importPage(stage.node.http, stage.admin, "lobby-fairness", "2018-04-03", Fixtures.fairnessPage("lobby2018", "Room B"));
    Fixtures.importPage(stage.node.http, stage.admin, "lobby-health", "2018-04-03", Fixtures.sessionPage("lobby2018", "Yaiza"));
    Fixtures.importPage(stage.node.http, stage.admin, "lobby-later", "2018-04-05", Fixtures.fairnessPage("lobby2018", "Room C"));
    Map<String, String> theory = Fixtures.talkIds(stage.node.http, "lobby-theory");
    Browsers.webSocketsCreated(stage.browser);

    stage.browser.get(stage.base() + "/display.html?meeting=lobby2018&at=2018-04-03T10:10");
    waitFor(stage.browser, "document.body.dataset.status === 'online' && document.querySelectorAll('.room-card').length === 3");
    // Today's rooms only, by name; the clock; the day.
    assertThat(cards(".room-card", "dataset.room")).containsExactly("Aula Magna", "Room B", "Yaiza");
    assertThat(text(stage.browser, "#clock")).matches("10:1\\d");
    assertThat(text(stage.browser, "#workshop-title")).isEqualTo("Tuesday, 3 April 2018");
    // A break as a break; a talk with its speakers; a session with its speakers.
    assertThat(text(stage.browser, "[data-room='Aula Magna'] .rc-now .rc-label")).isEqualTo("Break");
    assertThat((Boolean) js(stage.browser, "return document.querySelector(\"[data-room='Aula Magna']\").classList.contains('is-break')")).isTrue();
    assertThat(text(stage.browser, "[data-room='Aula Magna'] .rc-next .rc-title")).isEqualTo("Expressivity of depth");
    assertThat(text(stage.browser, "[data-room='Room B'] .rc-next .rc-title")).isEqualTo("Lunch");
    assertThat(text(stage.browser, "[data-room=Yaiza] .rc-now .rc-title")).startsWith("Challenge 1:");
    assertThat(text(stage.browser, "[data-room=Yaiza] .rc-now .rc-speakers")).isEqualTo("Iain Buchan, John Holmes, Enrico Coiera");

    // Live: a rename and a shift in one room reach the lobby; only that room runs late.
    Fixtures.command(stage.node.http, stage.admin, "lobby-theory", Fixtures.rename(theory.get("Expressivity of depth"), "Depth, revisited"));
    waitFor(stage.browser, "document.querySelector(\"[data-room='Aula Magna'] .rc-next .rc-title\").textContent === 'Depth, revisited'", 2000);
    Fixtures.command(stage.node.http, stage.admin, "lobby-theory", Fixtures.shift("10:30", 10));
    waitFor(stage.browser, "document.querySelector(\"[data-room='Aula Magna'] .rc-late\") !== null", 2000);
    assertThat(text(stage.browser, "[data-room='Aula Magna'] .rc-late")).isEqualTo("Running 10 min late");
    assertThat(text(stage.browser, "[data-room='Aula Magna'] .rc-next .rc-time")).isEqualTo("10:40");
    assertThat(stage.browser.findElements(org.openqa.selenium.By.cssSelector("[data-room='Room B'] .rc-late"))).isEmpty();

    assertThat(Layout.overflowing(stage.browser, "body")).isEmpty();
    assertThat(Browsers.webSocketsCreated(stage.browser)).as("WebSockets of the lobby").hasSize(1);
  }

  @Test
  void twelveRoomsFitReadablyAndMorePageThroughOneConnection() {
    for (int i = 1; i <= 13; i++) {
      String room = String.format("Room %02d%s", i, i % 3 == 0 ? " (the long one at the end of the corridor)" : "");
      String page = i % 2 == 0 ? Fixtures.theoryPage("hall2018", room, false) : Fixtures.longPage("hall2018").replace(
          "Auditorium Maximum, Building C, ground floor", room);
      Fixtures.importPage(stage.node.http, stage.admin, "hall-" + i, "2018-04-04", page);
    }
    Browsers.webSocketsCreated(stage.browser);
    stage.browser.get(stage.base() + "/display.html?meeting=hall2018&at=2018-04-04T09:45");
    waitFor(stage.browser, "document.body.dataset.status === 'online' && document.querySelectorAll('.room-card').length > 0");
    waitFor(stage.browser, "!document.querySelector('#page-of').hidden");
    String pageOf = text(stage.browser, "#page-of");
    assertThat(pageOf).isIn("Rooms 1–12 of 13", "Room 13 of 13");
    int shown = ((Number) js(stage.browser, "return document.querySelectorAll('.room-card').length")).intValue();
    assertThat(shown).isEqualTo(pageOf.startsWith("Rooms 1–") ? 12 : 1);
    if (shown == 1) waitFor(stage.browser, "document.querySelectorAll('.room-card').length === 12", 20_000);

    // Twelve rooms on one screen: every text whole, and readable from across a hall.
    assertThat(Layout.overflowing(stage.browser, "body")).isEmpty();
    double smallestTitle = ((Number) js(stage.browser, "return Math.min(...[...document.querySelectorAll('.rc-room, .rc-now .rc-title')]"
        + ".map(e => parseFloat(getComputedStyle(e).fontSize)))")).doubleValue();
    assertThat(smallestTitle).isGreaterThanOrEqualTo(16);
    // It pages on to the 13th.
    waitFor(stage.browser, "document.querySelector('#page-of').textContent === 'Room 13 of 13'", 20_000);
    assertThat(cards(".room-card", "dataset.room")).containsExactly("Room 13");
    assertThat(Browsers.webSocketsCreated(stage.browser)).as("WebSockets of the lobby following 13 workshops").hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private static List<String> cards(String selector, String property) {
    return (List<String>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])].map(e => e." + property + ")", selector);
  }
}
