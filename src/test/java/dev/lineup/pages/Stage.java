package dev.lineup.pages;

import dev.lineup.support.TestNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a page test class plays on: a real node, its admin token, and one headless browser. A JUnit
 * extension: started before the class's {@code @BeforeAll} methods (the class is skipped without
 * Chromium), closed after its tests.
 * <pre>
 *   {@literal @}RegisterExtension
 *   static final Stage stage = Stage.of(1280, 800);
 * </pre>
 */
final class Stage implements BeforeAllCallback, AfterAllCallback {

  private final int width;
  private final int height;
  private final boolean recordingNetwork;
  TestNode node;
  String admin;
  ChromeDriver browser;

  private Stage(int width, int height, boolean recordingNetwork) {
    this.width = width;
    this.height = height;
    this.recordingNetwork = recordingNetwork;
  }

  static Stage of(int width, int height) {
    return new Stage(width, height, false);
  }

  /** With the browser's network events kept (to count WebSockets: {@link Browsers#webSocketsCreated}). */
  static Stage recordingNetwork(int width, int height) {
    return new Stage(width, height, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Browsers.assumeInstalled();
    node = TestNode.start();
    admin = node.adminToken();
    try {
      browser = recordingNetwork ? Browsers.startRecordingNetwork(width, height) : Browsers.start(width, height);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      Browsers.quit(browser);
    } finally {
      if (node != null) node.close();
    }
  }

  /** The node's origin as the browser sees it ({@code localhost}: a secure context for service workers). */
  String base() {
    return "http://localhost:" + node.port();
  }
}
