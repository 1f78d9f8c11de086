package dev.lineup.pages;

import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

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
  static final TestNode node = TestNode.extension();
  private static ChromeDriver browser;
  private static Map<String, String> theory;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    Fixtures.importPage(node.http, node.adminToken(), "theory", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula Magna", true));
    Fixtures.importPage(node.http, node.adminToken(), "fairness", "2018-04-03", Fixtures.fairnessPage("dali2018", "Room B"));
    Fixtures.importPage(node.http, node.adminToken(), "day-three", "2018-04-05", Fixtures.fairnessPage("dali2018", "Room C")
        .replace("Fairness and Privacy", "Security and Robustness"));
    Fixtures.importPage(node.http, node.adminToken(), "older", "2017-04-18", Fixtures.fairnessPage("dali2017", "Sala"));
    theory = Fixtures.talkIds(node.http, "theory");
    browser = Browsers.start(1280, 800);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(browser);
  }

  private static String base() {
    return "http://localhost:" + node.port();
  }

  @Test
  void withoutACategoryItListsTheMeetings() {
    browser.get(base() + "/");
    waitFor(browser, "document.querySelectorAll('[data-meeting]').length === 2");
    assertThat(text(browser, "[data-meeting=dali2018] a")).isEqualTo("dali2018");
    assertThat(text(browser, "[data-meeting=dali2018]")).contains("3 workshops");
    assertThat(browser.findElement(By.cssSelector("[data-meeting=dali2017] a")).getDomAttribute("href"))
        .isEqualTo("?category=dali2017");
  }

  @Test
  void aMeetingShowsItsWorkshopsByDaySideBySideLive() {
    Browsers.viewport(browser, 1280, 800);
    browser.get(base() + "/?category=dali2018&at=2018-04-03T09:40");
    waitFor(browser, "document.querySelectorAll('.day').length === 2 && document.querySelector('#status').dataset.status === 'online'");
    assertThat((List<Object>) js(browser, "return [...document.querySelectorAll('.day')].map(d => d.dataset.day)"))
        .containsExactly("2018-04-03", "2018-04-05");
    assertThat((List<Object>) js(browser, "return [...document.querySelectorAll('[data-day=\"2018-04-03\"] .track-head h3')].map(e => e.textContent)"))
        .containsExactly("Theory of Deep Learning", "Fairness and Privacy");
    assertThat(text(browser, "[data-workshop=theory] .room")).isEqualTo("Aula Magna");
    // Side by side: the two tracks of a day start at the same height, in different columns.
    List<?> heads = (List<?>) js(browser, "return [...document.querySelectorAll('[data-day=\"2018-04-03\"] .track-head')]"
        + ".map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)]; })");
    assertThat(((List<?>) heads.get(0)).get(1)).isEqualTo(((List<?>) heads.get(1)).get(1));
    assertThat(((List<?>) heads.get(0)).get(0)).isNotEqualTo(((List<?>) heads.get(1)).get(0));

    // Talks with speakers; abstracts only where the workshop shows them; breaks as breaks.
    String generalize = "[data-talk-id='" + theory.get("Why deep nets generalize") + "']";
    assertThat(text(browser, generalize + " .speakers")).isEqualTo("Ada Lovelace, Grace Hopper");
    assertThat(text(browser, generalize + " .abstract")).isEqualTo("A tour of the generalization puzzle.");
    assertThat(browser.findElements(By.cssSelector("[data-workshop=fairness] .abstract"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("[data-workshop=fairness] .talk.is-break"))).hasSize(1);
    // The talk on now, and the now line, on the simulated day.
    assertThat((Boolean) js(browser, "return document.querySelector('" + generalize.replace("'", "\\'") + "').classList.contains('is-now')")).isTrue();
    assertThat(browser.findElements(By.cssSelector("[data-day='2018-04-03'] [data-now-line]"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("[data-day='2018-04-05'] [data-now-line]"))).isEmpty();
    assertThat(text(browser, "[data-now-line]")).isEqualTo("now 09:40");
    // Later talks are lower on the page than earlier ones, across tracks.
    double opening = top("[data-talk-id='" + theory.get("Opening") + "']");
    double coffee = top("[data-talk-id='" + theory.get("Coffee Break") + "']");
    assertThat(coffee).isGreaterThan(opening);

    // Links: the display and the exports.
    List<String> links = hrefs("[data-workshop=theory] a");
    assertThat(links).contains("display.html?workshop=theory", "/api/workshops/theory.ics",
        "/api/workshops/theory/schedule.xml", "/api/workshops/theory/schedule.json");
    assertThat(hrefs("#meeting-links a")).contains("/api/meetings/dali2018.ics",
        "/api/meetings/dali2018/schedule.xml", "/api/meetings/dali2018/schedule.json");
    for (String link : List.of("/api/workshops/theory.ics", "/api/meetings/dali2018.ics", "/api/workshops/theory/schedule.xml")) {
      assertThat(node.http.get(link).status()).as(link).isEqualTo(200);
    }

    // Live: a change shows up; markup stays text.
    String markup = "<img src=x onerror=alert(1)>";
    Fixtures.command(node.http, node.adminToken(), "theory", Fixtures.rename(theory.get("Expressivity of depth"), markup));
    String expressivity = "[data-talk-id='" + theory.get("Expressivity of depth") + "'] .title";
    waitFor(browser, "document.querySelector(" + quoted(expressivity) + ").textContent === " + quoted(markup), 2000);
    assertThat((Long) js(browser, "return document.querySelectorAll('img').length")).isZero();
    Fixtures.command(node.http, node.adminToken(), "theory", new JsonObject().put("type", "talk.add").put("talk",
        new JsonObject().put("title", "Late addition").put("start", "11:30").put("end", "12:00")
            .put("authors", new JsonArray().add(new JsonObject().put("given", "Emmy").put("family", "Noether")))));
    waitFor(browser, "[...document.querySelectorAll('[data-workshop=theory] .talk .title')].some(e => e.textContent === 'Late addition')", 2000);
  }

  @Test
  void onAPhoneTheTracksStack() {
    Browsers.viewport(browser, 400, 800);
    try {
      browser.get(base() + "/?category=dali2018");
      waitFor(browser, "document.querySelectorAll('[data-day=\"2018-04-03\"] .track-head').length === 2");
      List<?> heads = (List<?>) js(browser, "return [...document.querySelectorAll('[data-day=\"2018-04-03\"] .track-head')]"
          + ".map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)]; })");
      assertThat(((List<?>) heads.get(0)).get(0)).isEqualTo(((List<?>) heads.get(1)).get(0));
      assertThat(((Number) ((List<?>) heads.get(1)).get(1)).longValue())
          .isGreaterThan(((Number) ((List<?>) heads.get(0)).get(1)).longValue());
      // Nothing wider than the screen.
      assertThat(((Number) js(browser, "return document.documentElement.scrollWidth")).longValue()).isLessThanOrEqualTo(400);
    } finally {
      Browsers.viewport(browser, 1280, 800);
    }
  }

  private static double top(String selector) {
    return ((Number) js(browser, "return document.querySelector(arguments[0]).getBoundingClientRect().top", selector)).doubleValue();
  }

  private static List<String> hrefs(String selector) {
    return browser.findElements(By.cssSelector(selector)).stream().map(a -> a.getDomAttribute("href")).toList();
  }

  @SuppressWarnings("unused")
  private static WebElement first(String selector) {
    return browser.findElement(By.cssSelector(selector));
  }
}
