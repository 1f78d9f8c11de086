package dev.lineup.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured figures of a reliability test, kept in {@code target/reliability/<name>.txt} (and
 * logged) so that RELIABILITY.md can quote them.
 */
public final class Figures {

  private Figures() {
  }

  public static void write(String name, Map<String, ?> figures) {
    StringBuilder sb = new StringBuilder("# " + name + " " + Instant.now() + "\n");
    new TreeMap<>(figures).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    Path dir = Path.of(System.getProperty("lineup.build.dir", "target"), "reliability");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".txt"), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    org.slf4j.LoggerFactory.getLogger(Figures.class).info("{}", sb);
  }
}
