package dev.lineup.pages;

import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.quoted;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static dev.lineup.pages.Planner.card;
import static dev.lineup.pages.Planner.element;
import static dev.lineup.pages.Planner.query;
import static org.assertj.core.api.Assertions.assertThat;

/** Two organizers in two browsers on one planner: live drags, presence on cards, conflicts told to both, settings. */
class PlannerTogetherTest {

  private static final Logger LOG = LoggerFactory.getLogger(PlannerTogetherTest.class);

  private static TestNode node;
  private static String admin;
  private static ChromeDriver alice;
  private static ChromeDriver bob;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    node = TestNode.start();
    admin = node.adminToken();
    Fixtures.createUser(node.http, admin, "alice", "alice-password-1", List.of("*"));
    Fixtures.createUser(node.http, admin, "bob", "bob-password-12", List.of("*"));
    alice = Browsers.start(1400, 900);
    bob = Browsers.start(1400, 900);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(alice);
    Browsers.quit(bob);
    if (node != null) node.close();
  }

  private static Map<String, String> openBoth(String meeting) {
    Map<String, String> ids = Planner.importMeeting(node.http, admin, meeting);
    Planner.open(alice, node.port(), meeting, null, "alice", "alice-password-1");
    Planner.open(bob, node.port(), meeting, null, "bob", "bob-password-12");
    return ids;
  }

  private static String talkId(String workshop, String title) {
    return Fixtures.talkIds(node.http, workshop).get(title);
  }

  private static String badge(String workshop, String talkId, String sub) {
    return query(card(workshop, talkId) + " [data-presence-badge='" + sub + "']");
  }

  private static void waitForVersion(ChromeDriver driver, String workshop) {
    waitFor(driver, "window.lineupPlanner.versionOf(" + quoted(workshop) + ") === " + Planner.version(node.http, workshop), 3000);
  }

  @Test
  void eachSeesTheOthersDragWithinASecondAndTheirBadgeWhileItHappens() {
    Map<String, String> ids = openBoth("pl-live");
    String vision = ids.get("vision");
    String exploration = talkId(vision, "Deep Exploration");
    String seeing = talkId(vision, "Seeing in depth");
    long ppm = Planner.pxPerMinute(bob);
    waitFor(alice, "document.querySelector('[data-presence] [data-sub=bob]')", 5000);

    // Bob drags, and holds: Alice sees his name on the card while he does.
    Planner.dragAndHold(bob, element(bob, card(vision, exploration)), 0, (int) (30 * ppm));
    waitFor(alice, badge(vision, exploration, "bob") + " !== null", 2000);
    assertThat(text(alice, card(vision, exploration) + " [data-presence-badge]")).isEqualTo("bob");
    Planner.release(bob);
    long seen = waitFor(alice, query(card(vision, exploration)) + ".dataset.start === '10:00'", 1000);
    LOG.info("alice saw bob's drag {} ms after he let go", seen);
    waitFor(alice, badge(vision, exploration, "bob") + " === null", 3000);

    // And the other way round.
    Planner.dragAndHold(alice, element(alice, card(vision, seeing)), 0, (int) (15 * ppm));
    waitFor(bob, badge(vision, seeing, "alice") + " !== null", 2000);
    Planner.release(alice);
    seen = waitFor(bob, query(card(vision, seeing)) + ".dataset.start === '10:45'"
        + " && " + query(card(vision, seeing)) + ".dataset.end === '11:30'", 1000);
    LOG.info("bob saw alice's drag {} ms after she let go", seen);
    waitFor(bob, badge(vision, seeing, "alice") + " === null", 3000);
    JsonObject talk = Planner.talk(node.http, vision, seeing);
    assertThat(talk.getString("start")).isEqualTo("10:45");
  }

  @Test
  void aSameFieldConflictShowsBothValuesToTheLoserAndTellsTheOtherThatTheirsWasReplaced() {
    Map<String, String> ids = openBoth("pl-conflict");
    String vision = ids.get("vision");
    String opening = talkId(vision, "Opening");
    String title = "[data-talk-editor='" + opening + "'] [name=title]";

    // Bob opens the talk and starts typing a title; Alice sees where he is.
    element(bob, card(vision, opening)).click();
    WebElement bobs = element(bob, title);
    bobs.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Bob's title");
    waitFor(alice, badge(vision, opening, "bob") + " !== null", 2000);

    // Alice renames it and saves first.
    element(alice, card(vision, opening)).click();
    WebElement alices = element(alice, title);
    alices.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Alice's title", Keys.TAB);
    Await.until("alice's title saved", Duration.ofSeconds(5), () -> "Alice's title".equals(Planner.talk(node.http, vision, opening).getString("title")));
    waitForVersion(bob, vision);
    assertThat(bobs.getDomProperty("value")).isEqualTo("Bob's title"); // his typing is not clobbered
    waitFor(bob, query(card(vision, opening) + " .card-title") + ".textContent === \"Alice's title\"", 2000);

    // Bob's, made against the version he saw, loses: he sees both values and chooses.
    bobs.sendKeys(Keys.TAB);
    waitFor(bob, query("[data-conflict=title]") + " !== null", 3000);
    assertThat(text(bob, "[data-conflict=title] .mine")).isEqualTo("Bob's title");
    assertThat(text(bob, "[data-conflict=title] .theirs")).isEqualTo("Alice's title");
    assertThat(text(bob, "[data-conflict=title]")).contains("alice");
    assertThat(Planner.talk(node.http, vision, opening).getString("title")).isEqualTo("Alice's title");
    element(bob, "[data-conflict=title] [data-use-mine]").click();
    Await.until("bob's title saved", Duration.ofSeconds(5), () -> "Bob's title".equals(Planner.talk(node.http, vision, opening).getString("title")));
    waitFor(bob, query("[data-conflict]") + " === null", 2000);

    // Alice is told that her saved title was replaced, with a one-click restore.
    waitFor(alice, query("[data-overwritten=title]") + " !== null", 3000);
    assertThat(text(alice, "[data-overwritten=title]")).contains("bob").contains("renamed");
    assertThat(text(alice, "[data-overwritten=title] .mine")).isEqualTo("Alice's title");
    assertThat(text(alice, "[data-overwritten=title] .theirs")).isEqualTo("Bob's title");
    assertThat(bob.findElements(By.cssSelector("[data-overwritten]"))).isEmpty();
    element(alice, "[data-overwritten=title] [data-restore]").click();
    Await.until("alice's title restored", Duration.ofSeconds(5), () -> "Alice's title".equals(Planner.talk(node.http, vision, opening).getString("title")));
    waitFor(bob, query(card(vision, opening) + " .card-title") + ".textContent === \"Alice's title\"", 2000);
    // The restore replaced Bob's value in turn: now he is the one told.
    waitFor(bob, query("[data-overwritten=title]") + " !== null", 3000);
  }

  @Test
  void twoDragsOfOneCardAtOnceConflictOnTheTime() {
    Map<String, String> ids = openBoth("pl-drag-conflict");
    String vision = ids.get("vision");
    String seeing = talkId(vision, "Seeing in depth");
    long ppm = Planner.pxPerMinute(bob);
    // Bob holds the card; meanwhile Alice, who sees his badge, moves it anyway.
    Planner.dragAndHold(bob, element(bob, card(vision, seeing)), 0, (int) (30 * ppm));
    waitFor(alice, badge(vision, seeing, "bob") + " !== null", 2000);
    Planner.drag(alice, element(alice, card(vision, seeing)), 0, (int) (60 * ppm));
    Await.until("alice's move", Duration.ofSeconds(5), () -> "11:30".equals(Planner.talk(node.http, vision, seeing).getString("start")));
    waitForVersion(bob, vision);
    assertThat(Planner.data(bob, card(vision, seeing), "start")).isEqualTo("11:00"); // still under his pointer
    Planner.release(bob);
    waitFor(bob, query("[data-conflict=time]") + " !== null", 3000);
    assertThat(text(bob, "[data-conflict=time] .mine")).isEqualTo("11:00–11:45");
    assertThat(text(bob, "[data-conflict=time] .theirs")).isEqualTo("11:30–12:15");
    waitFor(bob, query(card(vision, seeing)) + ".dataset.start === '11:30'", 2000); // the card shows what is saved
    assertThat(Planner.talk(node.http, vision, seeing).getString("start")).isEqualTo("11:30");
    element(bob, "[data-conflict=time] [data-keep-theirs]").click();
    waitFor(bob, query("[data-conflict]") + " === null", 2000);
    assertThat(Planner.talk(node.http, vision, seeing).getString("start")).isEqualTo("11:30");
  }

  @Test
  void workshopSettingsAreSavedAndSeenLiveByTheOther() {
    Map<String, String> ids = openBoth("pl-settings");
    String health = ids.get("health");
    // The 5 April workshop: its day's tab.
    for (ChromeDriver driver : List.of(alice, bob)) {
      element(driver, "[data-day='2018-04-05']").click();
      waitFor(driver, query("[data-workshop-column='" + health + "']") + " !== null", 2000);
    }
    assertThat(text(bob, "[data-workshop-column='" + health + "'] .column-room")).isEqualTo("No room yet");
    element(alice, "[data-workshop-column='" + health + "'] [data-action=settings]").click();
    element(bob, "[data-workshop-column='" + health + "'] [data-action=settings]").click();
    String form = "[data-workshop-settings='" + health + "'] ";
    WebElement room = element(alice, form + "[name=room]");
    room.sendKeys("Yaiza", Keys.TAB);
    waitFor(bob, query("[data-workshop-column='" + health + "'] .column-room") + ".textContent === 'Room: Yaiza'", 2000);
    waitFor(bob, query(form + "[name=room]") + ".value === 'Yaiza'", 2000);

    WebElement title = element(alice, form + "[name=title]");
    title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Healthcare AI", Keys.TAB);
    WebElement abstractField = element(alice, form + "[name=abstract]");
    abstractField.sendKeys("Patients, practitioners and systems.");
    element(alice, form + "[name=timezone]").click(); // leaving the abstract saves it
    element(alice, form + "[name=timezone]").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Atlantic/Canary", Keys.TAB);
    element(alice, form + "[name=showAbstracts]").click();
    waitFor(bob, query("[data-workshop-column='" + health + "'] .column-title") + ".textContent === 'Healthcare AI'", 2000);
    waitFor(bob, query(form + "[name=abstract]") + ".value === 'Patients, practitioners and systems.'"
        + " && " + query(form + "[name=timezone]") + ".value === 'Atlantic/Canary'"
        + " && " + query(form + "[name=showAbstracts]") + ".checked", 3000);

    // Organizers: add, edit, remove.
    element(alice, form + "[data-add-organizer] [name=given]").sendKeys("Danielle");
    element(alice, form + "[data-add-organizer] [name=family]").sendKeys("Belgrave");
    element(alice, form + "[data-add-organizer] [name=institute]").sendKeys("Microsoft Research");
    element(alice, form + "[data-action=add-organizer]").click();
    waitFor(bob, "document.querySelectorAll(" + quoted(form + "[data-organizer]") + ").length === 2", 3000);
    String added = (String) js(bob, "return document.querySelectorAll(arguments[0])[1].dataset.organizer", form + "[data-organizer]");
    String row = form + "[data-organizer='" + added + "'] ";
    waitFor(bob, query(row + "[name=institute]") + ".value === 'Microsoft Research'", 2000);
    element(alice, row + "[name=url]").sendKeys("https://example.org/belgrave", Keys.TAB);
    waitFor(bob, query(row + "[name=url]") + ".value === 'https://example.org/belgrave'", 3000);
    String first = (String) js(alice, "return document.querySelectorAll(arguments[0])[0].dataset.organizer", form + "[data-organizer]");
    element(alice, form + "[data-organizer='" + first + "'] [data-action=remove-organizer]").click();
    waitFor(bob, "document.querySelectorAll(" + quoted(form + "[data-organizer]") + ").length === 1", 3000);

    JsonObject w = node.http.get("/api/workshops/" + health).json();
    assertThat(w.getString("room")).isEqualTo("Yaiza");
    assertThat(w.getString("title")).isEqualTo("Healthcare AI");
    assertThat(w.getString("abstract")).isEqualTo("Patients, practitioners and systems.");
    assertThat(w.getString("timezone")).isEqualTo("Atlantic/Canary");
    assertThat(w.getBoolean("showAbstracts")).isTrue();
    assertThat(w.getJsonArray("organizers")).hasSize(1);
    JsonObject organizer = w.getJsonArray("organizers").getJsonObject(0);
    assertThat(organizer.getString("family")).isEqualTo("Belgrave");
    assertThat(organizer.getString("url")).isEqualTo("https://example.org/belgrave");
    // Each field one workshop.update or organizer.* command, one event each.
    List<String> types = Planner.events(node.http, health).stream().skip(1).map(e -> e.getString("type")).toList();
    assertThat(types).containsExactly("workshop.updated", "workshop.updated", "workshop.updated", "workshop.updated",
        "workshop.updated", "organizer.added", "organizer.updated", "organizer.removed");
  }
}
