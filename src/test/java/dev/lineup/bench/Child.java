package dev.lineup.bench;

import dev.lineup.support.Ports;
import dev.lineup.support.LineupProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a JVM of its own: Lineup as users run it ({@code java -jar lineup.jar}),
 * or one of the {@link BaselineServer}s on this harness's class path, with the same JVM flags.
 */
final class Child implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Child.class);
  static final String SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
  private static final HttpClient PROBE = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final Process process;
  final int port;
  final Path dir;
  final long startedNanos;

  private Child(String name, Process process, int port, Path dir, long startedNanos) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.startedNanos = startedNanos;
  }

  /** {@code java <flags> -jar target/lineup.jar} on a fresh data folder; returns once started (not yet healthy). */
  static Child lineup(String name, Path dataDir, List<String> jvmFlags, Map<String, String> env) {
    return lineup(name, dataDir, jvmFlags, env, Ports.free());
  }

  /** The same on a given port (a restart: the same port and data folder again). */
  static Child lineup(String name, Path dataDir, List<String> jvmFlags, Map<String, String> env, int port) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(LineupProcess.jar().toAbsolutePath().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("LINEUP_HTTP_PORT", String.valueOf(port));
    pb.environment().put("LINEUP_DATA_DIR", dataDir.toString());
    pb.environment().put("LINEUP_JWT_SECRET", SECRET);
    pb.environment().putAll(env);
    return start(name, pb, port, dataDir);
  }

  /** A {@link BaselineServer} mode in a child JVM with this harness's class path. */
  static Child baseline(String name, Path dir, List<String> jvmFlags, int port, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BaselineServer.class.getName());
    cmd.addAll(List.of(args));
    return start(name, new ProcessBuilder(cmd), port, dir);
  }

  /**
   * The Socket.IO baseline ({@code bench/socketio/server.js}) in Node; its pinned packages are
   * installed with {@code npm ci} when {@code node_modules} is absent.
   */
  static Child socketIo(String name, Path dir, int port) {
    Path folder = Path.of(System.getProperty("lineup.socketio", "bench/socketio")).toAbsolutePath();
    if (!Files.isDirectory(folder.resolve("node_modules"))) {
      LOG.info("installing the Socket.IO baseline's packages: npm ci in {}", folder);
      try {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(folder.toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                Files.createDirectories(dir).resolve("npm-ci.log").toFile())).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          throw new IllegalStateException("npm ci failed in " + folder + ", see " + dir.resolve("npm-ci.log"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return start(name, new ProcessBuilder("node", folder.resolve("server.js").toString(), String.valueOf(port)), port, dir);
  }

  private static Child start(String name, ProcessBuilder pb, int port, Path dir) {
    try {
      Files.createDirectories(dir);
      pb.directory(dir.toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
      long started = System.nanoTime();
      Process p = pb.start();
      return new Child(name, p, port, dir, started);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Polls {@code path} until it answers 200; returns the nanoseconds since the process started. */
  long awaitReady(String path, Duration timeout, long pollMs) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + dir.resolve("server.log"));
      try {
        if (PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return System.nanoTime() - startedNanos;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(pollMs);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ", see " + dir.resolve("server.log"));
  }

  Child ready() {
    awaitReady("/health", Duration.ofSeconds(90), 50);
    return this;
  }

  long pid() {
    return process.pid();
  }

  /** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  /** The CPU time (user + system, all threads) the process used so far, from /proc/<pid>/stat. */
  long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
      // After the command name in parentheses (which may hold spaces): fields 3 onwards; utime is 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file descriptors the process holds now (each connection is one). */
  long openFiles() {
    try (var fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

  /** Full GC ({@code jcmd GC.run}), then the used heap from {@code jcmd GC.heap_info}, in bytes. */
  long heapUsedAfterGc() {
    jcmd("GC.run");
    sleep(300);
    String info = jcmd("GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) throw new IllegalStateException("no used heap in: " + info);
    return Long.parseLong(m.group(1)) * 1024;
  }

  String jcmd(String command) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(pid()), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the child printed (baselines that measure by themselves print one JSON line). */
  String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "";
    }
  }

  int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " still running after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        LOG.warn("{} did not stop on SIGTERM; killing it", name);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static void sleep(long ms) {
    sleep(ms, 0);
  }

  static void sleep(long ms, int nanos) {
    try {
      Thread.sleep(ms, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
