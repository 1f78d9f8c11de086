package dev.lineup.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.lineup.auth.TestTokens.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Where the keys come from, and that the server refuses to start without a usable one. */
class JwtKeysTest {

  private static Vertx vertx;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void generatesTheSecretFileOnceOwnerOnlyAndReusesItAcrossRestarts() throws Exception {
    Path dataDir = tmp.resolve("data");
    AuthOptions options = AuthOptions.defaults(null, dataDir);

    JwtAuthenticator first = await(JwtAuthenticator.create(vertx, options));
    Path file = dataDir.resolve(JwtKeys.SECRET_FILE);
    String secret = Files.readString(file).strip();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(JwtKeys.MIN_SECRET_LENGTH);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String token = first.issue(Principal.of("alice", List.of("admin"), List.of("*")), 5);

    JwtAuthenticator afterRestart = await(JwtAuthenticator.create(vertx, options));

    assertThat(Files.readString(file).strip()).isEqualTo(secret);
    assertThat(await(afterRestart.authenticate("Bearer " + token)).subject()).isEqualTo("alice");
    try (var files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(JwtKeys.SECRET_FILE);
    }
  }

  @Test
  void twoDataFoldersMeanTwoSecrets() throws Exception {
    JwtAuthenticator a = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, tmp.resolve("a"))));
    JwtAuthenticator b = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, tmp.resolve("b"))));
    String token = a.issue(Principal.of("alice", List.of("admin"), List.of("*")), 5);

    assertThat(catchThrowable(() -> await(b.authenticate("Bearer " + token)))).hasMessageContaining("unknown key id");
  }

  @Test
  void anEnvironmentSecretIsUsedAndNoFileIsWritten() throws Exception {
    Path dataDir = tmp.resolve("data");
    JwtAuthenticator authenticator = await(JwtAuthenticator.create(vertx, AuthOptions.defaults(TestTokens.SECRET, dataDir)));

    String token = TestTokens.hs256(TestTokens.SECRET, TestTokens.validClaims());
    assertThat(await(authenticator.authenticate("Bearer " + token)).subject()).isEqualTo("alice");
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void refusesToStartWhenTheDataFolderIsUnusable() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");

    Throwable failure = catchThrowable(() -> await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, notADirectory))));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to start");
  }

  @Test
  void refusesToStartWithAnEmptySecretFile() throws Exception {
    Files.writeString(tmp.resolve(JwtKeys.SECRET_FILE), "\n");

    Throwable failure = catchThrowable(() -> await(JwtAuthenticator.create(vertx, AuthOptions.defaults(null, tmp))));

    assertThat(failure).hasMessageContaining("refusing to start").hasMessageContaining("empty");
  }

  @Test
  void refusesToStartWithAShortSecret() {
    Throwable failure = catchThrowable(() -> await(JwtAuthenticator.create(vertx, AuthOptions.defaults("too-short", tmp))));

    assertThat(failure).hasMessageContaining("refusing to start").hasMessageContaining("shorter than 32");
  }

  @Test
  void refusesToStartWithAnUnusableExternalKey() throws Exception {
    String pem = TestTokens.publicPem(TestTokens.rsaKeyPair().getPublic());
    assertRefused(new AuthOptions.ExternalKey("HS256", pem), "not one of");
    assertRefused(new AuthOptions.ExternalKey("none", pem), "not one of");
    assertRefused(new AuthOptions.ExternalKey("ES256", TestTokens.resource("idp-es256-private.pem")), "PUBLIC KEY");
    assertRefused(new AuthOptions.ExternalKey("RS256", "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----"),
        "refusing to start");
  }

  private void assertRefused(AuthOptions.ExternalKey key, String message) {
    AuthOptions options = new AuthOptions(TestTokens.SECRET, tmp, "lineup", "lineup", 5, 60, List.of(key));
    Throwable failure = catchThrowable(() -> await(JwtAuthenticator.create(vertx, options)));
    assertThat(failure).hasMessageContaining("refusing to start").hasMessageContaining(message);
  }
}
