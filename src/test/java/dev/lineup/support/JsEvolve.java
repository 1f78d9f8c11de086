package dev.lineup.support;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The browser module's {@code evolve} run under Node on a list of events: the states after each,
 * for comparison with the Java Decider's.
 */
public final class JsEvolve {

  private static final Path MODULE = Path.of("webroot/js/lineup-live.js").toAbsolutePath();

  private JsEvolve() {
  }

  public static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The JS states after each event, starting from the absent workshop {@code workshopId}. */
  public static JsonArray replay(String workshopId, JsonArray events) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("lineup-js");
    Path eventsFile = dir.resolve("events.json");
    Files.writeString(eventsFile, events.encode());
    Path script = dir.resolve("replay.mjs");
    Files.writeString(script, """
        import { readFileSync } from 'node:fs';
        const { evolve, absentWorkshop } = await import(process.argv[2]);
        const events = JSON.parse(readFileSync(process.argv[3], 'utf8'));
        let state = absentWorkshop(process.argv[4]);
        const states = [];
        for (const event of events) {
          state = evolve(state, event);
          states.push(state);
        }
        process.stdout.write(JSON.stringify(states));
        """);
    Process node = new ProcessBuilder("node", script.toString(), MODULE.toUri().toString(),
        eventsFile.toString(), workshopId).redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
      throw new IllegalStateException("node failed: " + out);
    }
    return new JsonArray(out);
  }
}
