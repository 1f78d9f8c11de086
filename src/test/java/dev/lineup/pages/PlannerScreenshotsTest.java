package dev.lineup.pages;

import dev.lineup.support.TestNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.waitFor;
import static dev.lineup.pages.Planner.card;
import static dev.lineup.pages.Planner.query;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes the README's screenshots of the planner (1280x800): a day of the real DALI 2018 meeting
 * (5 April, from ../shared; else our own small meeting) with two organizers in it, one dragging a
 * card while the other watches. Runs only on request:
 * {@code mvn -o test -Dtest=PlannerScreenshotsTest -Dlineup.screenshots=docs/screenshots}.
 */
class PlannerScreenshotsTest {

  @Test
  void writeScreenshots() throws Exception {
    String target = System.getProperty("lineup.screenshots");
    assumeTrue(target != null && !target.isBlank(), "set -Dlineup.screenshots=<dir> to write screenshots");
    Browsers.assumeInstalled();
    Path out = Path.of(target);
    Files.createDirectories(out);
    try (TestNode node = TestNode.start()) {
      String admin = node.adminToken();
      Map<String, String> dali = Planner.importDali2018(node.http, admin);
      String meeting;
      String day;
      String workshop;
      String moving;
      String opened;
      if (!dali.isEmpty()) {
        meeting = "dali2018";
        day = "2018-04-05";
        workshop = "workshopRepresentationLearning";
        Map<String, String> talks = Fixtures.talkIds(node.http, workshop);
        moving = talks.values().stream().skip(3).findFirst().orElseThrow();
        opened = Fixtures.talkIds(node.http, "workshopTheoryDL").values().stream().skip(2).findFirst().orElseThrow();
      } else {
        meeting = "planner-demo";
        day = "2018-04-03";
        Map<String, String> ids = Planner.importMeeting(node.http, admin, meeting);
        workshop = ids.get("vision");
        moving = Fixtures.talkIds(node.http, workshop).get("Seeing in depth");
        opened = Fixtures.talkIds(node.http, ids.get("language")).get("What words mean");
      }
      Fixtures.createUser(node.http, admin, "anna", "anna-password-1", List.of("*"));
      Fixtures.createUser(node.http, admin, "marco", "marco-password-1", List.of("*"));
      ChromeDriver anna = Browsers.start(1280, 800);
      ChromeDriver marco = Browsers.start(1280, 800);
      try {
        String at = "&at=" + day + "T10:40";
        for (ChromeDriver driver : List.of(anna, marco)) {
          String user = driver == anna ? "anna" : "marco";
          driver.get("http://localhost:" + node.port() + "/planner.html?meeting=" + meeting + "&day=" + day + at);
          waitFor(driver, "!document.querySelector('#login').hidden");
          Planner.signIn(driver, user, user + "-password-1");
          Planner.waitUntilLive(driver);
        }
        // Marco holds a card half an hour later; Anna sees his badge on it, and has a talk open.
        String openedWorkshop = dali.isEmpty() ? meeting + "-language" : "workshopTheoryDL";
        js(anna, "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", card(workshop, moving));
        js(marco, "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", card(workshop, moving));
        Planner.element(anna, card(openedWorkshop, opened)).click();
        Planner.dragAndHold(marco, Planner.element(marco, card(workshop, moving)), 0, (int) (30 * Planner.pxPerMinute(marco)));
        waitFor(anna, query(card(workshop, moving) + " [data-presence-badge=marco]") + " !== null", 3000);
        Files.write(out.resolve("planner.png"), anna.getScreenshotAs(OutputType.BYTES));
        Files.write(out.resolve("planner-dragging.png"), marco.getScreenshotAs(OutputType.BYTES));
        Planner.release(marco);
      } finally {
        Browsers.quit(anna);
        Browsers.quit(marco);
      }
    }
  }
}
