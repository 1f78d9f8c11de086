package dev.lineup.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.lineup.pages.Browsers.js;
import static dev.lineup.pages.Browsers.text;
import static dev.lineup.pages.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue screen reloaded (or rebooted) while the network is down: DevTools' offline emulation
 * cuts the page and its service worker off; the page must come back from the service worker with
 * the last schedule it had, say since when it is offline, keep advancing on its clock, and catch
 * up when the network is back.
 */
class OfflineReloadTest {

  @RegisterExtension
  static final Stage stage = Stage.of(1280, 720);

  /** The network goes away, the page notices, and it is reloaded without it. */
  private static void reloadOffline() {
    Browsers.offline(stage.browser, true);
    waitFor(stage.browser, "document.body.dataset.status === 'offline'");
    stage.browser.navigate().refresh();
  }

  @Test
  void aDisplayReloadedWithoutTheNetworkShowsTheLastScheduleAndCatchesUpWhenItIsBack() {
    Fixtures.importPage(stage.node.http, stage.admin, "offline-room", "2018-04-03", Fixtures.theoryPage("dali2018", "Aula", false));
    Map<String, String> talks = Fixtures.talkIds(stage.node.http, "offline-room");
    String page = stage.base() + "/display.html?workshop=offline-room&at=2018-04-03T10:04:50";
    stage.browser.get(page);
    waitFor(stage.browser, "document.body.dataset.status === 'online' && navigator.serviceWorker.controller !== null");
    // Changes after the page loaded: the last schedule it had is not the snapshot it loaded.
    Fixtures.command(stage.node.http, stage.admin, "offline-room", Fixtures.rename(talks.get("Coffee Break"), "Coffee and posters"));
    Fixtures.command(stage.node.http, stage.admin, "offline-room", Fixtures.shift("10:00", 5));
    waitFor(stage.browser, "document.querySelector('#late').textContent === 'Running 5 min late'");

    try {
      reloadOffline();
      waitFor(stage.browser, "document.querySelector('#next-title').textContent === 'Coffee and posters'");
      assertThat(text(stage.browser, "#next-time")).isEqualTo("10:05 – 10:35");
      assertThat(text(stage.browser, "#now-title")).isEqualTo("—");
      assertThat(text(stage.browser, "#late")).isEqualTo("Running 5 min late");
      assertThat(text(stage.browser, "#room")).isEqualTo("Aula");
      waitFor(stage.browser, "document.body.dataset.status === 'offline'");
      assertThat(text(stage.browser, "#offline")).isEqualTo("● offline since 10:04");
      // Its own clock moves it on: at 10:05 the (shifted) break starts.
      waitFor(stage.browser, "document.querySelector('#now-title').textContent === 'Coffee and posters'", 20_000);

      Fixtures.command(stage.node.http, stage.admin, "offline-room", Fixtures.rename(talks.get("Expressivity of depth"), "Depth, revisited"));
    } finally {
      Browsers.offline(stage.browser, false);
    }
    waitFor(stage.browser, "document.querySelector('#next-title').textContent === 'Depth, revisited'", 10_000);
    waitFor(stage.browser, "document.body.dataset.status === 'online' && document.querySelector('#offline').hidden");
    assertThat(((Number) js(stage.browser, "return window.lineupDisplay.live.version")).longValue())
        .isEqualTo(Fixtures.version(stage.node.http, "offline-room"));
  }

  @Test
  void theLobbyReloadedWithoutTheNetworkShowsItsRooms() {
    Fixtures.importPage(stage.node.http, stage.admin, "offline-a", "2018-04-10", Fixtures.theoryPage("offline2018", "Aula", false));
    Fixtures.importPage(stage.node.http, stage.admin, "offline-b", "2018-04-10", Fixtures.fairnessPage("offline2018", "Room B"));
    String page = stage.base() + "/display.html?meeting=offline2018&at=2018-04-10T09:40";
    stage.browser.get(page);
    waitFor(stage.browser, "document.body.dataset.status === 'online' && navigator.serviceWorker.controller !== null"
        + " && document.querySelectorAll('.room-card').length === 2");
    Fixtures.command(stage.node.http, stage.admin, "offline-b", Fixtures.shift("09:00", 10));
    waitFor(stage.browser, "document.querySelector('[data-room=\"Room B\"] .rc-late')");
    try {
      reloadOffline();
      waitFor(stage.browser, "document.querySelectorAll('.room-card').length === 2");
      assertThat(text(stage.browser, "[data-room=Aula] .rc-now .rc-title")).isEqualTo("Why deep nets generalize");
      assertThat(text(stage.browser, "[data-room='Room B'] .rc-late")).isEqualTo("Running 10 min late");
      waitFor(stage.browser, "document.body.dataset.status === 'offline' && !document.querySelector('#offline').hidden");
      assertThat(text(stage.browser, "#offline")).startsWith("● offline since 09:");
    } finally {
      Browsers.offline(stage.browser, false);
    }
    waitFor(stage.browser, "document.body.dataset.status === 'online'", 10_000);
  }
}
