package dev.lineup.pages;

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

import java.util.List;
import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.quoted;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** Two organizers in two browsers editing one workshop live, against a real node. */
class EditorPageTest {

  private static final Logger LOG = LoggerFactory.getLogger(EditorPageTest.class);

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
    alice = Browsers.start(1280, 900);
    bob = Browsers.start(1280, 900);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(alice);
    Browsers.quit(bob);
    if (node != null) node.close();
  }

  private static Map<String, String> workshop(String id) {
    // A meeting of its own: the same speakers in another workshop at the same time would clash.
    Fixtures.importPage(node.http, admin, id, "2018-04-03", Fixtures.theoryPage("meeting-" + id, "Aula Magna", true));
    return Fixtures.talkIds(node.http, id);
  }

  /** Opens the editor; signs in through the form the first time (the token stays in localStorage). */
  private static void open(ChromeDriver driver, String user, String workshop) {
    driver.get("http://localhost:" + node.port() + "/editor.html?workshop=" + workshop);
    waitFor(driver, "!document.querySelector('#login').hidden || !document.querySelector('#editor').hidden");
    if (!(Boolean) js(driver, "return document.querySelector('#login').hidden")) {
      driver.findElement(By.cssSelector("input[name=username]")).sendKeys(user);
      driver.findElement(By.cssSelector("input[name=password]")).sendKeys(user + (user.equals("bob") ? "-password-12" : "-password-1"));
      driver.findElement(By.cssSelector("#login [type=submit]")).click();
    }
    waitFor(driver, "document.querySelector('#status').dataset.status === 'online'"
        + " && document.querySelectorAll('[data-talk-id]').length > 0");
    assertThat((String) js(driver, "return localStorage.getItem('lineup.token')")).isNotBlank();
  }

  private static WebElement field(ChromeDriver driver, String talkId, String name) {
    return driver.findElement(By.cssSelector("[data-talk-id='" + talkId + "'] [name=" + name + "]"));
  }

  private static String value(String talkId, String name) {
    return "document.querySelector(\"[data-talk-id='" + talkId + "'] [name=" + name + "]\").value";
  }

  private static void type(WebElement el, String text) {
    el.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  private static long version(String workshop) {
    return node.http.get("/api/workshops/" + workshop).json().getLong("version");
  }

  @Test
  void twoOrganizersSeeEachOthersEditsAndEachOther() {
    Map<String, String> talks = workshop("ed-live");
    String opening = talks.get("Opening");
    String generalize = talks.get("Why deep nets generalize");
    String expressivity = talks.get("Expressivity of depth");
    open(alice, "alice", "ed-live");
    open(bob, "bob", "ed-live");
    assertThat(alice.findElements(By.cssSelector("[data-talk-id]"))).hasSize(4);
    assertThat(field(alice, generalize, "speakers").getDomProperty("value")).isEqualTo("Ada Lovelace, Grace Hopper");
    assertThat(field(alice, generalize, "start").getDomProperty("value")).isEqualTo("09:30");

    // Presence: each sees the other.
    waitFor(alice, "document.querySelector('[data-presence] [data-sub=bob]')", 5000);
    waitFor(bob, "document.querySelector('[data-presence] [data-sub=alice]')", 5000);

    // Alice renames a talk: Bob sees it within 2 s.
    WebElement title = field(alice, opening, "title");
    type(title, "Welcome and opening");
    title.sendKeys(Keys.TAB);
    long ms = waitFor(bob, value(opening, "title") + " === 'Welcome and opening'", 2000);
    LOG.info("bob saw alice's title edit after {} ms", ms);

    // Bob changes speakers and times: Alice sees them within 2 s.
    WebElement speakers = field(bob, expressivity, "speakers");
    type(speakers, "Alan Turing, Kurt Gödel");
    speakers.sendKeys(Keys.TAB);
    waitFor(alice, value(expressivity, "speakers") + " === 'Alan Turing, Kurt Gödel'", 2000);
    WebElement end = field(bob, expressivity, "end");
    type(end, "11:30");
    end.sendKeys(Keys.TAB);
    waitFor(alice, value(expressivity, "end") + " === '11:30'", 2000);
    JsonObject talk = talkOf("ed-live", expressivity);
    assertThat(talk.getString("end")).isEqualTo("11:30");
    assertThat(talk.getJsonArray("authors").getJsonObject(1).getString("family")).isEqualTo("Gödel");
    assertThat(talk.getJsonArray("authors").getJsonObject(0).getString("given")).isEqualTo("Alan");

    // Bob focuses an abstract: Alice sees what he is editing.
    field(bob, generalize, "abstract").click();
    waitFor(alice, "document.querySelector('[data-presence] [data-sub=bob]').dataset.editingTalk === " + quoted(generalize), 2000);
    waitFor(alice, "document.querySelector(\"[data-talk-id='" + generalize + "'] .editing-by\")"
        + " && document.querySelector(\"[data-talk-id='" + generalize + "'] .editing-by\").textContent.includes('bob')", 2000);

    // A field Bob is in keeps its text while Alice changes it; it takes her text when he leaves it
    // unchanged.
    String before = field(bob, generalize, "abstract").getDomProperty("value");
    WebElement aliceAbstract = field(alice, generalize, "abstract");
    type(aliceAbstract, "A new abstract from Alice.");
    aliceAbstract.sendKeys(Keys.TAB);
    waitForServer(() -> "A new abstract from Alice.".equals(talkOf("ed-live", generalize).getString("abstract")));
    long v = waitForVersionEverywhere("ed-live");
    assertThat(v).isGreaterThan(1);
    assertThat(field(bob, generalize, "abstract").getDomProperty("value")).isEqualTo(before);
    field(bob, generalize, "abstract").sendKeys(Keys.TAB);
    waitFor(bob, value(generalize, "abstract") + " === 'A new abstract from Alice.'", 2000);
  }

  private static long waitForVersionEverywhere(String workshop) {
    long v = version(workshop);
    waitFor(alice, "window.lineupEditor.live.version === " + v, 2000);
    waitFor(bob, "window.lineupEditor.live.version === " + v, 2000);
    return v;
  }

  private static void waitForServer(java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 5000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("the server never got there");
      Browsers.sleep(25);
    }
  }

  private static JsonObject talkOf(String workshop, String talkId) {
    var talks = node.http.get("/api/workshops/" + workshop).json().getJsonArray("talks");
    for (int i = 0; i < talks.size(); i++) {
      if (talkId.equals(talks.getJsonObject(i).getString("id"))) return talks.getJsonObject(i);
    }
    throw new AssertionError("no talk " + talkId);
  }

  @Test
  void aConflictShowsBothValuesAndLetsTheUserChoose() {
    Map<String, String> talks = workshop("ed-conflict");
    String talkId = talks.get("Expressivity of depth");
    open(alice, "alice", "ed-conflict");
    WebElement title = field(alice, talkId, "title");
    type(title, "Alice's title");
    // Meanwhile someone else renames the same talk.
    Fixtures.command(node.http, admin, "ed-conflict", Fixtures.rename(talkId, "Admin's title"));
    waitFor(alice, "window.lineupEditor.live.version === " + version("ed-conflict"), 2000);
    assertThat(title.getDomProperty("value")).isEqualTo("Alice's title"); // not clobbered while typing
    title.sendKeys(Keys.TAB); // commits with the version she saw → 409
    waitFor(alice, "document.querySelector(\"[data-talk-id='" + talkId + "'] [data-conflict]\")", 2000);
    String row = "[data-talk-id='" + talkId + "'] ";
    assertThat(text(alice, row + "[data-conflict] .mine")).isEqualTo("Alice's title");
    assertThat(text(alice, row + "[data-conflict] .theirs")).isEqualTo("Admin's title");
    assertThat(text(alice, row + "[data-conflict]")).contains("admin-test");
    assertThat(talkOf("ed-conflict", talkId).getString("title")).isEqualTo("Admin's title");

    // She re-sends hers, with the new version.
    alice.findElement(By.cssSelector(row + "[data-use-mine]")).click();
    waitFor(alice, "!document.querySelector(\"" + row + "[data-conflict]\")", 2000);
    assertThat(talkOf("ed-conflict", talkId).getString("title")).isEqualTo("Alice's title");

    // Another conflict, on the abstract; this time she keeps theirs.
    WebElement abstractField = field(alice, talkId, "abstract");
    type(abstractField, "Mine");
    Fixtures.command(node.http, admin, "ed-conflict", new JsonObject().put("type", "talk.update").put("talkId", talkId)
        .put("set", new JsonObject().put("abstract", "Theirs")));
    waitFor(alice, "window.lineupEditor.live.version === " + version("ed-conflict"), 2000);
    abstractField.sendKeys(Keys.TAB);
    waitFor(alice, "document.querySelector(\"" + row + "[data-conflict]\")", 2000);
    assertThat(text(alice, row + "[data-conflict] .mine")).isEqualTo("Mine");
    assertThat(text(alice, row + "[data-conflict] .theirs")).isEqualTo("Theirs");
    alice.findElement(By.cssSelector(row + "[data-keep-theirs]")).click();
    assertThat(field(alice, talkId, "abstract").getDomProperty("value")).isEqualTo("Theirs");
    assertThat(talkOf("ed-conflict", talkId).getString("abstract")).isEqualTo("Theirs");
  }

  @Test
  void markupInATitleStaysText() {
    Map<String, String> talks = workshop("ed-xss");
    String talkId = talks.get("Opening");
    open(alice, "alice", "ed-xss");
    open(bob, "bob", "ed-xss");
    String markup = "<img src=x onerror=alert(1)>";
    WebElement title = field(alice, talkId, "title");
    type(title, markup);
    title.sendKeys(Keys.TAB);
    waitFor(bob, value(talkId, "title") + " === " + quoted(markup), 2000);
    assertThat(talkOf("ed-xss", talkId).getString("title")).isEqualTo(markup);
    // Bob focuses it: Alice's presence list names the talk by its title, as text.
    field(bob, talkId, "title").click();
    waitFor(alice, "document.querySelector('[data-presence] [data-sub=bob] .what').textContent.includes(" + quoted(markup) + ")", 2000);
    for (ChromeDriver driver : List.of(alice, bob)) {
      assertThat((Long) js(driver, "return document.querySelectorAll('img').length")).isZero();
    }
  }

  @Test
  void warningsAddRemoveAndRunningLate() {
    Map<String, String> talks = workshop("ed-tools");
    String opening = talks.get("Opening");
    open(alice, "alice", "ed-tools");
    open(bob, "bob", "ed-tools");
    assertThat(alice.findElements(By.cssSelector(".warning"))).isEmpty();

    // Alice adds a talk that overlaps the opening: both rows warn, in both browsers.
    alice.findElement(By.name("new-start")).sendKeys("09:15");
    alice.findElement(By.name("new-end")).sendKeys("09:45");
    alice.findElement(By.name("new-title")).sendKeys("Surprise talk");
    alice.findElement(By.cssSelector("#add-form [type=submit]")).click();
    waitFor(bob, "document.querySelectorAll('[data-talk-id]').length === 5", 2000);
    String added = Fixtures.talkIds(node.http, "ed-tools").get("Surprise talk");
    waitFor(bob, "document.querySelector(\"[data-talk-id='" + opening + "'] [data-warning=overlap]\")"
        + " && document.querySelector(\"[data-talk-id='" + added + "'] [data-warning=overlap]\")", 2000);

    // Bob removes it (two clicks): the warnings go.
    WebElement remove = bob.findElement(By.cssSelector("[data-talk-id='" + added + "'] [data-remove]"));
    remove.click();
    remove.click();
    waitFor(alice, "document.querySelectorAll('[data-talk-id]').length === 4 && !document.querySelector('.warning')", 2000);

    // Running late: everything from 10:00 moves by 10 minutes.
    alice.findElement(By.name("shift-from")).sendKeys("10:00");
    WebElement minutes = alice.findElement(By.name("shift-minutes"));
    minutes.sendKeys(Keys.chord(Keys.CONTROL, "a"), "10");
    alice.findElement(By.cssSelector("#shift-form [type=submit]")).click();
    String expressivity = talks.get("Expressivity of depth");
    waitFor(bob, value(expressivity, "start") + " === '10:40' && " + value(expressivity, "end") + " === '11:25'", 2000);
    assertThat(text(alice, "#flash")).contains("Shifted 2 talks");

    // A speaker in two places at once, across the workshops of the meeting: the server's warning.
    Fixtures.importPage(node.http, admin, "ed-tools-other", "2018-04-03", Fixtures.fairnessPage("meeting-ed-tools", "Room B"));
    Fixtures.command(node.http, admin, "ed-tools", new JsonObject().put("type", "talk.add").put("talk",
        new JsonObject().put("title", "Privacy, again").put("start", "09:15").put("end", "09:25")
            .put("authors", new io.vertx.core.json.JsonArray().add(new JsonObject().put("given", "Frank").put("family", "McSherry")))));
    String again = Fixtures.talkIds(node.http, "ed-tools").get("Privacy, again");
    waitFor(alice, "document.querySelector(\"[data-talk-id='" + again + "'] [data-warning=speaker-clash]\")", 3000);
    assertThat(text(alice, "[data-talk-id='" + again + "'] [data-warning=speaker-clash]")).contains("mcsherry");
  }

  @Test
  void aChangeMadeOfflineIsKeptAndSavedOnReconnecting() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lineup-editor-offline");
    TestNode own = TestNode.start(Map.of("data_dir", dir.toString()));
    int port = own.port();
    try {
      String ownAdmin = own.adminToken();
      Fixtures.createUser(own.http, ownAdmin, "carol", "carol-password-1", List.of("*"));
      Fixtures.importPage(own.http, ownAdmin, "offline", "2018-04-03", Fixtures.theoryPage("meeting-offline", "Aula", false));
      String talkId = Fixtures.talkIds(own.http, "offline").get("Opening");
      alice.get("http://localhost:" + port + "/editor.html?workshop=offline");
      waitFor(alice, "!document.querySelector('#login').hidden");
      alice.findElement(By.cssSelector("input[name=username]")).sendKeys("carol");
      alice.findElement(By.cssSelector("input[name=password]")).sendKeys("carol-password-1");
      alice.findElement(By.cssSelector("#login [type=submit]")).click();
      waitFor(alice, "document.querySelector('#status').dataset.status === 'online'");

      own.close();
      own = null;
      waitFor(alice, "document.querySelector('#status').dataset.status === 'offline'", 10_000);
      WebElement title = field(alice, talkId, "title");
      type(title, "Opening, written offline");
      title.sendKeys(Keys.TAB);
      waitFor(alice, "document.querySelector(\"[data-talk-id='" + talkId + "'] [name=title]\").classList.contains('unsaved')", 5000);

      own = TestNode.start(Map.of("data_dir", dir.toString(), "http_port", port));
      TestNode back = own;
      long deadline = System.currentTimeMillis() + 30_000;
      while (!"Opening, written offline".equals(back.http.get("/api/workshops/offline").json()
          .getJsonArray("talks").getJsonObject(0).getString("title"))) {
        if (System.currentTimeMillis() > deadline) throw new AssertionError("the offline change never arrived");
        Browsers.sleep(100);
      }
      waitFor(alice, "!document.querySelector(\"[data-talk-id='" + talkId + "'] [name=title]\").classList.contains('unsaved')", 5000);
      assertThat(field(alice, talkId, "title").getDomProperty("value")).isEqualTo("Opening, written offline");
      assertThat(back.http.get("/api/workshops/offline").json().getLong("version")).isEqualTo(2); // once
    } finally {
      if (own != null) own.close();
    }
  }

  @Test
  void aScreenWithADisplayTokenIsPresent() {
    workshop("ed-screen");
    open(alice, "alice", "ed-screen");
    String display = node.token("screen-1", List.of("display"), List.of("ed-screen"));
    bob.get("http://localhost:" + node.port() + "/display.html?workshop=ed-screen&at=2018-04-03T09:40#token=" + display);
    waitFor(bob, "document.body.dataset.status === 'online'");
    waitFor(alice, "document.querySelector('[data-presence] [data-sub=screen-1]')", 3000);
    bob.get("about:blank");
    waitFor(alice, "!document.querySelector('[data-presence] [data-sub=screen-1]')", 5000);
  }
}
