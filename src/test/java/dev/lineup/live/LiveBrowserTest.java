package dev.lineup.live;

import dev.lineup.bus.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser module in a real browser (headless Chromium), with the vendored official clients,
 * against the bridge and a core built on the real Decider. Skipped where Chromium and its driver
 * are not installed (Debian: {@code apt-get install chromium chromium-driver}).
 */
class LiveBrowserTest {

  /** A page of ours would be: no inline script, under the pages' Content-Security-Policy. */
  private static final String PAGE = """
      <!doctype html><meta charset="utf-8"><title>follow</title>
      <script type="module" src="/test/follow.js"></script>
      """;
  private static final String SCRIPT = """
      import { follow } from '/js/lineup-live.js';
      window.log = { statuses: [], seqs: [], presence: null, workshop: null };
      window.live = follow({ workshop: 'w1', token: 'alice',
        onWorkshop: (w) => { window.log.workshop = w; },
        onEvent: (e) => { window.log.seqs.push(e.seq); },
        onPresence: (p) => { window.log.presence = p; },
        onStatus: (s) => { window.log.statuses.push(s); } });
      """;

  private BrowserRig rig;

  @BeforeEach
  void start() {
    rig = BrowserRig.start("follow", PAGE, SCRIPT);
  }

  @AfterEach
  void stop() {
    if (rig != null) rig.close();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> sendFromPage(String commandJson) {
    return (Map<String, Object>) ((JavascriptExecutor) rig.browser()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        window.live.send(%s).then(
          (reply) => done({ reply }),
          (e) => done({ error: { status: e.status, message: e.message, retryable: Boolean(e.retryable) } }));
        """.formatted(commandJson));
  }

  private JsonObject pageWorkshop() {
    return new JsonObject((String) rig.js("return JSON.stringify(window.log.workshop)"));
  }

  private void assertPageMatchesCore() {
    long version = rig.core.snapshot("w1").getLong("version");
    rig.waitFor("window.log.workshop && window.log.workshop.version === " + version);
    assertThat(pageWorkshop()).isEqualTo(rig.core.snapshot("w1"));
    @SuppressWarnings("unchecked")
    List<Long> seqs = (List<Long>) rig.js("return window.log.seqs");
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("applied strictly by seq: %s", seqs).isEqualTo(seqs.get(i - 1) + 1);
    }
  }

  private static JsonObject command(String json) {
    return new JsonObject(json);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theModuleFollowsAWorkshopThroughEverything() {
    rig.core.execute("w1", command("""
        {"type": "workshop.create", "workshop": {"version": 0, "title": "Live", "room": "Aula",
          "talks": [{"title": "Opening", "start": "09:00", "end": "09:30"},
                    {"title": "Keynote", "start": "09:30", "end": "10:30"}]}}"""), "bob", true);
    rig.core.execute("w1", command("""
        {"type": "talk.add", "talk": {"title": "Talk", "start": "10:00", "end": "11:00"}}"""), "bob", true);

    rig.openPage();
    rig.waitFor("window.log && window.log.statuses.includes('online')");
    assertPageMatchesCore();
    assertThat(pageWorkshop().getJsonArray("warnings")).isNotEmpty();

    // Another organizer's change arrives live.
    rig.core.execute("w1", command("""
        {"type": "talk.update", "talkId": "t1-2", "set": {"title": "Keynote!"}}"""), "bob", true);
    assertPageMatchesCore();

    // A command from the page: answered, and applied once.
    Map<String, Object> sent = sendFromPage("{type: 'talk.move', talkId: 't1-1', start: '08:30', end: '09:00'}");
    assertThat(sent).containsKey("reply");
    assertPageMatchesCore();

    Map<String, Object> refused = sendFromPage("{type: 'talk.move', talkId: 'nope', start: '08:30', end: '09:00'}");
    assertThat(refused).containsKey("error");
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) refused.get("error");
    assertThat(error.get("status")).isEqualTo(404L);
    assertThat((String) error.get("message")).contains("nope");

    // A lost message: the next one reveals the gap, the page fetches what it missed.
    rig.core.execute("w1", command("""
        {"type": "schedule.shift", "from": "09:30", "minutes": 10}"""), "bob", false);
    rig.core.execute("w1", command("""
        {"type": "talk.update", "talkId": "t2", "set": {"abstract": "after the gap"}}"""), "bob", true);
    assertPageMatchesCore();

    // The server says the socket fell behind: the page catches up.
    rig.core.execute("w1", command("""
        {"type": "workshop.update", "set": {"room": "Hall B"}}"""), "bob", false);
    rig.vertx.eventBus().publish(Addresses.workshop("w1"), new JsonObject().put("type", Addresses.Notice.LAGGING).put("after", 6));
    assertPageMatchesCore();

    // Presence: what the page edits, under the token's identity.
    rig.js("window.live.setEditing('t1-2', 'title')");
    rig.waitFor("window.log.presence && window.log.presence.present.length === 1"
        + " && window.log.presence.present[0].editing && window.log.presence.present[0].editing.talkId === 't1-2'");
    assertThat((String) rig.js("return window.log.presence.present[0].sub")).isEqualTo("alice");

    // The server goes away and comes back; meanwhile the workshop changed.
    rig.serverAway();
    rig.waitFor("window.log.statuses[window.log.statuses.length - 1] === 'offline'");
    rig.core.execute("w1", command("""
        {"type": "talk.remove", "talkId": "t1-1"}"""), "bob", true);
    rig.serverBack();
    rig.waitFor("window.log.statuses[window.log.statuses.length - 1] === 'online'");
    assertPageMatchesCore();
    assertThat(new JsonArray((List<?>) rig.js("return window.log.statuses")).getList())
        .containsSubsequence("catching-up", "online", "offline", "catching-up", "online");
  }
}
