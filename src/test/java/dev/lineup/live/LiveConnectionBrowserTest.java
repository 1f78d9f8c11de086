package dev.lineup.live;

import dev.lineup.bus.Addresses;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lineup-live's one connection for many workshops ({@code connect().follow(id)}) in headless
 * Chromium against the bridge and a core on the real Decider: one socket for two workshops, each
 * in its own seq order, a catch-up when the server acknowledges a registration
 * ({@code lineup.registered}), one workshop let go while the other stays, a server restart.
 */
class LiveConnectionBrowserTest {

  /** The page and its script, apart: the security headers' CSP allows no inline script. */
  private static final String PAGE = """
      <!doctype html><meta charset="utf-8"><title>connect</title>
      <script type="module" src="/test/connect.js"></script>
      """;
  private static final String SCRIPT = """
      import { connect } from '/js/lineup-live.js';
      window.log = { statuses: [], seqs: { w1: [], w2: [] }, workshops: {} };
      window.connection = connect({ token: 'alice', onStatus: (s) => window.log.statuses.push(s) });
      window.follows = {};
      for (const id of ['w1', 'w2']) {
        window.follows[id] = window.connection.follow(id, {
          onWorkshop: (w) => { window.log.workshops[id] = w; },
          onEvent: (e) => { window.log.seqs[id].push(e.seq); } });
      }
      """;

  private BrowserRig rig;

  @BeforeEach
  void start() {
    rig = BrowserRig.start("connect", PAGE, SCRIPT);
  }

  @AfterEach
  void stop() {
    if (rig != null) rig.close();
  }

  private void execute(String workshop, String json, boolean publish) {
    rig.core.execute(workshop, new JsonObject(json), "bob", publish);
  }

  private void assertFollows(String id) {
    long version = rig.core.snapshot(id).getLong("version");
    rig.waitFor("window.log.workshops." + id + " && window.log.workshops." + id + ".version === " + version);
    assertThat(new JsonObject((String) rig.js("return JSON.stringify(window.log.workshops." + id + ")"))).isEqualTo(rig.core.snapshot(id));
    @SuppressWarnings("unchecked")
    List<Long> seqs = (List<Long>) rig.js("return window.log.seqs." + id);
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("%s applied strictly by seq: %s", id, seqs).isEqualTo(seqs.get(i - 1) + 1);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void oneConnectionFollowsTwoWorkshopsEachInItsOwnOrder() {
    for (String id : List.of("w1", "w2")) {
      execute(id, """
          {"type": "workshop.create", "workshop": {"version": 0, "title": "Live %s", "room": "Aula",
            "talks": [{"title": "Opening", "start": "09:00", "end": "09:30"}]}}""".formatted(id), true);
    }
    rig.openPage();
    rig.waitFor("window.log.statuses.includes('online')");
    assertFollows("w1");
    assertFollows("w2");
    assertThat(rig.bridge.counters().socketsOpen.get()).as("sockets for two workshops").isEqualTo(1);

    execute("w1", "{\"type\": \"talk.add\", \"talk\": {\"title\": \"One\", \"start\": \"10:00\", \"end\": \"10:30\"}}", true);
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall B\"}}", true);
    execute("w1", "{\"type\": \"schedule.shift\", \"from\": \"09:00\", \"minutes\": 5}", true);
    assertFollows("w1");
    assertFollows("w2");

    // A change the page cannot see (not published), then the server's acknowledgement of a
    // registration on w2: the page catches up on it (a notice, not an event).
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall C\"}}", false);
    rig.vertx.eventBus().publish(Addresses.workshop("w2"), new JsonObject().put("type", "lineup.registered"));
    assertFollows("w2");

    // Let w1 go: its events no longer reach the page, w2's still do, on the same socket.
    rig.js("window.follows.w1.close()");
    long w1Version = ((Number) rig.js("return window.log.workshops.w1.version")).longValue();
    execute("w1", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Gone\"}}", true);
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall D\"}}", true);
    assertFollows("w2");
    assertThat(((Number) rig.js("return window.log.workshops.w1.version")).longValue()).isEqualTo(w1Version);
    assertThat(rig.bridge.counters().socketsOpen.get()).isEqualTo(1);

    // The server goes away and comes back; meanwhile w2 changed.
    rig.serverAway();
    rig.waitFor("window.log.statuses[window.log.statuses.length - 1] === 'offline'");
    execute("w2", "{\"type\": \"talk.add\", \"talk\": {\"title\": \"While away\", \"start\": \"11:00\", \"end\": \"11:30\"}}", true);
    rig.serverBack();
    rig.waitFor("window.log.statuses[window.log.statuses.length - 1] === 'online'");
    assertFollows("w2");
    assertThat(rig.bridge.counters().socketsOpen.get()).isEqualTo(1);
  }
}
