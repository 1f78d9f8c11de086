package dev.lineup.auth;

import dev.lineup.Lineup;
import dev.lineup.config.LineupConfig;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.lineup.auth.TestTokens.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The command line mints tokens with the server's own key material. */
class TokenCliTest {

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
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void mintsADisplayTokenTheServerAcceptsWithTheEnvironmentSecret() throws Exception {
    int exit = run(Map.of("LINEUP_JWT_SECRET", TestTokens.SECRET, "LINEUP_DATA_DIR", dataDir.toString()),
        "token", "--sub", "screen-1", "--role", "display", "--workshop", "dali2018-theory", "--minutes", "600");

    assertThat(exit).isEqualTo(TokenCli.OK);
    String token = out.toString(StandardCharsets.UTF_8).strip();
    JwtAuthenticator server = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(TestTokens.SECRET, dataDir)));
    Principal screen = await(server.authenticate("Bearer " + token));
    assertThat(screen).isEqualTo(Principal.of("screen-1", List.of("display"), List.of("dali2018-theory")));
    assertThat(screen.mayEdit("dali2018-theory")).isFalse();
    long exp = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
        .getLong("exp");
    assertThat(exp).isBetween(Instant.now().getEpochSecond() + 600 * 60 - 30, Instant.now().getEpochSecond() + 600 * 60);
  }

  @Test
  void usesTheDataFolderSecretWhenNoSecretIsSet() throws Exception {
    JwtAuthenticator server = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, dataDir)));

    int exit = run(Map.of("LINEUP_DATA_DIR", dataDir.toString()),
        "token", "--sub", "script", "--role", "organizer", "--workshop", "w1", "--workshop", "w2");

    assertThat(exit).isEqualTo(TokenCli.OK);
    Principal script = await(server.authenticate("Bearer " + out.toString(StandardCharsets.UTF_8).strip()));
    assertThat(script.mayEdit("w2")).isTrue();
  }

  @Test
  void aTokenFromAnotherSecretIsRefusedByTheServer() throws Exception {
    JwtAuthenticator server = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, dataDir)));

    run(Map.of("LINEUP_JWT_SECRET", TestTokens.SECRET), "--sub", "x", "--role", "admin");

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> await(server.authenticate("Bearer " + out.toString(StandardCharsets.UTF_8).strip())));
    assertThat(refused).hasMessageContaining("unknown key id");
  }

  @Test
  void badArgumentsPrintUsageAndNoToken() {
    Map<String, String> env = Map.of("LINEUP_JWT_SECRET", TestTokens.SECRET);
    assertThat(run(env, "token", "--sub", "x", "--role", "root")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--role", "display")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--sub", "x")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--sub", "x", "--role", "display", "--minutes", "0")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--sub", "x", "--role", "display", "--workshop", "a b")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--sub", "x", "--role", "display", "--colour", "red")).isEqualTo(TokenCli.USAGE);
    assertThat(run(env, "token", "--sub")).isEqualTo(TokenCli.USAGE);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("root").contains("--sub is required").contains("usage:");
  }

  @Test
  void failsWithoutKeyMaterial() {
    assertThat(run(Map.of("LINEUP_JWT_SECRET", "short"), "--sub", "x", "--role", "admin")).isEqualTo(TokenCli.FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("shorter than 32");
  }

  private int run(Map<String, String> env, String... args) {
    // As Main does: the configuration (defaults, then LINEUP_* variables) gives the key material.
    return TokenCli.run(args, Lineup.authOptions(LineupConfig.load(env)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
