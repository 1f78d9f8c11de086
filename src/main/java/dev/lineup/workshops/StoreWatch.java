package dev.lineup.workshops;

import dev.lineup.store.EventStore;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Pings the store every second so that an outage is known before a command waits for it: while it
 * is down, commands are refused at once (503) and browsers are told that changes are paused; when it
 * answers again, they are told that changes resume. Nothing needs a restart.
 */
final class StoreWatch {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWatch.class);

  private final EventStore store;
  private final Consumer<Boolean> onChange;
  private boolean up = true;
  private boolean pinging;
  private long downSince;

  StoreWatch(EventStore store, Consumer<Boolean> onChange) {
    this.store = store;
    this.onChange = onChange;
  }

  /** Starts pinging; call on the context that owns the pipeline. */
  void start(Vertx vertx, long periodMillis) {
    vertx.setPeriodic(periodMillis, id -> ping());
  }

  boolean up() {
    return up;
  }

  /** What a failed store call says: the next ping confirms or clears it. */
  void suspect() {
    if (up) ping();
  }

  private void ping() {
    if (pinging) return;
    pinging = true;
    store.ping().onComplete(ar -> {
      pinging = false;
      boolean nowUp = ar.succeeded();
      if (nowUp == up) return;
      up = nowUp;
      if (nowUp) {
        LOG.info("store reachable again after {} ms; changes resume", System.currentTimeMillis() - downSince);
      } else {
        downSince = System.currentTimeMillis();
        LOG.warn("store unreachable ({}); changes are paused", ar.cause().toString());
      }
      onChange.accept(nowUp);
    });
  }
}
