package dev.lineup.pages;

import dev.lineup.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.quoted;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The public programme in headless Chromium against a real node. */
@SuppressWarnings("unchecked")
class ProgrammePageTest {

  @RegisterExtension
  static final Stage stage = Stage.recordingNetwork(1280, 800);
  private static Map<String, String> theory;
  private static Map<String, String> fairness;

  @BeforeAll
  static void start() {
    Fixtures.importPage(stage.node.http, stage.admin, "theory", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula Magna", true));
    Fixtures.importPage(stage.node.http, stage.admin, "fairness", "2018-04-03", Fixtures.fairnessPage("dali2018", "Room B"));
    Fixtures.importPage(stage.node.http, stage.admin, "day-three", "2018-04-05", Fixtures.fairnessPage("dali2018", "Room C")
        .replace("Fairness and Privacy", "Security and Robustness"));
    Fixtures.importPage(stage.node.http, stage.admin, "older", "2017-04-18", Fixtures.fairnessPage("dali2017", "Sala"));
    theory = Fixtures.talkIds(stage.node.http, "theory");
    fairness = Fixtures.talkIds(stage.node.http, "fairness");
  }

  private static void openMeeting(String category, String at) {
    stage.browser.get(stage.base() + "/?category=" + category + (at == null ? "" : "&at=" + at));
    waitFor(stage.browser, "document.querySelectorAll('.day').length > 0 && document.querySelector('#status').dataset.status === 'online'");
  }

  @Test
  void withoutACategoryItListsTheMeetings() {
    stage.browser.get(stage.base() + "/");
    waitFor(stage.browser, "document.querySelectorAll('[data-meeting=dali2018], [data-meeting=dali2017]').length === 2");
    assertThat(text(stage.browser, "[data-meeting=dali2018] a")).isEqualTo("dali2018");
    assertThat(text(stage.browser, "[data-meeting=dali2018]")).contains("3 workshops");
    assertThat(stage.browser.findElement(By.cssSelector("[data-meeting=dali2017] a")).getDomAttribute("href"))
        .isEqualTo("?category=dali2017");
    assertThat(hrefs("[data-meeting=dali2018] a")).contains("display.html?meeting=dali2018");
  }

  @Test
  void aMeetingShowsItsWorkshopsByDaySideBySideLiveOnOneConnection() {
    Browsers.viewport(stage.browser, 1280, 800);
    Browsers.webSocketsCreated(stage.browser);
    openMeeting("dali2018", "2018-04-03T09:40");
    assertThat((List<Object>) js(stage.browser, "return [...document.querySelectorAll('.day')].map(d => d.dataset.day)"))
        .containsExactly("2018-04-03", "2018-04-05");
    // Day tabs: today's day is shown, the other one a tab away.
    assertThat((List<Object>) js(stage.browser, "return [...document.querySelectorAll('.day')].filter(d => !d.hidden).map(d => d.dataset.day)"))
        .containsExactly("2018-04-03");
    assertThat((List<Object>) js(stage.browser, "return [...document.querySelectorAll('.day-tab')].map(t => t.textContent)"))
        .containsExactly("Tue 3 Apr · today", "Thu 5 Apr");
    String day = "[data-day='2018-04-03'] .timetable ";
    assertThat((List<Object>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", day + ".track-head h3"))
        .containsExactly("Theory of Deep Learning", "Fairness and Privacy");
    assertThat(text(stage.browser, day + "[data-workshop=theory] .room")).isEqualTo("Aula Magna");
    // Side by side: the two tracks of a day start at the same height, in different columns.
    List<?> heads = rects(day + ".track-head");
    assertThat(((List<?>) heads.get(0)).get(1)).isEqualTo(((List<?>) heads.get(1)).get(1));
    assertThat(((List<?>) heads.get(0)).get(0)).isNotEqualTo(((List<?>) heads.get(1)).get(0));

    // Talks with speakers; abstracts only where the workshop shows them; breaks as breaks.
    String generalize = day + "[data-workshop=theory][data-talk-id='" + theory.get("Why deep nets generalize") + "']";
    assertThat(text(stage.browser, generalize + " .speakers")).isEqualTo("Ada Lovelace, Grace Hopper");
    assertThat(text(stage.browser, generalize + " .abstract")).isEqualTo("A tour of the generalization puzzle.");
    assertThat(stage.browser.findElements(By.cssSelector("[data-workshop=fairness] .abstract"))).isEmpty();
    assertThat(stage.browser.findElements(By.cssSelector(day + "[data-workshop=fairness] .talk.is-break"))).hasSize(1);
    // The talk on now, and the now line, on the simulated day.
    assertThat((Boolean) js(stage.browser, "return document.querySelector(arguments[0]).classList.contains('is-now')", generalize)).isTrue();
    assertThat(stage.browser.findElements(By.cssSelector(day + "[data-now-line]"))).hasSize(1);
    assertThat(stage.browser.findElements(By.cssSelector("[data-day='2018-04-05'] [data-now-line]"))).isEmpty();
    assertThat(text(stage.browser, day + "[data-now-line]")).isEqualTo("now 09:40");

    // A uniform time axis: an hour is as tall at 09:00 as at 12:00, and a talk's height is its length.
    double hour9 = top(day + ".hour:nth-of-type(1)");
    double hour10 = top(day + ".hour:nth-of-type(2)");
    double hour12 = top(day + ".hour:nth-of-type(4)");
    double hour13 = top(day + ".hour:nth-of-type(5)");
    assertThat(hour13 - hour12).isCloseTo(hour10 - hour9, org.assertj.core.data.Offset.offset(1.0));
    double privacy = height(day + "[data-workshop=fairness][data-talk-id='" + fairness.get("Differential privacy in practice") + "']"); // 60 min
    double lunch = height(day + "[data-workshop=fairness][data-talk-id='" + fairness.get("Lunch") + "']"); // 60 min
    double auditing = height(day + "[data-workshop=fairness][data-talk-id='" + fairness.get("Auditing classifiers") + "']"); // 45 min
    assertThat(lunch).isCloseTo(privacy, org.assertj.core.data.Offset.offset(2.0));
    assertThat(auditing / privacy).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.04));
    double opening = top(day + "[data-workshop=theory][data-talk-id='" + theory.get("Opening") + "']");
    double coffee = top(day + "[data-workshop=theory][data-talk-id='" + theory.get("Coffee Break") + "']");
    assertThat(coffee).isGreaterThan(opening);

    // Links: the display and the exports.
    assertThat(hrefs(day + "[data-workshop=theory] a")).contains("display.html?workshop=theory", "/api/workshops/theory.ics",
        "/api/workshops/theory/schedule.xml", "/api/workshops/theory/schedule.json");
    assertThat(hrefs("#meeting-links a")).contains("/api/meetings/dali2018.ics",
        "/api/meetings/dali2018/schedule.xml", "/api/meetings/dali2018/schedule.json", "display.html?meeting=dali2018");
    for (String link : List.of("/api/workshops/theory.ics", "/api/meetings/dali2018.ics", "/api/workshops/theory/schedule.xml")) {
      assertThat(stage.node.http.get(link).status()).as(link).isEqualTo(200);
    }

    // Live: a change shows up; markup stays text.
    String markup = "<img src=x onerror=alert(1)>";
    Fixtures.command(stage.node.http, stage.admin, "theory", Fixtures.rename(theory.get("Expressivity of depth"), markup));
    String expressivity = day + "[data-workshop=theory][data-talk-id='" + theory.get("Expressivity of depth") + "'] .title";
    waitFor(stage.browser, "document.querySelector(" + quoted(expressivity) + ").textContent === " + quoted(markup), 2000);
    assertThat((Long) js(stage.browser, "return document.querySelectorAll('img').length")).isZero();
    Fixtures.command(stage.node.http, stage.admin, "theory", new JsonObject().put("type", "talk.add").put("talk",
        new JsonObject().put("title", "Late addition").put("start", "11:30").put("end", "12:00")
            .put("authors", new JsonArray().add(new JsonObject().put("given", "Emmy").put("family", "Noether")))));
    waitFor(stage.browser, "[...document.querySelectorAll('[data-workshop=theory] .talk .title')].some(e => e.textContent === 'Late addition')", 2000);
    Fixtures.command(stage.node.http, stage.admin, "day-three", Fixtures.rename(Fixtures.talkIds(stage.node.http, "day-three").get("Lunch"), "Long lunch"));
    waitFor(stage.browser, "[...document.querySelectorAll('[data-day=\"2018-04-05\"] .talk .title')].some(e => e.textContent === 'Long lunch')", 2000);

    // Three workshops followed live, over one WebSocket.
    assertThat(Browsers.webSocketsCreated(stage.browser)).as("WebSockets opened by the programme page").hasSize(1);

    // Another day: its tab.
    stage.browser.findElement(By.cssSelector(".day-tab[data-day='2018-04-05']")).click();
    waitFor(stage.browser, "!document.querySelector('[data-day=\"2018-04-05\"].day').hidden && document.querySelector('[data-day=\"2018-04-03\"].day').hidden");
    assertThat(stage.browser.getCurrentUrl()).endsWith("#day=2018-04-05");
  }

  @Test
  void onAPhoneTheDayIsOneListInTimeOrderWithTheNowLineARoomFilterAndNow() {
    Browsers.viewport(stage.browser, 400, 800);
    try {
      openMeeting("dali2018", "2018-04-03T09:40");
      String list = "[data-day='2018-04-03'] .agenda ";
      waitFor(stage.browser, "document.querySelector(" + quoted(list + ".talk") + ").offsetParent !== null");
      assertThat((Boolean) js(stage.browser, "return document.querySelector('[data-day=\"2018-04-03\"] .timetable').offsetParent === null")).isTrue();
      // Across rooms, in time order: not all of one room, then the other.
      List<String> whens = (List<String>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", list + ".talk .when");
      assertThat(whens).isSortedAccordingTo(String::compareTo);
      List<String> rooms = (List<String>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", list + ".talk .where");
      assertThat(rooms.subList(0, 3)).containsExactly("Aula Magna", "Room B", "Aula Magna"); // 09:00, 09:00, 09:30
      // The now line sits between what started and what is still to come.
      List<String> around = (List<String>) js(stage.browser, """
          const line = document.querySelector(arguments[0] + '[data-now-line]');
          return [line.previousElementSibling.querySelector('.when').textContent,
                  line.nextElementSibling.querySelector('.when').textContent, line.textContent];""", list);
      assertThat(around).containsExactly("09:30–10:00", "10:00–10:30", "now 09:40");
      assertThat(((Number) js(stage.browser, "return document.documentElement.scrollWidth")).longValue()).isLessThanOrEqualTo(400);

      // The room filter.
      new org.openqa.selenium.support.ui.Select(stage.browser.findElement(By.id("room-filter"))).selectByVisibleText("Room B");
      waitFor(stage.browser, "document.querySelectorAll(" + quoted(list + ".talk") + ").length === 3");
      assertThat((List<String>) js(stage.browser, "return [...new Set([...document.querySelectorAll(arguments[0])].map(e => e.textContent))]", list + ".talk .where"))
          .containsExactly("Room B");
      assertThat(stage.browser.getCurrentUrl()).contains("room=Room+B");
      new org.openqa.selenium.support.ui.Select(stage.browser.findElement(By.id("room-filter"))).selectByVisibleText("All rooms");

      // "Now" from another day: back to today, the now line in view.
      stage.browser.findElement(By.cssSelector(".day-tab[data-day='2018-04-05']")).click();
      waitFor(stage.browser, "document.querySelector('[data-day=\"2018-04-03\"].day').hidden");
      stage.browser.findElement(By.id("jump-now")).click();
      waitFor(stage.browser, "(() => { const l = document.querySelector(" + quoted(list + "[data-now-line]") + ");"
          + " const r = l && l.getBoundingClientRect(); return r && r.top > 0 && r.bottom < innerHeight; })()");
    } finally {
      Browsers.viewport(stage.browser, 1280, 800);
    }
  }

  @Test
  void aStarredTalkThatMovesIsCancelledOrChangesRoomIsToldPlainlyAlsoAfterThePageWasClosed() {
    Fixtures.importPage(stage.node.http, stage.admin, "starry", "2018-04-10", Fixtures.theoryPage("stars2018", "Aula", false));
    Fixtures.importPage(stage.node.http, stage.admin, "starry-b", "2018-04-10", Fixtures.fairnessPage("stars2018", "Room B"));
    Map<String, String> talks = Fixtures.talkIds(stage.node.http, "starry");
    Map<String, String> other = Fixtures.talkIds(stage.node.http, "starry-b");
    openMeeting("stars2018", "2018-04-10T09:00");
    String expressivity = star("starry", talks.get("Expressivity of depth"));
    String generalize = star("starry", talks.get("Why deep nets generalize"));
    String auditing = star("starry-b", other.get("Auditing classifiers"));
    for (String star : List.of(expressivity, generalize, auditing)) stage.browser.findElement(By.cssSelector(star)).click();
    waitFor(stage.browser, "document.querySelectorAll('.timetable .star[aria-pressed=true]').length === 3");

    // Live.
    Fixtures.command(stage.node.http, stage.admin, "starry", new JsonObject().put("type", "talk.move")
        .put("talkId", talks.get("Expressivity of depth")).put("start", "12:00").put("end", "12:45"));
    waitFor(stage.browser, "document.querySelector('#notices .notice') !== null", 2000);
    assertThat(notices()).containsExactly("Expressivity of depth moved to 12:00");
    assertThat(text(stage.browser, "#notices .notice em")).isEqualTo("Expressivity of depth");
    stage.browser.findElement(By.cssSelector("#notices .notice .dismiss")).click();
    waitFor(stage.browser, "document.querySelector('#notices').hidden");

    // While the page is closed: a cancellation, a room change, a removal.
    stage.browser.get("about:blank");
    Fixtures.command(stage.node.http, stage.admin, "starry", new JsonObject().put("type", "talk.update")
        .put("talkId", talks.get("Why deep nets generalize")).put("set", new JsonObject().put("status", "cancelled")));
    Fixtures.command(stage.node.http, stage.admin, "starry", new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("room", "Hall C")));
    Fixtures.command(stage.node.http, stage.admin, "starry-b", new JsonObject().put("type", "talk.remove").put("talkId", other.get("Auditing classifiers")));
    openMeeting("stars2018", "2018-04-10T09:00");
    waitFor(stage.browser, "document.querySelectorAll('#notices .notice').length === 3");
    assertThat(notices()).containsExactlyInAnyOrder("Why deep nets generalize is cancelled",
        "Expressivity of depth moved to Hall C", "Auditing classifiers was removed from the programme");
    // Seen once: not told again after a reload, until dismissed it stays.
    openMeeting("stars2018", "2018-04-10T09:00");
    waitFor(stage.browser, "document.querySelectorAll('#notices .notice').length === 3");
    assertThat((Boolean) js(stage.browser, "return document.querySelector(arguments[0]).getAttribute('aria-pressed') === 'true'", expressivity)).isTrue();
  }

  @Test
  void talksOfASessionAreShownInTheirSession() {
    Fixtures.importPage(stage.node.http, stage.admin, "health", "2018-04-05", Fixtures.sessionPage("health2018", "Yaiza"));
    Map<String, String> talks = Fixtures.talkIds(stage.node.http, "health");
    openMeeting("health2018", null);
    String session = ".timetable [data-talk-id='" + talks.get("Challenge 1: Are we asking the right questions for maximum societal impact from health-related machine learning?") + "']";
    assertThat((List<String>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replace('☆', '').trim())", session + " .members li"))
        .containsExactly("Chair: Iain Buchan", "Patient-centred research in a complex health data world John Holmes",
            "Going the last mile: why deep learning is not enough Enrico Coiera");
    assertThat(stage.browser.findElements(By.cssSelector(".untimed"))).isEmpty();
    assertThat(text(stage.browser, "body")).doesNotContain("Time to be announced");
  }

  @Test
  void printsOneCleanPagePerDay() {
    openMeeting("dali2018", "2018-04-03T09:40");
    stage.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      List<List<Object>> days = (List<List<Object>>) js(stage.browser, "return [...document.querySelectorAll('.day')].map(d => { const s = getComputedStyle(d);"
          + " return [d.dataset.day, s.display, s.breakAfter, getComputedStyle(d.querySelector('.agenda')).display,"
          + " getComputedStyle(d.querySelector('.timetable')).display]; })");
      assertThat(days).containsExactly(List.of("2018-04-03", "block", "page", "block", "none"),
          List.of("2018-04-05", "block", "auto", "block", "none"));
      assertThat((String) js(stage.browser, "return getComputedStyle(document.querySelector('#controls')).display")).isEqualTo("none");
      assertThat((Long) js(stage.browser, "return [...document.querySelectorAll('.star, [data-now-line]')].filter(e => e.getClientRects().length).length")).isZero();
    } finally {
      stage.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
  }

  @Test
  void theFaviconIsThere() {
    Http.Response icon = stage.node.http.get("/favicon.ico");
    assertThat(icon.status()).isEqualTo(200);
    assertThat(icon.contentType()).contains("image/");
  }

  private static String star(String workshop, String talkId) {
    return ".timetable [data-workshop='" + workshop + "'][data-talk-id='" + talkId + "'] > .star";
  }

  private static List<String> notices() {
    return (List<String>) js(stage.browser, "return [...document.querySelectorAll('#notices .notice')].map(n => n.firstChild.textContent + n.childNodes[1].textContent)");
  }

  private static List<?> rects(String selector) {
    return (List<?>) js(stage.browser, "return [...document.querySelectorAll(arguments[0])]"
        + ".map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)]; })", selector);
  }

  private static double top(String selector) {
    return ((Number) js(stage.browser, "return document.querySelector(arguments[0]).getBoundingClientRect().top", selector)).doubleValue();
  }

  private static double height(String selector) {
    return ((Number) js(stage.browser, "return document.querySelector(arguments[0]).getBoundingClientRect().height", selector)).doubleValue();
  }

  private static List<String> hrefs(String selector) {
    return stage.browser.findElements(By.cssSelector(selector)).stream().map(a -> a.getDomAttribute("href")).toList();
  }
}
