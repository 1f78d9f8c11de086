package dev.lineup.support;

import dev.lineup.Lineup;
import dev.lineup.auth.Principal;
import dev.lineup.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Lineup node in the test JVM: embedded store on a temp folder (over the wire), HTTP on a
 * random port, a known JWT secret so tests can mint tokens.
 */
public final class TestNode implements AutoCloseable {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

  private final Lineup lineup;
  private final Path dataDir;
  public final Http http;

  private TestNode(Lineup lineup, Path dataDir) {
    this.lineup = lineup;
    this.dataDir = dataDir;
    this.http = new Http("http://127.0.0.1:" + lineup.httpPort());
  }

  public static TestNode start() {
    return start(Map.of());
  }

  public static TestNode start(Map<String, Object> overrides) {
    try {
      Path dir = overrides.containsKey("data_dir") ? Path.of((String) overrides.get("data_dir"))
          : Files.createTempDirectory("lineup-test");
      Map<String, Object> config = new HashMap<>();
      config.put("http_port", 0);
      config.put("data_dir", dir.toString());
      config.put("jwt_secret", SECRET);
      config.putAll(overrides);
      Lineup lineup = Lineup.start(Settings.defaults(config)).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new TestNode(lineup, dir);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
  }

  public Lineup lineup() {
    return lineup;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return lineup.httpPort();
  }

  public String token(String subject, List<String> roles, List<String> workshops) {
    return lineup.authenticator().issue(Principal.of(subject, roles, workshops), 60);
  }

  public String adminToken() {
    return token("admin-test", List.of(Principal.ADMIN), List.of("*"));
  }

  public String organizerToken(String subject, String workshop) {
    return token(subject, List.of(Principal.ORGANIZER), List.of(workshop));
  }

  @Override
  public void close() {
    try {
      lineup.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not stop", e);
    }
  }
}
