package dev.lineup.readme;

import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README, executed: every {@code sh} block right after a {@code <!-- readme-test} marker runs,
 * in order, in one bash ({@code set -euo pipefail}) against a fresh node started from the jar as
 * the README starts it; {@code localhost:8080} becomes that node's port. A section opts in with the
 * marker; its calls must stop on an error status ({@code curl --fail-with-body}), so the README can
 * no longer drift from what Lineup does.
 */
class ReadmeIT {

  private static final Path README = Path.of("README.md");
  private static final Pattern MARKED_BLOCK = Pattern.compile("<!-- readme-test[^>]*-->\\s*```sh\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern ADMIN_PASSWORD = Pattern.compile("LINEUP_ADMIN_PASSWORD='([^']+)' java -jar target/lineup.jar");
  private static final Pattern CURL = Pattern.compile("\\bcurl\\b[^\\n]*");
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir
  Path data;

  static List<String> markedBlocks(String readme) {
    List<String> blocks = new ArrayList<>();
    Matcher m = MARKED_BLOCK.matcher(readme);
    while (m.find()) blocks.add(m.group(1));
    return blocks;
  }

  @Test
  void everyMarkedCallStopsOnAnErrorStatus() throws IOException {
    List<String> blocks = markedBlocks(Files.readString(README));

    assertThat(blocks).as("sh blocks marked <!-- readme-test --> in README.md").isNotEmpty();
    for (String block : blocks) {
      Matcher curl = CURL.matcher(block);
      while (curl.find()) {
        // A call either stops on an error status or prints the status it expects (a 404 or 401 shown).
        assertThat(curl.group()).as("a README call that must fail on an error status").containsAnyOf("--fail-with-body", " -f", "-fsS", "%{http_code}");
      }
    }
  }

  @Test
  void theMarkedExamplesRunAgainstAFreshNode() throws Exception {
    Path shared = Path.of(System.getProperty("lineup.shared", "../shared"));
    assumeTrue(Files.isDirectory(shared.resolve("fixtures")), "../shared (the fixtures the README imports) not available");
    String readme = Files.readString(README);
    Matcher password = ADMIN_PASSWORD.matcher(readme);
    assertThat(password.find()).as("the README's first start, with an admin password").isTrue();

    // As "Following Lineup from other programs" says: its webhook receiver listens on this machine.
    Map<String, String> env = Map.of("LINEUP_ADMIN_PASSWORD", password.group(1), "LINEUP_WEBHOOK_ALLOW_PRIVATE", "true");
    try (LineupProcess node = LineupProcess.start(data, env)) {
      String script = "set -euo pipefail\n"
          + "trap 'echo \"README command failed (exit $?): $BASH_COMMAND\" >&2' ERR\n"
          + String.join("\n", markedBlocks(readme))
              .replace("localhost:8080", "localhost:" + node.port())
              .replace("target/lineup.jar", LineupProcess.jar().toAbsolutePath().toString())
              .replace("../shared/", shared.toAbsolutePath() + "/");
      // Output to a file, not a pipe: a background process the script started (the webhook
      // receiver) must not keep the test waiting for the pipe's end when the script fails.
      Path log = Files.createTempFile("readme-run", ".log");
      ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).redirectOutput(log.toFile());
      // As the README says: the token command runs with the server's data folder.
      bash.environment().put("LINEUP_DATA_DIR", data.toString());
      Process run = bash.start();
      boolean finished = run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(finished).as("the README ran within %d s:\n%s", TIMEOUT_SECONDS, output).isTrue();

      assertThat(run.exitValue()).as("the README's examples, run by bash:\n%s", output).isZero();
      assertThat(output).containsPattern("(?m)display\\.html\\?workshop=demo#token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$");
      // What the examples did, seen from the node: created, shifted, updated, reverted; two releases.
      Http.Response demo = node.http.get("/api/workshops/demo");
      assertThat(demo.status()).isEqualTo(200);
      JsonObject state = demo.json();
      assertThat(state.getLong("version")).isEqualTo(4);
      assertThat(state.getString("room")).isEqualTo("Aula Magna");
      assertThat(state.getJsonArray("talks").getJsonObject(0).getString("start")).isEqualTo("09:00");
      assertThat(node.http.get("/api/workshops/demo/releases").array()).hasSize(2);
      assertThat(node.http.get("/api/workshops/theory").json().getString("date")).isEqualTo("2018-04-05");
      // Users and service accounts: olga came and went, the revoked account's token got a 401.
      assertThat(output).containsPattern("(?m)\\D404$").containsPattern("(?m)\\D401$").contains("\"by\":\"service:stage-rig\"");
      assertThat(node.http.get("/api/workshops/rig").json().getString("room")).isEqualTo("Main hall");
    }
  }
}
