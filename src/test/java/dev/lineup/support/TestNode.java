package dev.lineup.support;

import dev.lineup.Lineup;
import dev.lineup.auth.Principal;
import dev.lineup.config.Settings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Lineup node in the test JVM: embedded store on a temp folder (over the wire), HTTP on a
 * random port, a known JWT secret so tests can mint tokens. The one way tests start a node:
 * <pre>
 *   {@literal @}RegisterExtension
 *   static final TestNode node = TestNode.extension();   // started before the class's tests, stopped after
 * </pre>
 * (an instance field gets a node per test), or {@code try (TestNode node = TestNode.start()) {...}}.
 */
public final class TestNode implements AutoCloseable, BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> overrides;
  private final Path dataDir;
  private Lineup lineup;
  private int port;
  private boolean startedForOneTest;
  /** Speaks to this node; its base URL is the node's, also after {@link #startAgain()}. */
  public final Http http = new Http(() -> "http://127.0.0.1:" + port());

  private TestNode(Map<String, Object> overrides) {
    this.overrides = Map.copyOf(overrides);
    this.dataDir = overrides.containsKey("data_dir") ? Path.of((String) overrides.get("data_dir")) : tempDir();
  }

  /** A node started now; the caller closes it. */
  public static TestNode start() {
    return start(Map.of());
  }

  /** A node started now with some configuration keys replaced (see config/lineup.yaml). */
  public static TestNode start(Map<String, Object> overrides) {
    TestNode node = new TestNode(overrides);
    node.run(overrides);
    return node;
  }

  /** A node JUnit starts and stops: for the class when the field is static, for each test otherwise. */
  public static TestNode extension() {
    return extension(Map.of());
  }

  public static TestNode extension(Map<String, Object> overrides) {
    return new TestNode(overrides);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (lineup == null) run(overrides);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (lineup != null) return; // a static field: started for the whole class
    run(overrides);
    startedForOneTest = true;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (startedForOneTest) {
      startedForOneTest = false;
      close();
    }
  }

  private void run(Map<String, Object> configured) {
    Map<String, Object> config = new HashMap<>();
    config.put("http_port", 0);
    config.put("jwt_secret", SECRET);
    config.putAll(configured);
    config.put("data_dir", dataDir.toString());
    try {
      lineup = Await.result(Lineup.start(Settings.defaults(config)), START_TIMEOUT);
    } catch (RuntimeException | AssertionError e) {
      throw new IllegalStateException("test node did not start", e);
    }
    port = lineup.httpPort();
  }

  public Lineup lineup() {
    if (lineup == null) throw new IllegalStateException("the node is not running");
    return lineup;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The HTTP port (kept while the node is stopped, so that it starts again on the same one). */
  public int port() {
    if (port == 0) throw new IllegalStateException("the node has not started yet");
    return port;
  }

  public String token(String subject, List<String> roles, List<String> workshops) {
    return lineup().authenticator().issue(Principal.of(subject, roles, workshops), 60);
  }

  public String adminToken() {
    return token("admin-test", List.of(Principal.ADMIN), List.of("*"));
  }

  public String organizerToken(String subject, String workshop) {
    return token(subject, List.of(Principal.ORGANIZER), List.of(workshop));
  }

  /** Stops the node, keeping its data folder and port: as if the server went away. */
  public void stop() {
    if (lineup == null) return;
    try {
      Await.result(lineup.stop(), STOP_TIMEOUT);
    } finally {
      lineup = null;
    }
  }

  /** Starts the stopped node again on the same data folder and the same port: as if the server came back. */
  public void startAgain() {
    if (lineup != null) throw new IllegalStateException("the node is running");
    Map<String, Object> again = new HashMap<>(overrides);
    again.put("http_port", port());
    run(again);
  }

  @Override
  public void close() {
    stop();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("lineup-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
