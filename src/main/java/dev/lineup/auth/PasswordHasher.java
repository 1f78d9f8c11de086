package dev.lineup.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Slow salted password hashes: PBKDF2-HMAC-SHA512 from vertx-auth-common's {@link HashingStrategy},
 * stored as {@code $pbkdf2$it=N$salt$hash} (the iteration count travels with the hash, so raising
 * it later keeps old hashes verifiable). Hashing runs on worker threads, never the event loop.
 */
public final class PasswordHasher {

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final String ALGORITHM = "pbkdf2";
  private static final int SALT_BYTES = 16;

  private final Vertx vertx;
  private final HashingStrategy strategy = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();
  private final int iterations;

  public PasswordHasher(Vertx vertx) {
    this(vertx, DEFAULT_ITERATIONS);
  }

  /** @param iterations PBKDF2 rounds for new hashes (tests may lower it; production should not) */
  public PasswordHasher(Vertx vertx, int iterations) {
    if (iterations < 1) throw new IllegalArgumentException("iterations < 1");
    this.vertx = vertx;
    this.iterations = iterations;
  }

  public Future<String> hash(String password) {
    String salt = newSalt();
    return vertx.executeBlocking(() -> strategy.hash(ALGORITHM,
        Map.of("it", Integer.toString(iterations)), salt, password), false);
  }

  /** True when {@code password} matches {@code hash}; the comparison is constant-time. */
  public Future<Boolean> verify(String hash, String password) {
    return vertx.executeBlocking(() -> strategy.verify(hash, password), false);
  }

  private String newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return Base64.getEncoder().withoutPadding().encodeToString(salt);
  }
}
