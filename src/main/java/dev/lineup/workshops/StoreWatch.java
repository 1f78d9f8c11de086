package dev.lineup.workshops;

import dev.lineup.bus.Addresses;
import dev.lineup.store.EventStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Pings the store every second so that an outage is known before a command waits for it: while it
 * is down, commands are refused at once (503) and browsers are told that changes are paused; when it
 * answers again, they are told that changes resume. Nothing needs a restart.
 */
final class StoreWatch {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWatch.class);

  private final Vertx vertx;
  private final EventStore store;
  private final Supplier<Collection<String>> workshopIds;
  /** Read by /health on other threads. */
  private volatile boolean up = true;
  private boolean pinging;
  private long downSince;

  /** @param workshopIds the workshops whose browsers hear that changes pause or resume */
  StoreWatch(Vertx vertx, EventStore store, Supplier<Collection<String>> workshopIds) {
    this.vertx = vertx;
    this.store = store;
    this.workshopIds = workshopIds;
  }

  /** Starts pinging; call on the context that owns the pipeline. */
  void start(long periodMillis) {
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
      announce(nowUp);
    });
  }

  /**
   * Tells every browser of every workshop held here that changes are paused (store unreachable)
   * or resume; these notices carry no seq, they are not events.
   */
  private void announce(boolean nowUp) {
    JsonObject notice = new JsonObject().put("type", nowUp ? Addresses.Notice.CHANGES_RESUMED : Addresses.Notice.CHANGES_PAUSED);
    for (String id : workshopIds.get()) {
      vertx.eventBus().publish(Addresses.workshop(id), notice.copy().put("workshop", id));
    }
  }
}
