package dev.lineup.pages;

import dev.lineup.support.TestNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few pages (a room display, the lobby, the programme) through a restart of their node: each is
 * back online with a change made right after the restart within seconds of the node answering,
 * however long the node was away. The figure for 1,000 clients is the bench's (restart scenario).
 */
class ReconnectPageTest {

  private static final Logger LOG = LoggerFactory.getLogger(ReconnectPageTest.class);
  /** Long enough for a backoff that grows with the outage (the old one reached 8–16 s by then). */
  private static final long OUTAGE_MS = 8000;
  /** The goal is 3 s (BENCHMARKS.md measures it); the test allows for a loaded build machine. */
  private static final long BACK_WITHIN_MS = 5000;

  @Test
  void pagesAreLiveAndCaughtUpWithinSecondsOfTheNodeComingBack() throws Exception {
    Browsers.assumeInstalled();
    Path dir = Files.createTempDirectory("lineup-reconnect");
    TestNode node = TestNode.start(Map.of("data_dir", dir.toString()));
    int port = node.port();
    ChromeDriver browser = Browsers.start(1280, 800);
    try {
      String admin = node.adminToken();
      Fixtures.importPage(node.http, admin, "rc-theory", "2018-04-03", Fixtures.theoryPage("rc2018", "Aula", false));
      Fixtures.importPage(node.http, admin, "rc-fairness", "2018-04-03", Fixtures.fairnessPage("rc2018", "Room B"));
      String talk = Fixtures.talkIds(node.http, "rc-theory").get("Expressivity of depth");
      String base = "http://localhost:" + port;
      Map<String, String> pages = new LinkedHashMap<>();
      pages.put("display", base + "/display.html?workshop=rc-theory&at=2018-04-03T10:10");
      pages.put("lobby", base + "/display.html?meeting=rc2018&at=2018-04-03T10:10");
      pages.put("programme", base + "/?category=rc2018&at=2018-04-03T10:10");
      Map<String, String> online = Map.of(
          "display", "document.body.dataset.status === 'online'",
          "lobby", "document.body.dataset.status === 'online'",
          "programme", "document.querySelector('#status').dataset.status === 'online'");
      Map<String, String> changed = Map.of(
          "display", "document.querySelector('#next-title').textContent === 'Depth after the restart'",
          "lobby", "document.querySelector(\"[data-room=Aula] .rc-next .rc-title\").textContent === 'Depth after the restart'",
          "programme", "[...document.querySelectorAll('.timetable .talk .title')].some(e => e.textContent === 'Depth after the restart')");
      Map<String, String> tabs = new LinkedHashMap<>();
      for (Map.Entry<String, String> page : pages.entrySet()) {
        if (!tabs.isEmpty()) browser.switchTo().newWindow(WindowType.TAB);
        browser.get(page.getValue());
        waitFor(browser, online.get(page.getKey()));
        tabs.put(page.getKey(), browser.getWindowHandle());
      }

      node.close();
      node = null;
      for (Map.Entry<String, String> tab : tabs.entrySet()) {
        browser.switchTo().window(tab.getValue());
        waitFor(browser, "!(" + online.get(tab.getKey()) + ")", 10_000);
      }
      Browsers.sleep(OUTAGE_MS); // the outage itself: the node stays away this long

      node = TestNode.start(Map.of("data_dir", dir.toString(), "http_port", port));
      long back = System.nanoTime();
      Fixtures.command(node.http, node.adminToken(), "rc-theory", Fixtures.rename(talk, "Depth after the restart"));
      // Round-robin over the tabs: when did each first show the change, live?
      Map<String, Long> caughtUp = new LinkedHashMap<>();
      while (caughtUp.size() < tabs.size() && System.nanoTime() - back < BACK_WITHIN_MS * 3_000_000) {
        for (Map.Entry<String, String> tab : tabs.entrySet()) {
          if (caughtUp.containsKey(tab.getKey())) continue;
          browser.switchTo().window(tab.getValue());
          String condition = online.get(tab.getKey()) + " && " + changed.get(tab.getKey());
          if (Boolean.TRUE.equals(js(browser, "try { return Boolean(" + condition + "); } catch (e) { return false; }"))) {
            caughtUp.put(tab.getKey(), (System.nanoTime() - back) / 1_000_000);
          }
        }
      }
      LOG.info("after the node answered again, live and caught up in ms: {}", caughtUp);
      assertThat(caughtUp).as("pages caught up (ms after the node was back)").containsOnlyKeys(tabs.keySet());
      assertThat(caughtUp.values()).as("ms after the node was back: %s", caughtUp).allMatch(ms -> ms <= BACK_WITHIN_MS);
    } finally {
      Browsers.quit(browser);
      if (node != null) node.close();
    }
  }
}
