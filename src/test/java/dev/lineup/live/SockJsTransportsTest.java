package dev.lineup.live;

import dev.lineup.bus.Addresses;
import dev.lineup.pages.Browsers;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SockJS transport Lineup keeps, end to end in real Chromium with the vendored official
 * client (sockjs-client's {@code transports} option forces one): register (and its
 * acknowledgement), events in order, a command with its reply, a reconnect that catches up. The
 * transports turned off answer 404, and nothing sets a cookie.
 */
class SockJsTransportsTest {

  private static TestNode node;
  private static Http http;
  private static String organizer;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Browsers.assumeInstalled();
    node = TestNode.start();
    http = node.http;
    organizer = node.adminToken();
    browser = Browsers.start(1024, 768);
  }

  @AfterAll
  static void stop() {
    try {
      Browsers.quit(browser);
    } finally {
      if (node != null) node.close();
    }
  }

  /** Loads the official clients into a page of ours and defines the helpers the test drives. */
  private static final String SETUP = """
      const [transport, token, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
      const load = (src) => new Promise((ok, fail) => {
        const s = document.createElement('script');
        s.src = src; s.onload = ok; s.onerror = () => fail(new Error('cannot load ' + src));
        document.head.appendChild(s);
      });
      const clients = globalThis.EventBus ? Promise.resolve()
        : load('/vendor/sockjs-client/sockjs.min.js').then(() => load('/vendor/vertx-eventbus/vertx-eventbus.js'));
      window.t = { frames: [], errors: [], acks: 0, open: false, transport: null, eb: null };
      window.t.connect = (address) => {
        const eb = new EventBus('/eventbus', { transports: [transport] });
        eb.defaultHeaders = { authorization: 'Bearer ' + token };
        window.t.eb = eb;
        eb.onerror = (e) => window.t.errors.push(JSON.stringify(e));
        eb.onclose = () => { window.t.open = false; };
        eb.onopen = () => {
          window.t.open = true;
          window.t.transport = eb.sockJSConn.transport;
          eb.registerHandler(address, (err, msg) => {
            if (err) { window.t.errors.push(JSON.stringify(err)); return; }
            if (msg.body.type === 'lineup.registered') window.t.acks++;
            else window.t.frames.push(msg.body);
          });
        };
      };
      clients.then(() => done(true), (e) => done(String(e)));
      """;

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private static JsonObject rename(String talk, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject().put("title", title));
  }

  private static List<Long> seqsSeen() {
    JsonArray frames = new JsonArray((String) js("return JSON.stringify(window.t.frames)"));
    return frames.stream().map(f -> ((JsonObject) f).getLong("seq")).toList();
  }

  private static List<Long> seqs(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "xhr-streaming", "xhr-polling", "eventsource"})
  void everyKeptTransportRegistersReceivesInOrderSendsAndCatchesUp(String transport) {
    String id = "transport-" + transport;
    JsonObject workshop = new JsonObject().put("id", id).put("title", "Over " + transport).put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", organizer, workshop).status()).isEqualTo(201);
    String talk = http.get("/api/workshops/" + id).json().getJsonArray("talks").getJsonObject(0).getString("id");
    String address = Addresses.workshop(id);

    browser.get("http://127.0.0.1:" + node.port() + "/editor.html");
    assertThat(((JavascriptExecutor) browser).executeAsyncScript(SETUP, transport, organizer)).isEqualTo(true);
    js("window.t.connect(arguments[0])", address);
    Browsers.waitFor(browser, "window.t.acks === 1", 15_000);
    assertThat(js("return window.t.transport")).isEqualTo(transport);

    // Events, in order.
    for (int i = 0; i < 3; i++) assertThat(http.command(id, organizer, rename(talk, "REST " + i)).status()).isEqualTo(200);
    Browsers.waitFor(browser, "window.t.frames.length === 3", 15_000);
    assertThat(seqsSeen()).containsExactlyElementsOf(seqs(2, 4));

    // A command from the page, answered on its reply address; its event comes back too.
    Object reply = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        window.t.eb.send('lineup.commands', Object.assign({ workshop: arguments[0] }, JSON.parse(arguments[1])), {},
          (err, msg) => done(err ? 'err ' + JSON.stringify(err) : msg.body.version));
        """, id, rename(talk, "from the page").encode());
    assertThat(reply).isEqualTo(5L);
    Browsers.waitFor(browser, "window.t.frames.length === 4", 15_000);

    // Away and back: what happened meanwhile comes from /events after the acknowledgement.
    js("window.t.eb.close()");
    Browsers.waitFor(browser, "!window.t.open", 15_000);
    for (int i = 0; i < 2; i++) assertThat(http.command(id, organizer, rename(talk, "away " + i)).status()).isEqualTo(200);
    js("window.t.connect(arguments[0])", address);
    Browsers.waitFor(browser, "window.t.acks === 2", 15_000);
    Object missed = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/workshops/' + arguments[0] + '/events?after=5').then((r) => r.json())
          .then((events) => { window.t.frames.push(...events); done(events.length); }, (e) => done(String(e)));
        """, id);
    assertThat(missed).isEqualTo(2L);
    assertThat(http.command(id, organizer, rename(talk, "back")).status()).isEqualTo(200);
    Browsers.waitFor(browser, "window.t.frames.length === 7", 15_000);
    assertThat(seqsSeen()).containsExactlyElementsOf(seqs(2, 8));
    assertThat(js("return window.t.errors")).asList().isEmpty();
    js("window.t.eb.close()");
    assertThat(Browsers.cspViolations(browser)).isEmpty();
  }

  @Test
  void theTransportsTurnedOffAnswer404AndNoCookieIsSet() {
    for (String path : List.of("/eventbus/iframe.html", "/eventbus/iframe-abc.html",
        "/eventbus/000/abcd/jsonp?c=callback", "/eventbus/000/abcd/htmlfile?c=callback")) {
      Http.Response r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).doesNotContain("cdn.jsdelivr").doesNotContain("<script");
    }
    for (Http.Response r : List.of(http.get("/eventbus/info"), http.post("/eventbus/000/cookie/xhr", "text/plain", ""))) {
      assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }
    assertThat(http.get("/eventbus/info").json().getBoolean("cookie_needed")).isFalse();
  }
}
