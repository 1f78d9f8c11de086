package dev.lineup.pages;

import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static dev.lineup.pages.Planner.card;
import static dev.lineup.pages.Planner.data;
import static dev.lineup.pages.Planner.element;
import static dev.lineup.pages.Planner.events;
import static dev.lineup.pages.Planner.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner on one organizer's screen, against a real node: a drag is one talk.move (and warns
 * while it lasts), a resize, a keyboard move, a pool talk scheduled by drag, the grid's geometry, a
 * read-only column, undo and redo, history in words, a sign-in that survives a reload and ends in
 * every tab.
 */
@SuppressWarnings("unchecked")
class PlannerPageTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension();
  private static ChromeDriver alice;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    Fixtures.createUser(node.http, node.adminToken(), "alice", "alice-password-1", List.of("*"));
    alice = Browsers.start(1400, 900);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(alice);
  }

  private static Map<String, String> meeting(String name) {
    return Planner.importMeeting(node.http, node.adminToken(), name);
  }

  private static void open(String meeting) {
    Planner.open(alice, node.port(), meeting, null, "alice", "alice-password-1");
  }

  private static String talkId(String workshop, String title) {
    return Fixtures.talkIds(node.http, workshop).get(title);
  }

  @Test
  void aDragByThirtyMinutesIsOneMoveAndWarnsWhileItLasts() {
    Map<String, String> ids = meeting("pl-drag");
    String vision = ids.get("vision");
    String exploration = talkId(vision, "Deep Exploration");
    String coffee = talkId(vision, "Coffee Break");
    String words = talkId(ids.get("language"), "What words mean");
    open("pl-drag");
    assertThat(data(alice, card(vision, exploration), "start")).isEqualTo("09:30");
    assertThat(alice.findElements(By.cssSelector(card(vision, exploration) + " [data-warning]"))).isEmpty();
    int before = events(node.http, vision).size();
    long ppm = Planner.pxPerMinute(alice);

    // Down by an hour, held: it would overlap "Seeing in depth" and put Ada Lovelace in two rooms at
    // once; the cards say so before anything is sent.
    Planner.dragAndHold(alice, element(alice, card(vision, exploration)), 0, (int) (60 * ppm));
    waitFor(alice, query(card(vision, exploration) + " [data-warning=overlap]") + " !== null", 3000);
    waitFor(alice, query(card(vision, exploration) + " [data-warning=speaker-clash]") + " !== null"
        + " && " + query(card(ids.get("language"), words) + " [data-warning=speaker-clash]") + " !== null", 3000);
    assertThat((Long) js(alice, "return window.lineupPlanner.sent")).isZero();
    // Back up to half an hour later than it was, then let go.
    new Actions(alice, Duration.ofMillis(30)).moveByOffset(0, (int) (-30 * ppm)).release().perform();

    JsonObject move = Planner.nextEvent(node.http, vision, before);
    assertThat(move.getString("type")).isEqualTo("talk.moved");
    assertThat(move.getString("by")).isEqualTo("alice");
    assertThat(move.getJsonObject("data").getString("talkId")).isEqualTo(exploration);
    assertThat(move.getJsonObject("data").getString("start")).isEqualTo("10:00");
    assertThat(move.getJsonObject("data").getString("end")).isEqualTo("10:30");
    waitFor(alice, "window.lineupPlanner.versionOf(" + Browsers.quoted(vision) + ") === " + move.getLong("seq"), 3000);
    assertThat(events(node.http, vision)).hasSize(before + 1); // exactly one command for the gesture
    assertThat(data(alice, card(vision, exploration), "start")).isEqualTo("10:00");
    assertThat(data(alice, card(vision, exploration), "end")).isEqualTo("10:30");
    // Now it overlaps the coffee break, on both cards; the speaker clash is gone.
    waitFor(alice, query(card(vision, coffee) + " [data-warning=overlap]") + " !== null", 3000);
    assertThat(alice.findElements(By.cssSelector(card(ids.get("language"), words) + " [data-warning]"))).isEmpty();
  }

  @Test
  void theBottomEdgeChangesTheEndAndTheGridIsOneTimeAxis() {
    Map<String, String> ids = meeting("pl-resize");
    String vision = ids.get("vision");
    String opening = talkId(vision, "Opening");
    String exploration = talkId(vision, "Deep Exploration");
    open("pl-resize");
    long ppm = Planner.pxPerMinute(alice);
    // The same minutes are the same height everywhere, whatever a card holds (a long abstract).
    for (Object o : (List<?>) js(alice, "return [...document.querySelectorAll('[data-column-body] [data-talk-id]')]"
        + ".map(c => [c.dataset.start, c.dataset.end, c.getBoundingClientRect().height, c.getBoundingClientRect().top"
        + " - c.closest('[data-column-body]').getBoundingClientRect().top])")) {
      List<?> c = (List<?>) o;
      double minutes = minutes((String) c.get(1)) - minutes((String) c.get(0));
      assertThat(((Number) c.get(2)).doubleValue()).as("height of %s", c).isEqualTo(minutes * ppm);
    }
    assertThat(top(card(vision, exploration)) - top(card(vision, opening))).isEqualTo(30.0 * ppm);
    String parsing = card(ids.get("language"), talkId(ids.get("language"), "Parsing at scale"));
    assertThat(top(parsing)).isEqualTo(top(card(vision, opening))); // both at 09:00, in two columns

    int before = events(node.http, vision).size();
    Planner.drag(alice, element(alice, card(vision, opening) + " [data-resize]"), 0, (int) (10 * ppm));
    JsonObject move = Planner.nextEvent(node.http, vision, before);
    assertThat(move.getString("type")).isEqualTo("talk.moved");
    assertThat(move.getJsonObject("data").getString("start")).isEqualTo("09:00");
    assertThat(move.getJsonObject("data").getString("end")).isEqualTo("09:40");
    waitFor(alice, query(card(vision, opening)) + ".dataset.end === '09:40'", 3000);
    assertThat(events(node.http, vision)).hasSize(before + 1);
  }

  private static double top(String selector) {
    return ((Number) js(alice, "const c = document.querySelector(arguments[0]);"
        + " return c.getBoundingClientRect().top - c.closest('[data-column-body]').getBoundingClientRect().top", selector)).doubleValue();
  }

  private static double minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  @Test
  void arrowKeysMoveTheFocusedCardAndASettledMoveIsOneCommand() {
    Map<String, String> ids = meeting("pl-keys");
    String vision = ids.get("vision");
    String seeing = talkId(vision, "Seeing in depth");
    open("pl-keys");
    WebElement card = element(alice, card(vision, seeing));
    assertThat(card.getAttribute("aria-label")).contains("Seeing in depth").contains("10:30 to 11:15").contains("Alan Turing").contains("Sala A");
    assertThat(card.getAttribute("tabindex")).isEqualTo("0");
    int before = events(node.http, vision).size();
    js(alice, "arguments[0].focus()", card);
    card.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN);
    // Shown on the next frame, before the move settles into a command (a loaded machine may delay the frame).
    waitFor(alice, query(card(vision, seeing)) + ".dataset.start === '10:45'", 3000);
    JsonObject move = Planner.nextEvent(node.http, vision, before);
    assertThat(move.getJsonObject("data").getString("start")).isEqualTo("10:45");
    assertThat(move.getJsonObject("data").getString("end")).isEqualTo("11:30");
    // Shift: the end only; Enter settles it at once and opens the talk.
    card.sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_UP), Keys.chord(Keys.SHIFT, Keys.ARROW_UP), Keys.ENTER);
    JsonObject end = Planner.nextEvent(node.http, vision, before + 1);
    assertThat(end.getJsonObject("data").getString("start")).isEqualTo("10:45");
    assertThat(end.getJsonObject("data").getString("end")).isEqualTo("11:20");
    waitFor(alice, "document.querySelector('[data-talk-editor] [name=title]').value === 'Seeing in depth'", 3000);
    assertThat(events(node.http, vision)).hasSize(before + 2);
  }

  @Test
  void aTalkFromThePoolIsScheduledByDraggingItIntoTheGrid() {
    Map<String, String> ids = meeting("pl-pool");
    String vision = ids.get("vision");
    String posters = talkId(vision, "Poster spotlights");
    open("pl-pool");
    String pooled = "[data-pool='" + vision + "'] [data-talk-id='" + posters + "']";
    waitFor(alice, query(pooled) + " !== null", 3000);
    assertThat(data(alice, pooled, "start")).isNull();
    long ppm = Planner.pxPerMinute(alice);
    js(alice, "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", pooled);
    // To 12:00 in its own column: the body's top is the axis' first hour.
    Number dy = (Number) js(alice, "const card = document.querySelector(arguments[0]).getBoundingClientRect();"
        + " const body = document.querySelector(arguments[1]).getBoundingClientRect();"
        + " const from = document.querySelector('#grid').dataset.from;"
        + " const minutes = 12 * 60 - (Number(from.slice(0, 2)) * 60 + Number(from.slice(3)));"
        + " return body.top + minutes * arguments[2] + 5 * arguments[2] + 2 - (card.top + card.height / 2);",
        pooled, "[data-workshop-column='" + vision + "'] [data-column-body]", ppm);
    int before = events(node.http, vision).size();
    Planner.drag(alice, element(alice, pooled), 0, dy.intValue());
    JsonObject move = Planner.nextEvent(node.http, vision, before);
    assertThat(move.getString("type")).isEqualTo("talk.moved");
    assertThat(move.getJsonObject("data").getString("start")).isEqualTo("12:00");
    assertThat(move.getJsonObject("data").getString("end")).isEqualTo("12:30");
    waitFor(alice, query("[data-workshop-column='" + vision + "'] [data-column-body] [data-talk-id='" + posters + "']") + " !== null", 3000);
    assertThat(events(node.http, vision)).hasSize(before + 1);
    assertThat(alice.findElements(By.cssSelector(pooled))).isEmpty();
  }

  @Test
  void undoAndRedoRevertTheUsersOwnChangesAndTheHistorySaysWhatHappenedInWords() {
    Map<String, String> ids = meeting("pl-undo");
    String vision = ids.get("vision");
    String exploration = talkId(vision, "Deep Exploration");
    open("pl-undo");
    long ppm = Planner.pxPerMinute(alice);
    Planner.drag(alice, element(alice, card(vision, exploration)), 0, (int) (30 * ppm));
    Await.until("the move", Duration.ofSeconds(5), () -> "10:00".equals(Planner.talk(node.http, vision, exploration).getString("start")));
    waitFor(alice, "!document.querySelector('[data-action=undo]').disabled", 3000);
    assertThat(element(alice, "[data-action=undo]").getAttribute("title")).contains("moved Deep Exploration from 09:30 to 10:00");
    // The history, in words, with who and when.
    waitFor(alice, "[...document.querySelectorAll('[data-history=meeting] li')].some(li => li.textContent.includes("
        + "'moved Deep Exploration from 09:30 to 10:00 — alice, '))", 3000);
    assertThat((String) js(alice, "return document.querySelector('[data-history=meeting] li em').textContent")).isEqualTo("Deep Exploration");

    // Ctrl+Z on the grid: back to 09:30, by a change.revert of her change.
    element(alice, card(vision, exploration)).sendKeys(Keys.chord(Keys.CONTROL, "z"));
    Await.until("the undo", Duration.ofSeconds(5), () -> "09:30".equals(Planner.talk(node.http, vision, exploration).getString("start")));
    List<JsonObject> log = events(node.http, vision);
    JsonObject undo = log.get(log.size() - 1);
    assertThat(undo.getString("type")).isEqualTo("change.reverted");
    assertThat(undo.getJsonObject("data").getLong("seq")).isEqualTo(log.get(log.size() - 2).getLong("seq"));
    waitFor(alice, query(card(vision, exploration)) + ".dataset.start === '09:30'", 3000);

    // Redo (the button): a revert of that revert.
    waitFor(alice, "!document.querySelector('[data-action=redo]').disabled", 3000);
    element(alice, "[data-action=redo]").click();
    Await.until("the redo", Duration.ofSeconds(5), () -> "10:00".equals(Planner.talk(node.http, vision, exploration).getString("start")));
    log = events(node.http, vision);
    assertThat(log.get(log.size() - 1).getJsonObject("data").getLong("seq")).isEqualTo(undo.getLong("seq"));
    waitFor(alice, query(card(vision, exploration)) + ".dataset.start === '10:00'", 3000);
    waitFor(alice, "document.querySelector('[data-action=redo]').disabled && !document.querySelector('[data-action=undo]').disabled", 3000);
    waitFor(alice, "document.querySelector('[data-history=meeting] li').textContent.startsWith('undid a change: moved Deep Exploration from 09:30 to 10:00')", 3000);
  }

  @Test
  void aColumnTheUserMayNotEditIsReadOnlyAndADragThereSendsNothing() {
    Map<String, String> ids = meeting("pl-readonly");
    String vision = ids.get("vision");
    String language = ids.get("language");
    Fixtures.createUser(node.http, node.adminToken(), "carol", "carol-password-1", List.of(language));
    alice.get("http://localhost:" + node.port() + "/planner.html?meeting=pl-readonly");
    js(alice, "localStorage.clear()");
    Planner.open(alice, node.port(), "pl-readonly", null, "carol", "carol-password-1");
    try {
      // Her workshop first; the other read only, without handles to drag.
      List<Object> order = (List<Object>) js(alice, "return [...document.querySelectorAll('[data-workshop-column]')].map(c => c.dataset.workshopColumn)");
      assertThat(order).containsExactly(language, vision);
      assertThat((Boolean) js(alice, "return " + query("[data-workshop-column='" + vision + "']") + ".hasAttribute('data-readonly')")).isTrue();
      assertThat((Boolean) js(alice, "return " + query("[data-workshop-column='" + language + "']") + ".hasAttribute('data-readonly')")).isFalse();
      assertThat((Long) js(alice, "return document.querySelectorAll(\"[data-workshop-column='" + vision + "'] [data-resize]:not([hidden])\").length")).isZero();

      long ppm = Planner.pxPerMinute(alice);
      String exploration = talkId(vision, "Deep Exploration");
      long visionVersion = Planner.version(node.http, vision);
      Planner.drag(alice, element(alice, card(vision, exploration)), 0, (int) (30 * ppm));
      element(alice, card(vision, exploration)).sendKeys(Keys.ARROW_DOWN);
      waitFor(alice, "document.querySelector('#announce').textContent.includes('read only')", 3000);
      // Then a drag in her own column, which must arrive: the read-only one would have been first.
      String parsing = talkId(language, "Parsing at scale");
      Planner.drag(alice, element(alice, card(language, parsing)), 0, (int) (15 * ppm));
      Await.until("her own move", Duration.ofSeconds(5), () -> "09:15".equals(Planner.talk(node.http, language, parsing).getString("start")));
      assertThat(Planner.version(node.http, vision)).isEqualTo(visionVersion);
      assertThat((Long) js(alice, "return window.lineupPlanner.sent")).isEqualTo(1L);
      assertThat(data(alice, card(vision, exploration), "start")).isEqualTo("09:30");
    } finally {
      js(alice, "localStorage.clear()");
    }
  }

  @Test
  void theSignInSurvivesAReloadAndASecondTabAndSigningOutEndsItEverywhere() {
    meeting("pl-session");
    open("pl-session");
    String token = (String) js(alice, "return localStorage.getItem('lineup.token')");
    assertThat(token).isNotBlank();
    alice.navigate().refresh();
    Planner.waitUntilLive(alice);
    assertThat((Boolean) js(alice, "return document.querySelector('#login').hidden")).isTrue();
    assertThat(text(alice, "#who")).contains("alice");

    String first = alice.getWindowHandle();
    alice.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    try {
      alice.get("http://localhost:" + node.port() + "/planner.html?meeting=pl-session");
      Planner.waitUntilLive(alice); // no sign-in asked
      element(alice, "#logout").click();
      waitFor(alice, "!document.querySelector('#login').hidden", 3000);
    } finally {
      alice.close();
      alice.switchTo().window(first);
    }
    waitFor(alice, "!document.querySelector('#login').hidden && document.querySelector('#planner').hidden", 3000);
    assertThat((String) js(alice, "return localStorage.getItem('lineup.token')")).isNull();
  }

  @Test
  void publishingAVersionNamesEveryWorkshopAndTheChangesSinceAreTextForTheSpeakers() {
    Map<String, String> ids = meeting("pl-publish");
    String vision = ids.get("vision");
    String opening = talkId(vision, "Opening");
    open("pl-publish");
    element(alice, "[data-action=show-publish]").click();
    waitFor(alice, query("[data-changes-text]") + ".value.includes('No changes since the last version')"
        + " && " + query("[name=release-name]") + ".value === 'v1'", 5000);
    element(alice, "[data-action=publish]").click();
    waitFor(alice, query("[data-publish-result]") + ".dataset.published === 'v1'", 5000);
    for (String id : ids.values()) {
      assertThat(node.http.get("/api/workshops/" + id + "/releases").array()).as(id).hasSize(1);
    }
    // A change after it: the text for the speakers says what moved, and the next name is v2.
    Planner.drag(alice, element(alice, card(vision, opening)), 0, (int) (15 * Planner.pxPerMinute(alice)));
    Await.until("the move", Duration.ofSeconds(5), () -> "09:15".equals(Planner.talk(node.http, vision, opening).getString("start")));
    element(alice, "[data-action=show-publish]").click();
    waitFor(alice, query("[data-changes-text]") + ".value.includes('Opening')", 5000);
    String changes = (String) js(alice, "return " + query("[data-changes-text]") + ".value");
    assertThat(changes).contains("# Changes to Learning to See").contains("v1").contains("09:15");
    assertThat(changes).doesNotContain("Language and Meaning"); // unchanged workshops say nothing
    assertThat((String) js(alice, "return " + query("[name=release-name]") + ".value")).isEqualTo("v2");
  }

  @Test
  void theBusiestDayOfTheRealDali2018MeetingHasEveryTimedTalkOnOneAxis() {
    Map<String, String> dali = Planner.importDali2018(node.http, node.adminToken());
    org.junit.jupiter.api.Assumptions.assumeFalse(dali.isEmpty(), "../shared is not there");
    Planner.open(alice, node.port(), "dali2018", "2018-04-05", "alice", "alice-password-1");
    long ppm = Planner.pxPerMinute(alice);
    List<String> day = dali.entrySet().stream().filter(e -> e.getValue().equals("2018-04-05")).map(Map.Entry::getKey).toList();
    assertThat((List<Object>) js(alice, "return [...document.querySelectorAll('[data-workshop-column]')].map(c => c.dataset.workshopColumn)"))
        .containsExactlyInAnyOrderElementsOf(day);
    for (String id : day) {
      io.vertx.core.json.JsonArray talks = node.http.get("/api/workshops/" + id).json().getJsonArray("talks");
      long timed = talks.stream().map(JsonObject.class::cast).filter(t -> t.getString("start") != null && t.getString("end") != null).count();
      String column = "[data-workshop-column='" + id + "'] ";
      assertThat((Long) js(alice, "return document.querySelectorAll(arguments[0]).length", column + "[data-column-body] [data-talk-id]")).as(id).isEqualTo(timed);
      assertThat((Long) js(alice, "return document.querySelectorAll(arguments[0]).length", column + "[data-pool] [data-talk-id]")).as(id).isEqualTo(talks.size() - timed);
      // Every card as tall as its minutes, whatever its title or abstract.
      for (Object o : (List<?>) js(alice, "return [...document.querySelectorAll(arguments[0])].map(c => [c.dataset.start, c.dataset.end, c.getBoundingClientRect().height])",
          column + "[data-column-body] [data-talk-id]")) {
        List<?> c = (List<?>) o;
        assertThat(((Number) c.get(2)).doubleValue()).as("%s in %s", c, id)
            .isEqualTo(Math.max(5, minutes((String) c.get(1)) - minutes((String) c.get(0))) * ppm);
      }
    }
  }
}
