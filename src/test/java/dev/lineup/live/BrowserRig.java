package dev.lineup.live;

import dev.lineup.http.SecurityHeaders;
import dev.lineup.pages.Browsers;
import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the live browser tests play on: the bridge and a {@link MiniCore} behind a real HTTP server
 * (webroot under the pages' security headers, one test page and its script: the CSP allows no inline
 * script), and a headless browser. Skips the test where Chromium is not installed.
 */
final class BrowserRig implements AutoCloseable {

  private static final Path WEBROOT = Path.of("webroot").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(10);

  final Vertx vertx;
  final MiniCore core;
  final LiveBridge bridge;
  private final Router router;
  private final String page;
  private HttpServer server;
  private int port;
  private ChromeDriver browser;

  /** Serves {@code page} at {@code /test/<name>.html} and {@code script} at {@code /test/<name>.js}. */
  static BrowserRig start(String name, String page, String script) {
    Browsers.assumeInstalled();
    BrowserRig rig = new BrowserRig(name, page, script);
    try {
      rig.listen(0);
      rig.browser = Browsers.start(1024, 768);
      return rig;
    } catch (RuntimeException e) {
      rig.close();
      throw e;
    }
  }

  private BrowserRig(String name, String page, String script) {
    this.page = "/test/" + name + ".html";
    vertx = Vertx.vertx();
    core = new MiniCore(vertx);
    bridge = LiveBridge.create(vertx, new LiveOptions(), new TestAuthenticator());
    router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    router.route("/eventbus/*").subRouter(bridge.router());
    core.mount(router);
    router.get(this.page).handler(ctx -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8").end(page));
    router.get("/test/" + name + ".js").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/javascript; charset=utf-8").end(script));
    router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, WEBROOT.toString()).setCachingEnabled(false));
  }

  private void listen(int onPort) {
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(onPort, "localhost"), WAIT);
    port = server.actualPort();
  }

  ChromeDriver browser() {
    return browser;
  }

  /** The browser opens the test page. */
  void openPage() {
    browser.get("http://localhost:" + port + page);
  }

  /** The server goes away (the page's socket is cut); {@link #serverBack} brings it back on its port. */
  void serverAway() {
    Await.result(server.close(), WAIT);
  }

  void serverBack() {
    listen(port);
  }

  Object js(String script) {
    return Browsers.js(browser, script);
  }

  /** Waits up to 20 s for a condition of the page; the page's {@code window.log} is in the failure. */
  void waitFor(String condition) {
    try {
      Browsers.waitFor(browser, condition, 20_000);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; log " + js("return JSON.stringify(window.log)"), e);
    }
  }

  @Override
  public void close() {
    try {
      Browsers.quit(browser);
    } finally {
      if (server != null) Await.result(server.close(), WAIT);
      bridge.close();
      Await.result(vertx.close(), WAIT);
    }
  }
}
