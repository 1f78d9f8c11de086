package dev.lineup.pages;

import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.waitFor;
import static dev.lineup.pages.Planner.card;
import static dev.lineup.pages.Planner.element;
import static dev.lineup.pages.Planner.query;
import static org.assertj.core.api.Assertions.assertThat;

/** The planner's connection to the server: the sign-in renewed while in use, changes made offline. */
class PlannerConnectionTest {

  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    browser = Browsers.start(1400, 900);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(browser);
  }

  private static long expiry(String jwt) {
    String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    return new JsonObject(payload).getLong("exp");
  }

  /** Needs POST /api/token/refresh (CONTRACTS §1, built on the auth branch). */
  @Test
  void theSignInIsRenewedBeforeItExpiresWhileThePageIsInUse() {
    try (TestNode node = TestNode.start(Map.of("token_minutes", 1))) {
      String admin = node.adminToken();
      Fixtures.createUser(node.http, admin, "dora", "dora-password-1", List.of("*"));
      Map<String, String> ids = Planner.importMeeting(node.http, admin, "pl-renew");
      js(browser, "localStorage.clear()");
      Planner.open(browser, node.port(), "pl-renew", null, "dora", "dora-password-1");
      String first = (String) js(browser, "return localStorage.getItem('lineup.token')");
      // A quarter of its minute later, while she works, the page renews it.
      String vision = ids.get("vision");
      String opening = Fixtures.talkIds(node.http, vision).get("Opening");
      js(browser, "arguments[0].focus()", element(browser, card(vision, opening)));
      String renewed = Await.value("a renewed token", Duration.ofSeconds(25), () -> {
        element(browser, card(vision, opening)).sendKeys(Keys.SHIFT); // in use
        String now = (String) js(browser, "return localStorage.getItem('lineup.token')");
        return now != null && !now.equals(first) ? now : null;
      });
      assertThat(expiry(renewed)).isGreaterThan(expiry(first));
      // The connection uses it: a change goes through, by her.
      element(browser, card(vision, opening)).sendKeys(Keys.ARROW_DOWN);
      Await.until("the move with the renewed token", Duration.ofSeconds(5),
          () -> "09:05".equals(Planner.talk(node.http, vision, opening).getString("start")));
      List<JsonObject> log = Planner.events(node.http, vision);
      assertThat(log.get(log.size() - 1).getString("by")).isEqualTo("dora");
    } finally {
      js(browser, "localStorage.clear()");
    }
  }

  @Test
  void aMoveMadeOfflineIsKeptShownPendingAndSentOnceOnReconnecting() throws Exception {
    Path dir = Files.createTempDirectory("lineup-planner-offline");
    TestNode node = TestNode.start(Map.of("data_dir", dir.toString()));
    int port = node.port();
    try {
      String admin = node.adminToken();
      Fixtures.createUser(node.http, admin, "erin", "erin-password-1", List.of("*"));
      Map<String, String> ids = Planner.importMeeting(node.http, admin, "pl-offline");
      String vision = ids.get("vision");
      String seeing = Fixtures.talkIds(node.http, vision).get("Seeing in depth");
      js(browser, "localStorage.clear()");
      Planner.open(browser, port, "pl-offline", null, "erin", "erin-password-1");
      long ppm = Planner.pxPerMinute(browser);

      node.close();
      node = null;
      waitFor(browser, "document.querySelector('#status').dataset.status === 'offline'", 10_000);
      Planner.drag(browser, element(browser, card(vision, seeing)), 0, (int) (45 * ppm));
      waitFor(browser, query(card(vision, seeing)) + ".hasAttribute('data-pending')", 3000);
      assertThat(Planner.data(browser, card(vision, seeing), "start")).isEqualTo("11:15"); // kept where she put it
      waitFor(browser, "!document.querySelector('[data-pending-count]').hidden", 2000);

      node = TestNode.start(Map.of("data_dir", dir.toString(), "http_port", port));
      TestNode back = node;
      Await.until("the offline move on the server", Duration.ofSeconds(40),
          () -> "11:15".equals(Planner.talk(back.http, vision, seeing).getString("start")));
      waitFor(browser, "!" + query(card(vision, seeing)) + ".hasAttribute('data-pending')"
          + " && document.querySelector('[data-pending-count]').hidden", 5000);
      List<JsonObject> log = Planner.events(back.http, vision);
      assertThat(log).hasSize(2); // the import and the move, once
      assertThat(log.get(1).getString("type")).isEqualTo("talk.moved");
      assertThat(log.get(1).getJsonObject("data").getString("end")).isEqualTo("12:00");
    } finally {
      if (node != null) node.close();
      js(browser, "localStorage.clear()");
    }
  }
}
