package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.http.SecurityHeaders;
import dev.lineup.pages.Browsers;
import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lineup-live's one connection for many workshops ({@code connect().follow(id)}) in headless
 * Chromium against the bridge and a core on the real Decider: one socket for two workshops, each
 * in its own seq order, a catch-up when the server acknowledges a registration
 * ({@code lineup.registered}), one workshop let go while the other stays, a server restart.
 */
class LiveConnectionBrowserTest {

  private static final Path WEBROOT = Path.of("webroot").toAbsolutePath();
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
    router.get("/test/connect.html").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8").end(PAGE));
    router.get("/test/connect.js").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/javascript; charset=utf-8").end(SCRIPT));
    router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, WEBROOT.toString()).setCachingEnabled(false));
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
      sleep(20);
    }
    throw new AssertionError("never true: " + condition + "; log " + js("return JSON.stringify(window.log)"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void execute(String workshop, String json, boolean publish) {
    core.execute(workshop, new JsonObject(json), "bob", publish);
  }

  private void assertFollows(String id) {
    long version = core.snapshot(id).getLong("version");
    waitFor("window.log.workshops." + id + " && window.log.workshops." + id + ".version === " + version);
    assertThat(new JsonObject((String) js("return JSON.stringify(window.log.workshops." + id + ")"))).isEqualTo(core.snapshot(id));
    @SuppressWarnings("unchecked")
    List<Long> seqs = (List<Long>) js("return window.log.seqs." + id);
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
    browser.get("http://localhost:" + port + "/test/connect.html");
    waitFor("window.log.statuses.includes('online')");
    assertFollows("w1");
    assertFollows("w2");
    assertThat(bridge.counters().socketsOpen.get()).as("sockets for two workshops").isEqualTo(1);

    execute("w1", "{\"type\": \"talk.add\", \"talk\": {\"title\": \"One\", \"start\": \"10:00\", \"end\": \"10:30\"}}", true);
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall B\"}}", true);
    execute("w1", "{\"type\": \"schedule.shift\", \"from\": \"09:00\", \"minutes\": 5}", true);
    assertFollows("w1");
    assertFollows("w2");

    // A change the page cannot see (not published), then the server's acknowledgement of a
    // registration on w2: the page catches up on it (a notice, not an event).
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall C\"}}", false);
    vertx.eventBus().publish(Addresses.workshop("w2"), new JsonObject().put("type", "lineup.registered"));
    assertFollows("w2");

    // Let w1 go: its events no longer reach the page, w2's still do, on the same socket.
    js("window.follows.w1.close()");
    long w1Version = ((Number) js("return window.log.workshops.w1.version")).longValue();
    execute("w1", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Gone\"}}", true);
    execute("w2", "{\"type\": \"workshop.update\", \"set\": {\"room\": \"Hall D\"}}", true);
    assertFollows("w2");
    assertThat(((Number) js("return window.log.workshops.w1.version")).longValue()).isEqualTo(w1Version);
    assertThat(bridge.counters().socketsOpen.get()).isEqualTo(1);

    // The server goes away and comes back; meanwhile w2 changed.
    Await.result(server.close(), Duration.ofSeconds(10));
    waitFor("window.log.statuses[window.log.statuses.length - 1] === 'offline'");
    execute("w2", "{\"type\": \"talk.add\", \"talk\": {\"title\": \"While away\", \"start\": \"11:00\", \"end\": \"11:30\"}}", true);
    listen(port);
    waitFor("window.log.statuses[window.log.statuses.length - 1] === 'online'");
    assertFollows("w2");
    assertThat(bridge.counters().socketsOpen.get()).isEqualTo(1);
  }
}
