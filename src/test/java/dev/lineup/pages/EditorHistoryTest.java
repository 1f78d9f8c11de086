package dev.lineup.pages;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.lineup.support.LineupProcess;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The editor's undo button, its history panel per talk, and its "changes paused" banner, against a real node. */
class EditorHistoryTest {

  private static final Logger LOG = LoggerFactory.getLogger(EditorHistoryTest.class);

  private static TestNode node;
  private static String admin;
  private static ChromeDriver alice;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    node = TestNode.start();
    admin = node.adminToken();
    Fixtures.createUser(node.http, admin, "alice", "alice-password-1", List.of("*"));
    alice = Browsers.start(1280, 900);
  }

  @AfterAll
  static void stop() {
    Browsers.quit(alice);
    if (node != null) node.close();
  }

  private static Map<String, String> workshop(String id) {
    Fixtures.importPage(node.http, admin, id, "2018-04-03", Fixtures.theoryPage("meeting-" + id, "Aula Magna", true));
    return Fixtures.talkIds(node.http, id);
  }

  private static void open(int port, String workshop, String user, String password) {
    alice.get("http://localhost:" + port + "/editor.html?workshop=" + workshop);
    waitFor(alice, "!document.querySelector('#login').hidden || !document.querySelector('#editor').hidden");
    if (!(Boolean) js(alice, "return document.querySelector('#login').hidden")) {
      alice.findElement(By.cssSelector("input[name=username]")).sendKeys(user);
      alice.findElement(By.cssSelector("input[name=password]")).sendKeys(password);
      alice.findElement(By.cssSelector("#login [type=submit]")).click();
    }
    waitFor(alice, "document.querySelector('#status').dataset.status === 'online'"
        + " && document.querySelectorAll('[data-talk-id]').length > 0");
  }

  private static String row(String talkId) {
    return "[data-talk-id='" + talkId + "'] ";
  }

  private static void rename(String talkId, String title) {
    WebElement el = alice.findElement(By.cssSelector(row(talkId) + "[name=title]"));
    el.sendKeys(Keys.chord(Keys.CONTROL, "a"), title);
    el.sendKeys(Keys.TAB);
  }

  private static JsonObject talkOf(String workshop, String talkId) {
    JsonArray talks = node.http.get("/api/workshops/" + workshop).json().getJsonArray("talks");
    for (int i = 0; i < talks.size(); i++) {
      if (talkId.equals(talks.getJsonObject(i).getString("id"))) return talks.getJsonObject(i);
    }
    throw new AssertionError("no talk " + talkId);
  }

  private static JsonObject lastEvent(String workshop) {
    JsonArray all = new JsonArray();
    long after = 0;
    for (;;) {
      JsonArray page = node.http.get("/api/workshops/" + workshop + "/events?after=" + after).array();
      if (page.isEmpty()) break;
      all.addAll(page);
      after = page.getJsonObject(page.size() - 1).getLong("seq");
    }
    return all.getJsonObject(all.size() - 1);
  }

  private static void eventually(BooleanSupplier condition, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("never happened");
      Browsers.sleep(50);
    }
  }

  private static final String UNDO = "document.querySelector('[data-action=undo]')";

  @Test
  void undoRevertsTheUsersOwnLastChange() {
    String talkId = workshop("hist-undo").get("Opening");
    open(node.port(), "hist-undo", "alice", "alice-password-1");
    assertThat((Boolean) js(alice, "return " + UNDO + ".disabled")).as("nothing of hers to undo yet").isTrue();

    rename(talkId, "Welcome");
    eventually(() -> "Welcome".equals(talkOf("hist-undo", talkId).getString("title")), 5000);
    waitFor(alice, "!" + UNDO + ".disabled", 3000);
    assertThat(text(alice, "#undo-what")).isEqualTo("renamed Opening to Welcome");

    long t0 = System.nanoTime();
    alice.findElement(By.cssSelector("[data-action=undo]")).click();
    eventually(() -> "Opening".equals(talkOf("hist-undo", talkId).getString("title")), 5000);
    waitFor(alice, "document.querySelector(\"" + row(talkId) + "[name=title]\").value === 'Opening'", 3000);
    LOG.info("undo round trip (click → row shows the old title): {} ms", (System.nanoTime() - t0) / 1_000_000);
    JsonObject last = lastEvent("hist-undo");
    assertThat(last.getString("type")).isEqualTo("change.reverted");
    assertThat(last.getString("by")).isEqualTo("alice");
    assertThat(last.getJsonObject("data").getLong("seq")).isEqualTo(2);
    // Her only change is undone: nothing left to undo.
    waitFor(alice, UNDO + ".disabled", 3000);
    assertThat(text(alice, "#flash")).contains("Undone");
  }

  @Test
  void historyPanelListsOthersChangesLiveAsText() {
    Map<String, String> talks = workshop("hist-panel");
    String talkId = talks.get("Why deep nets generalize");
    String bob = node.organizerToken("bob", "hist-panel");
    open(node.port(), "hist-panel", "alice", "alice-password-1");
    String markup = "<b>Generalization</b>";
    Fixtures.command(node.http, bob, "hist-panel", Fixtures.rename(talkId, markup));
    alice.findElement(By.cssSelector(row(talkId) + "[data-action=history]")).click();
    String items = "document.querySelectorAll(\"" + row(talkId) + "[data-history] li\")";
    waitFor(alice, items + ".length === 1", 3000);

    // A move by the same user arrives live, on top.
    Fixtures.command(node.http, bob, "hist-panel", new JsonObject().put("type", "talk.move").put("talkId", talkId)
        .put("start", "09:45").put("end", "10:15"));
    waitFor(alice, items + ".length === 2", 3000);
    String first = (String) js(alice, "return " + items + "[0].textContent");
    String second = (String) js(alice, "return " + items + "[1].textContent");
    assertThat(first).contains("bob").contains("moved " + markup + " from 09:30 to 09:45");
    assertThat(second).contains("bob").contains("renamed Why deep nets generalize to " + markup);
    assertThat((String) js(alice, "return " + items + "[1].querySelector('.what em').textContent")).isEqualTo("Why deep nets generalize");
    assertThat((Long) js(alice, "return document.querySelectorAll('[data-history] b').length")).isZero();
    // Other talks' panels do not list them; a shift is listed for the talks it moved.
    Fixtures.command(node.http, admin, "hist-panel", new JsonObject().put("type", "schedule.shift").put("from", "09:45").put("minutes", 15));
    waitFor(alice, items + ".length === 3 && " + items + "[0].textContent.includes('shifted 3 talks from 09:45 by +15 min')", 3000);
    String opening = talks.get("Opening");
    alice.findElement(By.cssSelector(row(opening) + "[data-action=history]")).click();
    waitFor(alice, "document.querySelector(\"" + row(opening) + "[data-history]\").textContent.includes('No changes')", 3000);
    // Toggles closed.
    alice.findElement(By.cssSelector(row(talkId) + "[data-action=history]")).click();
    assertThat((Boolean) js(alice, "return document.querySelector(\"" + row(talkId) + "[data-history]\").hidden")).isTrue();
  }

  @Test
  void undoAfterSomeoneElseChangedTheFieldIsRefusedWithTheirName() {
    String talkId = workshop("hist-conflict").get("Expressivity of depth");
    open(node.port(), "hist-conflict", "alice", "alice-password-1");
    rename(talkId, "Alice's title");
    eventually(() -> "Alice's title".equals(talkOf("hist-conflict", talkId).getString("title")), 5000);
    Fixtures.command(node.http, admin, "hist-conflict", Fixtures.rename(talkId, "Admin's title"));
    long version = node.http.get("/api/workshops/hist-conflict").json().getLong("version");
    waitFor(alice, "window.lineupEditor.live.version === " + version + " && !" + UNDO + ".disabled", 3000);

    alice.findElement(By.cssSelector("[data-action=undo]")).click();
    waitFor(alice, "document.querySelector('#flash').textContent.includes('Cannot undo')", 3000);
    String message = text(alice, "#flash");
    assertThat(message).contains("admin-test").contains("Admin's title");
    assertThat(talkOf("hist-conflict", talkId).getString("title")).isEqualTo("Admin's title");
    assertThat(node.http.get("/api/workshops/hist-conflict").json().getLong("version")).isEqualTo(version);
    assertThat(lastEvent("hist-conflict").getString("type")).isEqualTo("talk.updated");
    assertThat((String) js(alice, "return document.querySelector(\"" + row(talkId) + "[name=title]\").value")).isEqualTo("Admin's title");
  }

  @Test
  void whileTheStoreIsAwayABannerShowsAndTheEditWaits() throws Exception {
    Path file = Files.createTempDirectory("lineup-editor-outage").resolve("store.mv.db");
    int port = LineupProcess.freePort();
    MongoServer store = new MongoServer(new H2Backend(file.toString()));
    store.bind("127.0.0.1", port);
    try (TestNode own = TestNode.start(Map.of("mongo_uri", "mongodb://127.0.0.1:" + port))) {
      String ownAdmin = own.adminToken();
      Fixtures.createUser(own.http, ownAdmin, "carol", "carol-password-1", List.of("*"));
      Fixtures.importPage(own.http, ownAdmin, "paused", "2018-04-03", Fixtures.theoryPage("meeting-paused", "Aula", false));
      String talkId = Fixtures.talkIds(own.http, "paused").get("Opening");
      open(own.port(), "paused", "carol", "carol-password-1");
      assertThat((Boolean) js(alice, "return document.querySelector('[data-changes-paused]').hidden")).isTrue();

      store.shutdownNow();
      rename(talkId, "Opening, kept while paused");
      waitFor(alice, "!document.querySelector('[data-changes-paused]').hidden", 10_000);
      assertThat(text(alice, "[data-changes-paused]")).contains("paused");
      assertThat((String) js(alice, "return document.querySelector('[data-changes-paused]').getAttribute('role')")).isEqualTo("status");
      waitFor(alice, "document.querySelector(\"" + row(talkId) + "[name=title]\").classList.contains('unsaved')", 5000);

      store = new MongoServer(new H2Backend(file.toString()));
      store.bind("127.0.0.1", port);
      waitFor(alice, "document.querySelector('[data-changes-paused]').hidden", 15_000);
      long deadline = System.currentTimeMillis() + 15_000;
      while (!"Opening, kept while paused".equals(Fixtures.talkIds(own.http, "paused").keySet().iterator().next())) {
        if (System.currentTimeMillis() > deadline) throw new AssertionError("the pending edit was never saved");
        Browsers.sleep(100);
      }
      waitFor(alice, "!document.querySelector(\"" + row(talkId) + "[name=title]\").classList.contains('unsaved')", 5000);
      assertThat(own.http.get("/api/workshops/paused").json().getLong("version")).isEqualTo(2); // once
    } finally {
      store.shutdownNow();
    }
  }
}
