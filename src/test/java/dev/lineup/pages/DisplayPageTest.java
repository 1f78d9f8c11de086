package dev.lineup.pages;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.quoted;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The venue display in headless Chromium against a real node. */
class DisplayPageTest {

  private static final Logger LOG = LoggerFactory.getLogger(DisplayPageTest.class);

  @RegisterExtension
  static final TestNode node = TestNode.extension();
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    browser = Browsers.start(1280, 800);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(browser);
  }

  private static String base() {
    return "http://localhost:" + node.port();
  }

  private static Map<String, String> workshop(String id) {
    Fixtures.importPage(node.http, node.adminToken(), id, "2018-04-03", Fixtures.theoryPage("dali2018", "Aula Magna", true));
    return Fixtures.talkIds(node.http, id);
  }

  private static void open(ChromeDriver driver, String base, String id, String at) {
    driver.get(base + "/display.html?workshop=" + id + "&at=" + at);
    waitFor(driver, "document.body.dataset.status === 'online'");
  }

  @Test
  void showsNowAndNextAndFollowsARestEditWithinTwoSeconds() {
    Map<String, String> talks = workshop("display-now");
    open(browser, base(), "display-now", "2018-04-03T09:40");
    waitFor(browser, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'");
    assertThat(text(browser, "#room")).isEqualTo("Aula Magna");
    assertThat(text(browser, "#now-speakers")).isEqualTo("Ada Lovelace, Grace Hopper");
    assertThat(text(browser, "#now-time")).isEqualTo("09:30 – 10:00");
    assertThat(text(browser, "#next-title")).isEqualTo("Coffee Break");
    assertThat(text(browser, "#next-label")).isEqualTo("Next: break");
    assertThat(text(browser, "#clock")).matches("09:4\\d");
    assertThat(text(browser, "#now-left")).isEqualTo("20 min left");
    double progress = ((Number) js(browser, "return parseFloat(document.querySelector('#now-bar').style.width)")).doubleValue();
    assertThat(progress).isBetween(30.0, 40.0); // 10 of 30 minutes
    assertThat((Boolean) js(browser, "return document.querySelector('#late').hidden")).isTrue();

    Fixtures.command(node.http, node.adminToken(), "display-now", Fixtures.rename(talks.get("Why deep nets generalize"), "Why deep nets still generalize"));
    long ms = waitFor(browser, "document.querySelector('#now-title').textContent === 'Why deep nets still generalize'", 2000);
    LOG.info("display followed a REST edit in {} ms", ms);

    // A break now: shown as a break.
    open(browser, base(), "display-now", "2018-04-03T10:05");
    waitFor(browser, "document.querySelector('#now-label').textContent === 'Break'");
    assertThat((Boolean) js(browser, "return document.querySelector('#now').classList.contains('is-break')")).isTrue();
    assertThat(text(browser, "#now-title")).isEqualTo("Coffee Break");
    assertThat(text(browser, "#next-title")).isEqualTo("Expressivity of depth");
    assertThat(text(browser, "#next-speakers")).isEqualTo("Alan Turing");
  }

  @Test
  void showsARunningLateBannerAfterAShift() {
    workshop("display-late");
    open(browser, base(), "display-late", "2018-04-03T10:10");
    waitFor(browser, "document.querySelector('#now-title').textContent === 'Coffee Break'");
    Fixtures.command(node.http, node.adminToken(), "display-late",
        new JsonObject().put("type", "schedule.shift").put("from", "09:30").put("minutes", 15));
    long ms = waitFor(browser, "document.querySelector('#late').textContent === 'Running 15 min late'", 2000);
    LOG.info("display showed the shift banner in {} ms", ms);
    // Now/next follow the shifted schedule: at 10:10 the 09:30 talk now runs 09:45–10:15.
    waitFor(browser, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'", 2000);
    assertThat(text(browser, "#next-title")).isEqualTo("Coffee Break");

    Fixtures.command(node.http, node.adminToken(), "display-late",
        new JsonObject().put("type", "schedule.shift").put("from", "09:30").put("minutes", 5));
    waitFor(browser, "document.querySelector('#late').textContent === 'Running 20 min late'", 2000);

    // A reload keeps the banner: the shifts of the day come from the event log.
    open(browser, base(), "display-late", "2018-04-03T10:10");
    waitFor(browser, "document.querySelector('#late').textContent === 'Running 20 min late'");
    assertThat((Boolean) js(browser, "return document.querySelector('#late').hidden")).isFalse();
  }

  @Test
  void aTitleWithMarkupIsShownAsText() {
    Map<String, String> talks = workshop("display-xss");
    open(browser, base(), "display-xss", "2018-04-03T09:40");
    String markup = "<img src=x onerror=alert(1)>";
    Fixtures.command(node.http, node.adminToken(), "display-xss", Fixtures.rename(talks.get("Why deep nets generalize"), markup));
    waitFor(browser, "document.querySelector('#now-title').textContent === " + quoted(markup), 2000);
    assertThat((Long) js(browser, "return document.querySelectorAll('img').length")).isZero();
    assertThat((Long) js(browser, "return document.querySelector('#now-title').children.length")).isZero();
  }

  @Test
  void keepsAdvancingOfflineAndCatchesUpAfterReconnecting() {
    ChromeDriver driver = Browsers.start(1280, 800);
    try (TestNode own = TestNode.start()) {
      String ownAdmin = own.adminToken();
      Fixtures.importPage(own.http, ownAdmin, "offline", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula", false));
      Map<String, String> talks = Fixtures.talkIds(own.http, "offline");
      open(driver, "http://localhost:" + own.port(), "offline", "2018-04-03T09:59:52");
      waitFor(driver, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'");
      assertThat((Boolean) js(driver, "return document.querySelector('#offline').hidden")).isTrue();

      own.stop();
      waitFor(driver, "!document.querySelector('#offline').hidden", 10_000);
      // No network: the display's own clock moves it on to the break.
      waitFor(driver, "document.querySelector('#now-title').textContent === 'Coffee Break'", 15_000);
      assertThat(text(driver, "#next-title")).isEqualTo("Expressivity of depth");

      own.startAgain();
      Fixtures.command(own.http, own.adminToken(), "offline", Fixtures.rename(talks.get("Expressivity of depth"), "Depth, revisited"));
      long ms = waitFor(driver, "document.querySelector('#next-title').textContent === 'Depth, revisited'", 20_000);
      LOG.info("display caught up {} ms after the node came back", ms);
      waitFor(driver, "document.querySelector('#offline').hidden");
      long version = own.http.get("/api/workshops/offline").json().getLong("version");
      assertThat(((Number) js(driver, "return window.lineupDisplay.live.version")).longValue()).isEqualTo(version);
    } finally {
      Browsers.quit(driver);
    }
  }
}
