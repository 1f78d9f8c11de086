package dev.lineup.pages;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Debian Chromium for the browser tests (and the planner's bench harness,
 * {@code dev.lineup.bench.PlannerBench}), driven through the installed chromedriver (never a
 * downloaded one). Tests call {@link #assumeInstalled()} first: without the browser they are
 * skipped. The browser's console is recorded: after each test {@link CspConsole} fails it when a
 * page broke its Content-Security-Policy during it (Chromium logs every refusal there), and
 * {@link #quit} does for whatever came after the last test.
 */
public final class Browsers {

  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");
  private static final Set<WebDriver> OPEN = ConcurrentHashMap.newKeySet();

  private Browsers() {
  }

  public static void assumeInstalled() {
    assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(), "chromium and chromedriver are not installed");
  }

  public static ChromeDriver start(int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("lineup-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-GB",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    viewport(driver, width, height);
    OPEN.add(driver);
    return driver;
  }

  /** Sets the page's viewport (CSS pixels) exactly, whatever the window's decorations. */
  static void viewport(ChromeDriver driver, int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height + 200));
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Quits the browser; fails when any page broke its Content-Security-Policy while it ran. */
  public static void quit(WebDriver driver) {
    if (driver == null) return;
    OPEN.remove(driver);
    List<String> violations;
    try {
      violations = cspViolations(driver);
    } finally {
      driver.quit();
    }
    assertThat(violations).as("Content-Security-Policy violations in the browser console").isEmpty();
  }

  /** Every CSP refusal in the consoles of the browsers open now, since the last look (for {@link CspConsole}). */
  static List<String> cspViolationsOfOpenBrowsers() {
    return OPEN.stream().flatMap(d -> cspViolations(d).stream()).toList();
  }

  /** The console's CSP refusals since the last look ("Refused to … Content Security Policy …"). */
  public static List<String> cspViolations(WebDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
        .toList();
  }

  public static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static String text(WebDriver driver, String selector) {
    return (String) js(driver, "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
  }

  /** Waits until the JavaScript expression is true; returns how long that took, in ms. */
  public static long waitFor(WebDriver driver, String condition, long timeoutMs) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Object last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = js(driver, "try { return Boolean(" + condition + "); } catch (e) { return String(e); }");
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      if (Boolean.TRUE.equals(last)) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      sleep(25);
    }
    throw new AssertionError("not true within " + timeoutMs + " ms: " + condition + " (last: " + last + ")");
  }

  static long waitFor(WebDriver driver, String condition) {
    return waitFor(driver, condition, 15_000);
  }

  static String quoted(String s) {
    return io.vertx.core.json.Json.encode(s);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
