package dev.lineup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lineup as users run it: {@code java -jar target/lineup.jar} in a child JVM, so that tests can
 * kill it with -9 (SIGKILL) and start it again on the same data folder. It binds port 0 and the
 * port is read back from its "ready" log line (no port picked in advance, no race for it).
 */
public final class LineupProcess implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "admin-password-for-tests";
  public static final String LOG_FILE = "lineup.log";
  private static final Pattern READY = Pattern.compile("Lineup ready on http://localhost:(\\d+)/");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  public final Http http;

  private final String host;

  private LineupProcess(Process process, String host, int port) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.http = new Http("http://" + host + ":" + port);
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("lineup.jar", "target/lineup.jar"));
    if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run mvn package first");
    return jar;
  }

  /** Starts a node on {@code dataDir} (its log in {@code dataDir/lineup.log}) and waits until /health answers UP. */
  public static LineupProcess start(Path dataDir, Map<String, String> env) {
    return start(dataDir, env, List.of(), "127.0.0.1");
  }

  /**
   * As {@link #start(Path, Map)}, the java command run by {@code launcher} (e.g. {@code ip netns
   * exec ns}), reached on {@code host}.
   */
  public static LineupProcess start(Path dataDir, Map<String, String> env, List<String> launcher, String host) {
    Map<String, String> all = new HashMap<>();
    all.put("LINEUP_HTTP_PORT", "0");
    all.put("LINEUP_DATA_DIR", dataDir.toString());
    all.put("LINEUP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    all.putAll(env);
    List<String> command = new java.util.ArrayList<>(launcher);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar().toAbsolutePath().toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(all);
    pb.directory(dataDir.toFile());
    pb.redirectErrorStream(true);
    Path log = dataDir.resolve(LOG_FILE);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      long logged = Files.exists(log) ? Files.size(log) : 0;
      Process process = pb.start();
      LineupProcess node = new LineupProcess(process, host, readyPort(process, log, logged));
      Await.until("lineup on port " + node.port + " healthy", START_TIMEOUT, () -> node.healthy());
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port named by the "ready" line this start writes after {@code from} bytes of the log. */
  private static int readyPort(Process process, Path log, long from) {
    return Await.value("lineup ready (see " + log + ")", START_TIMEOUT, () -> {
      if (!process.isAlive()) throw new IllegalStateException("lineup exited with " + process.exitValue() + ", see " + log);
      Matcher m = READY.matcher(logSince(log, from));
      return m.find() ? Integer.parseInt(m.group(1)) : null;
    });
  }

  private static String logSince(Path log, long from) {
    try {
      byte[] all = Files.readAllBytes(log);
      return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private boolean healthy() {
    if (!process.isAlive()) throw new IllegalStateException("lineup exited with " + process.exitValue());
    try {
      return http.get("/health").status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  public String adminToken() {
    Http.Response r = http.post("/api/token", "application/json",
        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    if (r.status() != 200) throw new IllegalStateException("no token: " + r.status() + " " + r.body());
    return r.json().getString("token");
  }

  public String host() {
    return host;
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

  @Override
  public void close() {
    if (process.isAlive()) kill();
  }
}
