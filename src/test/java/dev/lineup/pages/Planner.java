package dev.lineup.pages;

import dev.lineup.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.waitFor;

/**
 * The planner page in tests: our own small meeting (src/test/resources/planner: two workshops on
 * 3 April, one on 5 April), signing in, cards, real pointer drags through Selenium's Actions API,
 * and the workshop's log over REST. Public for the planner's bench harness.
 */
public final class Planner {

  /** Workshop slug → the date in its file name. */
  static final Map<String, String> MEETING = Map.of("vision", "2018-04-03", "language", "2018-04-03", "health", "2018-04-05");

  private Planner() {
  }

  /** Imports the three pages into a meeting of their own; returns slug → workshop id. */
  static Map<String, String> importMeeting(Http http, String admin, String meeting) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String slug : List.of("vision", "language", "health")) {
      String date = MEETING.get(slug);
      String page = resource("/planner/" + date + "-" + slug + ".md").replace("MEETING", meeting);
      String id = meeting + "-" + slug;
      Fixtures.importPage(http, admin, id, date, page);
      ids.put(slug, id);
    }
    return ids;
  }

  /**
   * Imports the real DALI 2018 workshop pages (multitrack, category dali2018) from ../shared, ids from
   * their file names; returns id → date, or an empty map when ../shared is not there.
   */
  public static Map<String, String> importDali2018(Http http, String admin) {
    String shared = System.getProperty("lineup.shared");
    java.nio.file.Path dir = shared == null ? null : java.nio.file.Path.of(shared, "fixtures", "dalimeeting");
    Map<String, String> ids = new LinkedHashMap<>();
    if (dir == null || !java.nio.file.Files.isDirectory(dir)) return ids;
    try (var files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.startsWith("2018-") || !name.endsWith(".md")) continue;
        String page = java.nio.file.Files.readString(file);
        if (!page.contains("layout: multitrack") || !page.contains("- dali2018")) continue;
        String date = name.substring(0, 10);
        String id = name.substring(11, name.length() - 3);
        Fixtures.importPage(http, admin, id, date, page);
        ids.put(id, date);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  static String resource(String path) {
    try (InputStream in = Planner.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("no resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the planner; signs in through the form when it asks. Waits until every column is live. */
  static void open(ChromeDriver driver, int port, String meeting, String day, String user, String password) {
    driver.get("http://localhost:" + port + "/planner.html?meeting=" + meeting + (day == null ? "" : "&day=" + day));
    waitFor(driver, "!document.querySelector('#login').hidden || !document.querySelector('#planner').hidden");
    if (!(Boolean) js(driver, "return document.querySelector('#login').hidden")) signIn(driver, user, password);
    waitUntilLive(driver);
  }

  static void signIn(ChromeDriver driver, String user, String password) {
    driver.findElement(By.cssSelector("input[name=username]")).sendKeys(user);
    driver.findElement(By.cssSelector("input[name=password]")).sendKeys(password);
    driver.findElement(By.cssSelector("#login [type=submit]")).click();
  }

  public static void waitUntilLive(ChromeDriver driver) {
    waitFor(driver, "document.querySelector('#status').dataset.status === 'online'"
        + " && document.querySelectorAll('[data-workshop-column] [data-talk-id]').length > 0"
        + " && [...window.lineupPlanner.handles.values()].every(h => h.status === 'online' && h.version > 0)");
  }

  public static String card(String workshop, String talkId) {
    return "[data-workshop-column='" + workshop + "'] [data-talk-id='" + talkId + "']";
  }

  static String query(String selector) {
    return "document.querySelector(" + Browsers.quoted(selector) + ")";
  }

  public static WebElement element(ChromeDriver driver, String selector) {
    return driver.findElement(By.cssSelector(selector));
  }

  static String data(ChromeDriver driver, String selector, String name) {
    return (String) js(driver, "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('data-' + arguments[1]) : null;", selector, name);
  }

  public static long pxPerMinute(ChromeDriver driver) {
    return Long.parseLong((String) js(driver, "return document.querySelector('#grid').dataset.pxPerMinute"));
  }

  /** Presses on the element (at its centre, or dy above/below it) and moves by (dx, dy) in steps, then releases. */
  static void drag(ChromeDriver driver, WebElement element, int dx, int dy) {
    Actions actions = press(driver, element);
    moveInSteps(actions, dx, dy);
    actions.release().perform();
  }

  /** Presses and moves, without releasing (finish with {@link #release}). */
  static void dragAndHold(ChromeDriver driver, WebElement element, int dx, int dy) {
    Actions actions = press(driver, element);
    moveInSteps(actions, dx, dy);
    actions.perform();
  }

  public static void release(ChromeDriver driver) {
    new Actions(driver).release().perform();
  }

  private static Actions press(ChromeDriver driver, WebElement element) {
    return new Actions(driver, Duration.ofMillis(30)).moveToElement(element).clickAndHold();
  }

  private static void moveInSteps(Actions actions, int dx, int dy) {
    int steps = 6;
    int doneX = 0;
    int doneY = 0;
    for (int i = 1; i <= steps; i++) {
      int x = dx * i / steps;
      int y = dy * i / steps;
      actions.moveByOffset(x - doneX, y - doneY);
      doneX = x;
      doneY = y;
    }
  }

  /** The whole log of a workshop over REST. */
  static List<JsonObject> events(Http http, String workshop) {
    List<JsonObject> all = new ArrayList<>();
    long after = 0;
    for (;;) {
      JsonArray page = http.get("/api/workshops/" + workshop + "/events?after=" + after).array();
      if (page.isEmpty()) return all;
      for (int i = 0; i < page.size(); i++) all.add(page.getJsonObject(i));
      after = all.get(all.size() - 1).getLong("seq");
    }
  }

  /** Waits until the log holds more than {@code before} events; returns the last one. */
  static JsonObject nextEvent(Http http, String workshop, int before) {
    return dev.lineup.support.Await.value("an event after #" + before + " in " + workshop, java.time.Duration.ofSeconds(5), () -> {
      List<JsonObject> log = events(http, workshop);
      return log.size() > before ? log.get(log.size() - 1) : null;
    });
  }

  static long version(Http http, String workshop) {
    return http.get("/api/workshops/" + workshop).json().getLong("version");
  }

  static JsonObject talk(Http http, String workshop, String talkId) {
    JsonArray talks = http.get("/api/workshops/" + workshop).json().getJsonArray("talks");
    for (int i = 0; i < talks.size(); i++) {
      if (talkId.equals(talks.getJsonObject(i).getString("id"))) return talks.getJsonObject(i);
    }
    throw new AssertionError("no talk " + talkId + " in " + workshop);
  }
}
