package dev.lineup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lineup as users run it: {@code java -jar target/lineup.jar} in a child JVM, so that tests can
 * kill it with -9 (SIGKILL) and start it again on the same data folder.
 */
public final class LineupProcess implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final Process process;
  private final int port;
  public final Http http;

  private LineupProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.http = new Http("http://127.0.0.1:" + port);
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("lineup.jar", "target/lineup.jar"));
    if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run mvn package first");
    return jar;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a node on {@code dataDir} and waits until /health answers UP. */
  public static LineupProcess start(Path dataDir, Map<String, String> env) {
    int port = freePort();
    Map<String, String> all = new HashMap<>();
    all.put("LINEUP_HTTP_PORT", String.valueOf(port));
    all.put("LINEUP_DATA_DIR", dataDir.toString());
    all.put("LINEUP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    all.putAll(env);
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar().toAbsolutePath().toString()));
    pb.environment().putAll(all);
    pb.directory(dataDir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("lineup.log").toFile()));
    try {
      LineupProcess node = new LineupProcess(pb.start(), port);
      node.awaitHealthy(Duration.ofSeconds(60));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("lineup exited with " + process.exitValue());
      try {
        if (http.get("/health").status() == 200) return;
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    throw new IllegalStateException("lineup not healthy after " + timeout);
  }

  public String adminToken() {
    Http.Response r = http.post("/api/token", "application/json",
        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    if (r.status() != 200) throw new IllegalStateException("no token: " + r.status() + " " + r.body());
    return r.json().getString("token");
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook, no last commit. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the graceful way. */
  public int terminate() {
    process.destroy();
    return waitFor();
  }

  private int waitFor() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) kill();
  }
}
