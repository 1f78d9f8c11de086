package dev.lineup.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait: for a condition with a deadline (polled every 20 ms), or for a future.
 * A wait that runs out fails with what was awaited; nothing here sleeps "to let things settle".
 */
public final class Await {

  private static final long POLL_MILLIS = 20;

  private Await() {
  }

  /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** Waits until {@code supplier} gives a non-null value, and returns it. */
  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    long deadline = System.nanoTime() + timeout.toNanos();
    AssertionError last = null;
    while (true) {
      try {
        T value = supplier.get();
        if (value != null) return value;
      } catch (AssertionError e) {
        last = e; // an assertion inside the condition: not yet, say why if time runs out
      }
      if (System.nanoTime() > deadline) {
        AssertionError timedOut = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        if (last != null) timedOut.addSuppressed(last);
        throw timedOut;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /**
   * Paces a load generator or a sampler (one action every so often). Never a way to wait for
   * something to happen: that is {@link #until}.
   */
  public static void pause(Duration pace) {
    try {
      Thread.sleep(pace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The result of a Vert.x future, or its failure rethrown, within {@code timeout}. */
  public static <T> T result(Future<T> future, Duration timeout) {
    return result(future.toCompletionStage().toCompletableFuture(), timeout);
  }

  /**
   * The result of {@code work} started on a Vert.x context of {@code vertx}, within {@code timeout}.
   * For HTTP clients driven from a test's thread: composed there, a response may end before the
   * handler that reads its body is set, and the body never comes.
   */
  public static <T> T resultOnContext(Vertx vertx, Supplier<Future<T>> work, Duration timeout) {
    Promise<T> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(done));
    return result(done.future(), timeout);
  }

  /** The result of a future, or its failure rethrown, within {@code timeout}. */
  public static <T> T result(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
