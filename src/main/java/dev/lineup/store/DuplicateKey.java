package dev.lineup.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * The one reading of "a unique index refused this write" (error 11000), from a real MongoDB and
 * the embedded store alike, wherever the driver put it among the causes.
 */
public final class DuplicateKey {

  private DuplicateKey() {
  }

  /** The driver's exception when {@code failure} is a duplicate key. */
  public static Optional<MongoException> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MongoException e && ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  public static boolean is(Throwable failure) {
    return of(failure).isPresent();
  }

  /** A write whose duplicate means "already there": that is success. */
  public static Future<Void> alreadyThere(Future<?> write) {
    return write.<Void>mapEmpty().recover(t -> is(t) ? Future.succeededFuture() : Future.failedFuture(t));
  }
}
