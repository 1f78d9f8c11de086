package dev.lineup;

import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.auth.JwtKeys;
import dev.lineup.auth.TokenCli;
import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lineup token} signs with the server's key material, or refuses loudly. */
class TokenCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dataDir;

  /** What {@code lineup token} did: its exit code and what it printed where. */
  private record Run(int exit, String stdout, String stderr) {
  }

  private static Run token(Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.token(new String[] {"--sub", "screen-1", "--role", "display", "--workshop", "demo"}, env,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheServersDataFolderItRefusesAndMakesNoSecret() {
    Run run = token(Map.of("LINEUP_DATA_DIR", dataDir.toString()));

    assertThat(run.exit()).isEqualTo(TokenCli.FAILED);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("no JWT secret").contains("LINEUP_DATA_DIR")
        .contains(dataDir.resolve(JwtKeys.SECRET_FILE).toString());
    assertThat(dataDir.resolve(JwtKeys.SECRET_FILE)).doesNotExist();
  }

  @Test
  void withTheServersDataFolderItPrintsOnlyATokenTheServerAccepts() {
    Vertx vertx = Vertx.vertx();
    try {
      JwtAuthenticator server = Await.result(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, dataDir)), WAIT);

      Run run = token(Map.of("LINEUP_DATA_DIR", dataDir.toString()));

      assertThat(run.exit()).isEqualTo(TokenCli.OK);
      assertThat(run.stdout()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
      assertThat(Await.result(server.authenticate("Bearer " + run.stdout().strip()), WAIT).subject())
          .isEqualTo("screen-1");
    } finally {
      Await.result(vertx.close(), WAIT);
    }
  }
}
