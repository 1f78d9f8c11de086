package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow salted password hashes: PBKDF2-HMAC-SHA512 from vertx-auth-common's {@link HashingStrategy},
 * stored as {@code $pbkdf2$it=N$salt$hash} (the iteration count travels with the hash, so raising
 * it later keeps old hashes verifiable).
 *
 * <p>Hashing runs on two small pools of its own, never the event loop nor Vert.x's shared worker
 * pool: a flood of bad logins must not queue up work that a good login then waits behind.
 * <ul>
 *   <li>the <b>open</b> lane ({@code threads} threads, at most {@code queue} waiting): every login
 *       from an address not yet known for the user, and every new hash. When it is full the call
 *       fails at once with 503 and {@code Retry-After}: a login waits for at most
 *       {@code queue / threads + 1} hashes.</li>
 *   <li>the <b>known</b> lane (one thread, a few waiting): logins from an address where this user
 *       logged in before, so that the real user gets in during a flood of other addresses. While
 *       it has work, the open lane starts no new hash (for up to 2 s).</li>
 * </ul>
 */
public final class PasswordHasher {

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final String ALGORITHM = "pbkdf2";
  private static final int SALT_BYTES = 16;
  private static final int KNOWN_QUEUE = 4;
  /** A hash that takes longer than this is reported by Vert.x's blocked-thread checker. */
  private static final long MAX_HASH_SECONDS = 10;
  /** The open lane waits for the known lane at most this long (a known user cannot starve it). */
  private static final long MAX_YIELD_MILLIS = 2_000;

  /** Which pool a verification runs on. */
  public enum Lane { OPEN, KNOWN }

  private final HashingStrategy strategy = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();
  private final int iterations;
  private final Pool open;
  private final Pool known;

  public PasswordHasher(Vertx vertx) {
    this(vertx, DEFAULT_ITERATIONS);
  }

  /** @param iterations PBKDF2 rounds for new hashes (tests may lower it; production should not) */
  public PasswordHasher(Vertx vertx, int iterations) {
    this(vertx, iterations, 1, LoginOptions.DEFAULTS.hashQueue());
  }

  public PasswordHasher(Vertx vertx, int iterations, int threads, int queue) {
    if (iterations < 1) throw new IllegalArgumentException("iterations < 1");
    this.iterations = iterations;
    this.known = new Pool(vertx.createSharedWorkerExecutor("lineup-password-hashing-known", 1,
        MAX_HASH_SECONDS, TimeUnit.SECONDS), 1 + KNOWN_QUEUE, null);
    this.open = new Pool(vertx.createSharedWorkerExecutor("lineup-password-hashing", threads,
        MAX_HASH_SECONDS, TimeUnit.SECONDS), threads + queue, known);
  }

  public Future<String> hash(String password) {
    String salt = newSalt();
    return open.run(() -> strategy.hash(ALGORITHM, Map.of("it", Integer.toString(iterations)), salt, password));
  }

  /** True when {@code password} matches {@code hash}; the comparison is constant-time. */
  public Future<Boolean> verify(String hash, String password) {
    return verify(hash, password, Lane.OPEN);
  }

  public Future<Boolean> verify(String hash, String password, Lane lane) {
    return (lane == Lane.KNOWN ? known : open).run(() -> strategy.verify(hash, password));
  }

  /**
   * True when a hash on {@code lane} would be refused now: a login checks this before it reads the
   * store, so that a flood beyond the pool costs no store read either.
   */
  boolean full(Lane lane) {
    Pool pool = lane == Lane.KNOWN ? known : open;
    return pool.inFlight.get() >= pool.capacity;
  }

  static Rejection busy() {
    return Rejection.retryAfter(Failure.UNAVAILABLE, "too many logins are being checked right now; try again in a second", 1);
  }

  private String newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return Base64.getEncoder().withoutPadding().encodeToString(salt);
  }

  /**
   * A worker executor with a bound on what runs and waits there. A pool that yields to another
   * starts no hash while that one has work (up to {@link #MAX_YIELD_MILLIS}): on a small machine
   * the CPU then goes to the known lane's login, not to the flood's next hash.
   */
  private static final class Pool {
    private final WorkerExecutor executor;
    private final int capacity;
    private final Pool yieldTo;
    private final AtomicInteger inFlight = new AtomicInteger();

    Pool(WorkerExecutor executor, int capacity, Pool yieldTo) {
      this.executor = executor;
      this.capacity = capacity;
      this.yieldTo = yieldTo;
    }

    <T> Future<T> run(Callable<T> work) {
      if (inFlight.incrementAndGet() > capacity) {
        inFlight.decrementAndGet();
        return Future.failedFuture(busy());
      }
      // Unordered: hashes are independent, and one slow one must not hold the others back.
      return executor.executeBlocking(() -> {
        try {
          if (yieldTo != null) yieldTo.awaitIdle();
          return work.call();
        } finally {
          release();
        }
      }, false);
    }

    private synchronized void release() {
      inFlight.decrementAndGet();
      notifyAll();
    }

    /** On a worker thread: waits while this pool has work, at most {@link #MAX_YIELD_MILLIS}. */
    private synchronized void awaitIdle() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_YIELD_MILLIS);
      long left;
      while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
