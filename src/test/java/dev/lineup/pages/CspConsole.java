package dev.lineup.pages;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After every test (registered for all of them, src/test/resources/META-INF/services): a test
 * fails when a page in any browser open from {@link Browsers} broke its Content-Security-Policy.
 */
public final class CspConsole implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext context) {
    assertThat(Browsers.cspViolationsOfOpenBrowsers())
        .as("Content-Security-Policy violations in the browser console during " + context.getDisplayName())
        .isEmpty();
  }
}
