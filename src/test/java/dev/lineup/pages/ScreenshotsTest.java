package dev.lineup.pages;

import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.waitFor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes the README's screenshots (1280x800; the phone 390x844, the lobby 1920x1080) of the pages, from the real DALI 2018 pages of
 * 3 April 2018 when ../shared is there (else the tests' own fixtures). Runs only on request:
 * {@code mvn -o test -Dtest=ScreenshotsTest -Dlineup.screenshots=docs/screenshots}.
 */
class ScreenshotsTest {

  private static final List<String> DALI_2018_04_03 = List.of("workshopRL", "autonomous-driving", "workshopFTP");

  @Test
  void writeScreenshots() throws Exception {
    String target = System.getProperty("lineup.screenshots");
    assumeTrue(target != null && !target.isBlank(), "set -Dlineup.screenshots=<dir> to write screenshots");
    Browsers.assumeInstalled();
    Path out = Path.of(target);
    Files.createDirectories(out);
    try (TestNode node = TestNode.start()) {
      String admin = node.adminToken();
      String shared = System.getProperty("lineup.shared");
      Path pages = shared == null ? null : Path.of(shared, "fixtures", "dalimeeting");
      String main;
      if (pages != null && Files.isDirectory(pages)) {
        for (String slug : DALI_2018_04_03) {
          Fixtures.importPage(node.http, admin, slug, "2018-04-03", Files.readString(pages.resolve("2018-04-03-" + slug + ".md")));
        }
        main = "workshopRL";
      } else {
        Fixtures.importPage(node.http, admin, "theory", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula Magna", true));
        Fixtures.importPage(node.http, admin, "fairness", "2018-04-03", Fixtures.fairnessPage("dali2018", "Room B"));
        main = "theory";
      }
      Map<String, String> talks = Fixtures.talkIds(node.http, main);
      String first = talks.values().iterator().next();
      Fixtures.createUser(node.http, admin, "anna", "anna-password-1", List.of("*"));
      Fixtures.createUser(node.http, admin, "marco", "marco-password-1", List.of("*"));
      Fixtures.command(node.http, admin, main, new JsonObject().put("type", "schedule.shift").put("from", "10:00").put("minutes", 10));
      String base = "http://localhost:" + node.port();

      ChromeDriver browser = Browsers.start(1280, 800);
      ChromeDriver other = Browsers.start(1280, 800);
      try {
        browser.get(base + "/?category=dali2018&at=2018-04-03T10:40");
        waitFor(browser, "document.querySelector('#status').dataset.status === 'online'");
        Files.write(out.resolve("programme.png"), browser.getScreenshotAs(OutputType.BYTES));

        // On a phone: the day as one list, a starred talk that moved, the now line in view.
        Browsers.viewport(browser, 390, 844);
        String later = talks.values().toArray(String[]::new)[talks.size() - 1];
        String star = ".agenda [data-workshop='" + main + "'][data-talk-id='" + later + "'] > .star";
        browser.findElement(By.cssSelector(star)).click();
        waitFor(browser, "document.querySelector(\"" + star + "\").getAttribute('aria-pressed') === 'true'");
        JsonObject moved = node.http.get("/api/workshops/" + main).json().getJsonArray("talks").stream()
            .map(JsonObject.class::cast).filter(t -> t.getString("id").equals(later)).findFirst().orElseThrow();
        Fixtures.command(node.http, admin, main, new JsonObject().put("type", "talk.move").put("talkId", later)
            .put("start", "17:00").put("end", moved.getString("end").compareTo("17:00") > 0 ? moved.getString("end") : "17:30"));
        waitFor(browser, "document.querySelector('#notices .notice') !== null");
        browser.findElement(By.id("jump-now")).click();
        waitFor(browser, "(() => { const l = [...document.querySelectorAll('.agenda [data-now-line]')].find(e => e.offsetParent);"
            + " const r = l && l.getBoundingClientRect(); return r && r.top > innerHeight / 3 && r.bottom < innerHeight; })()");
        Files.write(out.resolve("programme-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
        Browsers.viewport(browser, 1280, 800);

        browser.get(base + "/display.html?workshop=" + main + "&at=2018-04-03T10:42");
        waitFor(browser, "document.body.dataset.status === 'online' && !document.querySelector('#late').hidden");
        waitFor(browser, "document.querySelector('#now-bar').getBoundingClientRect().width > 0");
        Files.write(out.resolve("display.png"), browser.getScreenshotAs(OutputType.BYTES));

        Browsers.viewport(browser, 1920, 1080);
        browser.get(base + "/display.html?meeting=dali2018&at=2018-04-03T10:42");
        waitFor(browser, "document.body.dataset.status === 'online' && document.querySelectorAll('.room-card').length > 1");
        Files.write(out.resolve("lobby.png"), browser.getScreenshotAs(OutputType.BYTES));
        Browsers.viewport(browser, 1280, 800);

        // An overlap, so that the editor shows a warning on two rows.
        Fixtures.command(node.http, admin, main, new JsonObject().put("type", "talk.add").put("talk",
            new JsonObject().put("title", "Poster spotlights").put("start", "09:40").put("end", "09:50")));
        for (ChromeDriver driver : List.of(browser, other)) {
          String user = driver == browser ? "anna" : "marco";
          driver.get(base + "/editor.html?workshop=" + main);
          waitFor(driver, "!document.querySelector('#login').hidden");
          driver.findElement(By.cssSelector("input[name=username]")).sendKeys(user);
          driver.findElement(By.cssSelector("input[name=password]")).sendKeys(user + "-password-1");
          driver.findElement(By.cssSelector("#login [type=submit]")).click();
          waitFor(driver, "document.querySelector('#status').dataset.status === 'online'");
        }
        other.findElement(By.cssSelector("[data-talk-id='" + first + "'] [name=abstract]")).click();
        waitFor(browser, "document.querySelector('.editing-by')");
        WebElement title = browser.findElement(By.cssSelector("[data-talk-id='" + talks.values().toArray()[1] + "'] [name=title]"));
        title.click();
        Browsers.sleep(500);
        Files.write(out.resolve("editor.png"), browser.getScreenshotAs(OutputType.BYTES));
      } finally {
        Browsers.quit(browser);
        Browsers.quit(other);
      }
    }
  }
}
