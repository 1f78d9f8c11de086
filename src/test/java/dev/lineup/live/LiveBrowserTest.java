package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.http.SecurityHeaders;
import dev.lineup.pages.Browsers;
import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;
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

  private static final Path WEBROOT = Path.of("webroot").toAbsolutePath();
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

  private Vertx vertx;
  private MiniCore core;
  private LiveBridge bridge;
  private Router router;
  private HttpServer server;
  private int port;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    Browsers.assumeInstalled();
    vertx = Vertx.vertx();
    core = new MiniCore(vertx);
    bridge = LiveBridge.create(vertx, new LiveOptions(), new TestAuthenticator());
    router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    router.route("/eventbus/*").subRouter(bridge.router());
    core.mount(router);
    router.get("/test/follow.html").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8").end(PAGE));
    router.get("/test/follow.js").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/javascript; charset=utf-8").end(SCRIPT));
    router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, WEBROOT.toString())
        .setCachingEnabled(false));
    listen(0);

    browser = Browsers.start(1024, 768);
  }

  @AfterEach
  void stop() {
    Browsers.quit(browser);
    if (server != null) Await.result(server.close(), Duration.ofSeconds(10));
    if (bridge != null) bridge.close();
    if (vertx != null) Await.result(vertx.close(), Duration.ofSeconds(10));
  }

  private void listen(int onPort) {
    server = Await.result(vertx.createHttpServer().requestHandler(router)
        .listen(onPort, "localhost"), Duration.ofSeconds(10));
    port = server.actualPort();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void waitFor(String condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(js("return Boolean(" + condition + ")"))) return;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("never true: " + condition + "; log " + js("return JSON.stringify(window.log)"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> sendFromPage(String commandJson) {
    return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        window.live.send(%s).then(
          (reply) => done({ reply }),
          (e) => done({ error: { status: e.status, message: e.message, retryable: Boolean(e.retryable) } }));
        """.formatted(commandJson));
  }

  private JsonObject pageWorkshop() {
    return new JsonObject((String) js("return JSON.stringify(window.log.workshop)"));
  }

  private void assertPageMatchesCore() {
    long version = core.snapshot("w1").getLong("version");
    waitFor("window.log.workshop && window.log.workshop.version === " + version);
    assertThat(pageWorkshop()).isEqualTo(core.snapshot("w1"));
    @SuppressWarnings("unchecked")
    List<Long> seqs = (List<Long>) js("return window.log.seqs");
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
    core.execute("w1", command("""
        {"type": "workshop.create", "workshop": {"version": 0, "title": "Live", "room": "Aula",
          "talks": [{"title": "Opening", "start": "09:00", "end": "09:30"},
                    {"title": "Keynote", "start": "09:30", "end": "10:30"}]}}"""), "bob", true);
    core.execute("w1", command("""
        {"type": "talk.add", "talk": {"title": "Talk", "start": "10:00", "end": "11:00"}}"""), "bob", true);

    browser.get("http://localhost:" + port + "/test/follow.html");
    waitFor("window.log && window.log.statuses.includes('online')");
    assertPageMatchesCore();
    assertThat(pageWorkshop().getJsonArray("warnings")).isNotEmpty();

    // Another organizer's change arrives live.
    core.execute("w1", command("""
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
    core.execute("w1", command("""
        {"type": "schedule.shift", "from": "09:30", "minutes": 10}"""), "bob", false);
    core.execute("w1", command("""
        {"type": "talk.update", "talkId": "t2", "set": {"abstract": "after the gap"}}"""), "bob", true);
    assertPageMatchesCore();

    // The server says the socket fell behind: the page catches up.
    core.execute("w1", command("""
        {"type": "workshop.update", "set": {"room": "Hall B"}}"""), "bob", false);
    vertx.eventBus().publish(Addresses.workshop("w1"), new JsonObject().put("type", Addresses.Notice.LAGGING).put("after", 6));
    assertPageMatchesCore();

    // Presence: what the page edits, under the token's identity.
    js("window.live.setEditing('t1-2', 'title')");
    waitFor("window.log.presence && window.log.presence.present.length === 1"
        + " && window.log.presence.present[0].editing && window.log.presence.present[0].editing.talkId === 't1-2'");
    assertThat((String) js("return window.log.presence.present[0].sub")).isEqualTo("alice");

    // The server goes away and comes back; meanwhile the workshop changed.
    Await.result(server.close(), Duration.ofSeconds(10));
    waitFor("window.log.statuses[window.log.statuses.length - 1] === 'offline'");
    core.execute("w1", command("""
        {"type": "talk.remove", "talkId": "t1-1"}"""), "bob", true);
    listen(port);
    waitFor("window.log.statuses[window.log.statuses.length - 1] === 'online'");
    assertPageMatchesCore();
    assertThat(new JsonArray((List<?>) js("return window.log.statuses")).getList())
        .containsSubsequence("catching-up", "online", "offline", "catching-up", "online");
  }
}
