package dev.lineup.pages;

import dev.lineup.support.TestNode;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a page test class plays on: a real node, its admin token, and one headless browser.
 * Started in {@code @BeforeAll} (skipping the class without Chromium), closed in {@code @AfterAll}.
 */
final class Stage implements AutoCloseable {

  final TestNode node;
  final String admin;
  final ChromeDriver browser;

  private Stage(TestNode node, ChromeDriver browser) {
    this.node = node;
    this.admin = node.adminToken();
    this.browser = browser;
  }

  static Stage start(int width, int height) {
    return start(width, height, false);
  }

  /** With the browser's network events kept (to count WebSockets: {@link Browsers#webSocketsCreated}). */
  static Stage startRecordingNetwork(int width, int height) {
    return start(width, height, true);
  }

  private static Stage start(int width, int height, boolean network) {
    Browsers.assumeInstalled();
    TestNode node = TestNode.start();
    try {
      return new Stage(node, network ? Browsers.startRecordingNetwork(width, height) : Browsers.start(width, height));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The node's origin as the browser sees it ({@code localhost}: a secure context for service workers). */
  String base() {
    return "http://localhost:" + node.port();
  }

  /** Closes a stage that may not have started (its class was skipped). */
  static void close(Stage stage) {
    if (stage != null) stage.close();
  }

  @Override
  public void close() {
    try {
      Browsers.quit(browser);
    } finally {
      node.close();
    }
  }
}
