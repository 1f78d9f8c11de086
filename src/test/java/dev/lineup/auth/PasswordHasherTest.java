package dev.lineup.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.lineup.auth.TestTokens.await;
import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void theHashIsSaltedSlowPbkdf2AndVerifiesOnlyTheRightPassword() throws Exception {
    PasswordHasher hasher = new PasswordHasher(vertx);
    String password = "correct horse battery staple";

    String hash = await(hasher.hash(password));

    assertThat(hash).doesNotContain(password).startsWith("$pbkdf2$it=" + PasswordHasher.DEFAULT_ITERATIONS + "$");
    assertThat(await(hasher.verify(hash, password))).isTrue();
    assertThat(await(hasher.verify(hash, password + "!"))).isFalse();
    assertThat(await(hasher.verify(hash, ""))).isFalse();
    // A fresh salt each time: equal passwords do not give equal hashes.
    assertThat(await(hasher.hash(password))).isNotEqualTo(hash);
  }

  @Test
  void hashesMadeWithOtherIterationCountsStillVerify() throws Exception {
    String hash = await(new PasswordHasher(vertx, 1_000).hash("s3cret-password"));

    assertThat(hash).startsWith("$pbkdf2$it=1000$");
    assertThat(await(new PasswordHasher(vertx).verify(hash, "s3cret-password"))).isTrue();
  }
}
