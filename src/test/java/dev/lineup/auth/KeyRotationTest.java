package dev.lineup.auth;

import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.lineup.auth.TestTokens.await;
import static dev.lineup.auth.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Lineup's own HS256 key rotates: the new secret signs, the previous ones still verify (by kid). */
class KeyRotationTest {

  private static final String OLD = "the-old-secret-the-old-secret-the-old-secret-0";
  private static final String NEW = "the-new-secret-the-new-secret-the-new-secret-1";
  private static Vertx vertx;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  private static JwtAuthenticator authenticator(String secret, String... previous) throws Exception {
    return await(JwtAuthenticator.create(vertx, new AuthOptions(secret, List.of(previous), dataDir, "lineup", "lineup",
        5, 60, List.of(), null)));
  }

  private static Principal alice() {
    return Principal.of("alice", List.of("organizer"), List.of("w1"));
  }

  @Test
  void tokensOfThePreviousSecretVerifyUntilItIsRemoved() throws Exception {
    String oldToken = authenticator(OLD).issue(alice(), 10);
    JwtAuthenticator rotated = authenticator(NEW, OLD);
    String newToken = rotated.issue(alice(), 10);

    assertThat(AuthRoutesTest.part(oldToken, 0).getString("kid")).isEqualTo(JwtKeys.keyId(OLD));
    assertThat(AuthRoutesTest.part(newToken, 0).getString("kid")).isEqualTo(JwtKeys.keyId(NEW)).isNotEqualTo(JwtKeys.keyId(OLD));
    assertThat(await(rotated.authenticate("Bearer " + oldToken))).isEqualTo(alice());
    assertThat(await(rotated.authenticate("Bearer " + newToken))).isEqualTo(alice());

    JwtAuthenticator afterwards = authenticator(NEW);
    assertThat(catchThrowable(() -> await(afterwards.authenticate("Bearer " + oldToken))))
        .isInstanceOf(Rejection.class).hasMessageContaining("unknown key id");
    assertThat(await(afterwards.authenticate("Bearer " + newToken))).isEqualTo(alice());
  }

  @Test
  void tokensWithoutKidFromBeforeKeyIdsKeepWorking() throws Exception {
    JwtAuthenticator rotated = authenticator(NEW, OLD);
    assertThat(await(rotated.authenticate("Bearer " + TestTokens.hs256(NEW, validClaims()))).subject()).isEqualTo("alice");
    assertThat(await(rotated.authenticate("Bearer " + TestTokens.hs256(OLD, validClaims()))).subject()).isEqualTo("alice");
    assertThat(catchThrowable(() -> await(authenticator(NEW).authenticate("Bearer " + TestTokens.hs256(OLD, validClaims())))))
        .hasMessageContaining("invalid signature");
  }

  @Test
  void aKidNamesOneSecretAndNoOther() throws Exception {
    JwtAuthenticator rotated = authenticator(NEW, OLD);
    // Signed with the old secret while naming the new one's id: only the named secret is tried.
    String mislabelled = TestTokens.hs256(JwtKeys.keyId(NEW), OLD.getBytes(StandardCharsets.UTF_8), validClaims());
    assertThat(catchThrowable(() -> await(rotated.authenticate("Bearer " + mislabelled))))
        .hasMessageContaining("invalid signature");
    String unknown = TestTokens.hs256("lineup-unknown", NEW.getBytes(StandardCharsets.UTF_8), validClaims());
    assertThat(catchThrowable(() -> await(rotated.authenticate("Bearer " + unknown)))).hasMessageContaining("unknown key id");
  }

  @Test
  void badPreviousSecretsRefuseToStart() {
    assertThat(catchThrowable(() -> authenticator(NEW, "short"))).hasMessageContaining("shorter than");
    assertThat(catchThrowable(() -> authenticator(NEW, NEW))).hasMessageContaining("repeats the current secret");
  }
}
