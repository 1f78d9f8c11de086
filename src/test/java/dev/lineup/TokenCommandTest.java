package dev.lineup;

import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.auth.JwtKeys;
import dev.lineup.auth.TokenCli;
import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

  private static Vertx vertx;
  @TempDir
  Path dataDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close(), Duration.ofSeconds(10));
  }

  private int token(Map<String, String> env) {
    return Main.token(new String[] {"--sub", "screen-1", "--role", "display", "--workshop", "demo"}, env,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheServersDataFolderItRefusesAndMakesNoSecret() {
    int exit = token(Map.of("LINEUP_DATA_DIR", dataDir.toString()));

    assertThat(exit).isEqualTo(TokenCli.FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no JWT secret").contains("LINEUP_DATA_DIR")
        .contains(dataDir.resolve(JwtKeys.SECRET_FILE).toString());
    assertThat(dataDir.resolve(JwtKeys.SECRET_FILE)).doesNotExist();
  }

  @Test
  void withTheServersDataFolderItPrintsOnlyATokenTheServerAccepts() {
    JwtAuthenticator server = Await.result(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, dataDir)),
        Duration.ofSeconds(10));

    int exit = token(Map.of("LINEUP_DATA_DIR", dataDir.toString()));

    assertThat(exit).isEqualTo(TokenCli.OK);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    assertThat(Await.result(server.authenticate("Bearer " + printed.strip()), Duration.ofSeconds(10)).subject())
        .isEqualTo("screen-1");
  }
}
