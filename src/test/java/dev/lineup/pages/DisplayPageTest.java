package dev.lineup.pages;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  static final Stage stage = Stage.of(1280, 800);

  private static Map<String, String> workshop(String id) {
    Fixtures.importPage(stage.node.http, stage.admin, id, "2018-04-03", Fixtures.theoryPage("dali2018", "Aula Magna", true));
    return Fixtures.talkIds(stage.node.http, id);
  }

  private static void open(ChromeDriver driver, String base, String id, String at) {
    driver.get(base + "/display.html?workshop=" + id + "&at=" + at);
    waitFor(driver, "document.body.dataset.status === 'online'");
  }

  @Test
  void showsNowAndNextAndFollowsARestEditWithinTwoSeconds() {
    Map<String, String> talks = workshop("display-now");
    open(stage.browser, stage.base(), "display-now", "2018-04-03T09:40");
    waitFor(stage.browser, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'");
    assertThat(text(stage.browser, "#room")).isEqualTo("Aula Magna");
    assertThat(text(stage.browser, "#now-speakers")).isEqualTo("Ada Lovelace, Grace Hopper");
    assertThat(text(stage.browser, "#now-time")).isEqualTo("09:30 – 10:00");
    assertThat(text(stage.browser, "#next-title")).isEqualTo("Coffee Break");
    assertThat(text(stage.browser, "#next-label")).isEqualTo("Next: break");
    assertThat(text(stage.browser, "#clock")).matches("09:4\\d");
    assertThat(text(stage.browser, "#now-left")).isEqualTo("20 min left");
    double progress = ((Number) js(stage.browser, "return parseFloat(document.querySelector('#now-bar').style.width)")).doubleValue();
    assertThat(progress).isBetween(30.0, 40.0); // 10 of 30 minutes
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue();

    Fixtures.command(stage.node.http, stage.admin, "display-now", Fixtures.rename(talks.get("Why deep nets generalize"), "Why deep nets still generalize"));
    long ms = waitFor(stage.browser, "document.querySelector('#now-title').textContent === 'Why deep nets still generalize'", 2000);
    LOG.info("display followed a REST edit in {} ms", ms);

    // A break now: shown as a break.
    open(stage.browser, stage.base(), "display-now", "2018-04-03T10:05");
    waitFor(stage.browser, "document.querySelector('#now-label').textContent === 'Break'");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#now').classList.contains('is-break')")).isTrue();
    assertThat(text(stage.browser, "#now-title")).isEqualTo("Coffee Break");
    assertThat(text(stage.browser, "#next-title")).isEqualTo("Expressivity of depth");
    assertThat(text(stage.browser, "#next-speakers")).isEqualTo("Alan Turing");
  }

  @Test
  void showsARunningLateBannerAfterAShift() {
    workshop("display-late");
    open(stage.browser, stage.base(), "display-late", "2018-04-03T10:10");
    waitFor(stage.browser, "document.querySelector('#now-title').textContent === 'Coffee Break'");
    Fixtures.command(stage.node.http, stage.admin, "display-late", Fixtures.shift("09:30", 15));
    long ms = waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 15 min late'", 2000);
    LOG.info("display showed the shift banner in {} ms", ms);
    // Now/next follow the shifted schedule: at 10:10 the 09:30 talk now runs 09:45–10:15.
    waitFor(stage.browser, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'", 2000);
    assertThat(text(stage.browser, "#next-title")).isEqualTo("Coffee Break");

    Fixtures.command(stage.node.http, stage.admin, "display-late", Fixtures.shift("09:30", 5));
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 20 min late'", 2000);

    // A reload keeps the banner: the shifts of the day come from the event log.
    open(stage.browser, stage.base(), "display-late", "2018-04-03T10:10");
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 20 min late'");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isFalse();
  }

  @Test
  void theBannerShowsTheNetDelayAfterAnUndoAndANegativeShiftAndGoesAtZero() {
    workshop("display-net");
    open(stage.browser, stage.base(), "display-net", "2018-04-03T09:10");
    Fixtures.command(stage.node.http, stage.admin, "display-net", Fixtures.shift("09:30", 15));
    Fixtures.command(stage.node.http, stage.admin, "display-net", Fixtures.shift("09:30", 5));
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 20 min late'", 2000);

    // Undo of the +5 (a change.reverted carrying a shift of -5): 15, not 25.
    Fixtures.revert(stage.node.http, stage.admin, "display-net", Fixtures.version(stage.node.http, "display-net"));
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 15 min late'", 2000);
    open(stage.browser, stage.base(), "display-net", "2018-04-03T09:10");
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 15 min late'");

    // A negative shift subtracts; at 0 the banner goes, also after a reload.
    Fixtures.command(stage.node.http, stage.admin, "display-net", Fixtures.shift("09:30", -10));
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 5 min late'", 2000);
    Fixtures.command(stage.node.http, stage.admin, "display-net", Fixtures.shift("09:25", -5));
    waitFor(stage.browser, "document.querySelector('#late').hidden && document.querySelector('#late').textContent === ''", 2000);
    open(stage.browser, stage.base(), "display-net", "2018-04-03T09:10");
    waitFor(stage.browser, "window.lineupDisplay.shifts.bySeq.size === 5");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue();

    // The delay is that of the talks still to come: a shift of the afternoon only is not "late" now.
    Fixtures.command(stage.node.http, stage.admin, "display-net", Fixtures.shift("10:30", 10));
    waitFor(stage.browser, "window.lineupDisplay.shifts.bySeq.size === 6");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue(); // next: 09:30 talk
    open(stage.browser, stage.base(), "display-net", "2018-04-03T10:20");
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 10 min late'"); // next: 10:40
  }

  @Test
  void theLateBannerShowsOnlyOnTheWorkshopsDayWhileTalksRemain() {
    workshop("display-day");
    Fixtures.command(stage.node.http, stage.admin, "display-day", Fixtures.shift("09:00", 15));
    open(stage.browser, stage.base(), "display-day", "2018-04-03T10:00");
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 15 min late'");

    open(stage.browser, stage.base(), "display-day", "2018-04-04T10:00");
    waitFor(stage.browser, "document.querySelector('#message').textContent.startsWith('This workshop took place on')");
    waitFor(stage.browser, "window.lineupDisplay.shifts.bySeq.size === 1");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue();

    // The day, after its last talk (10:30–11:15, shifted to 11:30).
    open(stage.browser, stage.base(), "display-day", "2018-04-03T11:40");
    waitFor(stage.browser, "document.querySelector('#message').textContent === 'That was the last talk of the day. Thank you!'");
    waitFor(stage.browser, "window.lineupDisplay.shifts.bySeq.size === 1");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue();

    open(stage.browser, stage.base(), "display-day", "2018-04-02T10:00");
    waitFor(stage.browser, "document.querySelector('#message').textContent.startsWith('Starts')");
    waitFor(stage.browser, "window.lineupDisplay.shifts.bySeq.size === 1");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#late').hidden")).isTrue();
  }

  @Test
  void aSessionShowsItsTalks() {
    Fixtures.importPage(stage.node.http, stage.admin, "display-session", "2018-04-05", Fixtures.sessionPage("dali2018", "Yaiza"));
    open(stage.browser, stage.base(), "display-session", "2018-04-05T09:40");
    waitFor(stage.browser, "document.querySelector('#now-title').textContent.startsWith('Challenge 1:')");
    assertThat(text(stage.browser, "#now-time")).isEqualTo("09:30 – 11:00");
    assertThat(lines(stage.browser, "#now-members li")).containsExactly("Chair: Iain Buchan",
        "Patient-centred research in a complex health data world John Holmes",
        "Going the last mile: why deep learning is not enough Enrico Coiera");
    assertThat(text(stage.browser, "#next-title")).isEqualTo("Coffee Break");
    assertThat((Boolean) js(stage.browser, "return document.querySelector('#next-members').hidden")).isTrue();

    open(stage.browser, stage.base(), "display-session", "2018-04-05T11:10");
    waitFor(stage.browser, "document.querySelector('#next-title').textContent.startsWith('Challenge 2:')");
    assertThat(lines(stage.browser, "#next-members li")).containsExactly("Chair: Danielle Belgrave",
        "Smartphone-based digital phenotyping Jukka-Pekka Onnela");
    assertThat(Layout.overflowing(stage.browser, "body")).isEmpty();
  }

  @Test
  void everyTitleAndSpeakerFitsWholeAt1920And1280() {
    Fixtures.importPage(stage.node.http, stage.admin, "display-long", "2018-04-03", Fixtures.longPage("dali2018"));
    Fixtures.command(stage.node.http, stage.admin, "display-long", Fixtures.shift("09:00", 5));
    try {
      for (int[] size : new int[][] {{1920, 1080}, {1280, 720}}) {
        Browsers.viewport(stage.browser, size[0], size[1]);
        // A long title with six speakers now, a two-line title with speakers next; then the next
        // talk now and a long session next; then the session now.
        for (String at : List.of("2018-04-03T09:45", "2018-04-03T10:10", "2018-04-03T10:50")) {
          open(stage.browser, stage.base(), "display-long", at);
          waitFor(stage.browser, "document.querySelector('#now-title').textContent !== '—' && !document.querySelector('#late').hidden");
          String where = size[0] + "x" + size[1] + " at " + at;
          assertThat(Layout.overflowing(stage.browser, "body")).as(where).isEmpty();
          // The progress bar keeps a visible height and its width, whatever the title does.
          List<?> bar = (List<?>) js(stage.browser, "const p = document.querySelector('#now-progress').getBoundingClientRect();"
              + " const c = document.querySelector('#now').getBoundingClientRect(); return [p.height, p.width / c.width];");
          assertThat(((Number) bar.get(0)).doubleValue()).as(where).isGreaterThanOrEqualTo(6);
          assertThat(((Number) bar.get(1)).doubleValue()).as(where).isGreaterThan(0.8);
          // Text that had to shrink is still readable across a room.
          double smallest = ((Number) js(stage.browser, "return Math.min(...[...document.querySelectorAll('.slot-title, .slot-speakers, .members li')]"
              + ".filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize)))")).doubleValue();
          assertThat(smallest).as(where).isGreaterThanOrEqualTo(size[1] / 90.0);
        }
      }
    } finally {
      Browsers.viewport(stage.browser, 1280, 800);
    }
  }

  private static List<String> lines(ChromeDriver driver, String selector) {
    @SuppressWarnings("unchecked")
    List<String> out = (List<String>) js(driver, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())", selector);
    return out;
  }

  @Test
  void aTitleWithMarkupIsShownAsText() {
    Map<String, String> talks = workshop("display-xss");
    open(stage.browser, stage.base(), "display-xss", "2018-04-03T09:40");
    String markup = "<img src=x onerror=alert(1)>";
    Fixtures.command(stage.node.http, stage.admin, "display-xss", Fixtures.rename(talks.get("Why deep nets generalize"), markup));
    waitFor(stage.browser, "document.querySelector('#now-title').textContent === " + quoted(markup), 2000);
    assertThat((Long) js(stage.browser, "return document.querySelectorAll('img').length")).isZero();
    assertThat((Long) js(stage.browser, "return document.querySelector('#now-title').children.length")).isZero();
  }

  @Test
  void keepsAdvancingOfflineAndCatchesUpAfterReconnecting() throws Exception {
    Path dir = Files.createTempDirectory("lineup-display-offline");
    TestNode own = TestNode.start(Map.of("data_dir", dir.toString()));
    int port = own.port();
    ChromeDriver driver = Browsers.start(1280, 800);
    try {
      String ownAdmin = own.adminToken();
      Fixtures.importPage(own.http, ownAdmin, "offline", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula", false));
      Map<String, String> talks = Fixtures.talkIds(own.http, "offline");
      open(driver, "http://localhost:" + port, "offline", "2018-04-03T09:59:52");
      waitFor(driver, "document.querySelector('#now-title').textContent === 'Why deep nets generalize'");
      assertThat((Boolean) js(driver, "return document.querySelector('#offline').hidden")).isTrue();

      own.close();
      own = null;
      waitFor(driver, "!document.querySelector('#offline').hidden", 10_000);
      assertThat(text(driver, "#offline")).matches("● offline since 09:5\\d|● offline since 10:00");
      // No network: the display's own clock moves it on to the break.
      waitFor(driver, "document.querySelector('#now-title').textContent === 'Coffee Break'", 15_000);
      assertThat(text(driver, "#next-title")).isEqualTo("Expressivity of depth");

      own = TestNode.start(Map.of("data_dir", dir.toString(), "http_port", port));
      Fixtures.command(own.http, own.adminToken(), "offline", Fixtures.rename(talks.get("Expressivity of depth"), "Depth, revisited"));
      long ms = waitFor(driver, "document.querySelector('#next-title').textContent === 'Depth, revisited'", 20_000);
      LOG.info("display caught up {} ms after the node came back", ms);
      waitFor(driver, "document.querySelector('#offline').hidden");
      long version = own.http.get("/api/workshops/offline").json().getLong("version");
      assertThat(((Number) js(driver, "return window.lineupDisplay.live.version")).longValue()).isEqualTo(version);
    } finally {
      Browsers.quit(driver);
      if (own != null) own.close();
    }
  }
}
