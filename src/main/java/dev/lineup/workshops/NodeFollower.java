package dev.lineup.workshops;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Event;
import dev.lineup.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Keeps a workshop held here up to date with what other nodes append: applies the events they
 * publish in seq order, and reads the store on a gap (or when this node lost a seq to another).
 */
final class NodeFollower {

  static final int STORE_PAGE = 5_000;

  private final Vertx vertx;
  private final EventStore store;
  private final EventApplier applier;

  NodeFollower(Vertx vertx, EventStore store, EventApplier applier) {
    this.vertx = vertx;
    this.store = store;
    this.applier = applier;
  }

  /** Listens to the workshop's address from now on; call on the pipeline's context. */
  void follow(WorkshopSlot slot) {
    vertx.eventBus().<JsonObject>consumer(Addresses.workshop(slot.id()), msg -> onPublished(slot, msg.body()));
  }

  /** Applies events another node (or this one) published; a gap means: read the store. */
  private void onPublished(WorkshopSlot slot, JsonObject body) {
    long seq = body.getLong("seq", 0L);
    if (seq <= slot.version()) return; // ours, already applied, or a notice (no seq)
    slot.enqueue(() -> {
      if (seq <= slot.version()) return Future.succeededFuture();
      if (seq == slot.version() + 1) {
        applier.apply(slot, Event.parse(body.encode()));
        return Future.succeededFuture();
      }
      return catchUp(slot);
    });
  }

  /** Reads and applies every event after the slot's version from the store. */
  Future<Void> catchUp(WorkshopSlot slot) {
    return store.eventsAfter(slot.id(), slot.version(), STORE_PAGE).compose(events -> {
      for (Event e : events) {
        if (e.seq() == slot.version() + 1) applier.apply(slot, e);
      }
      return events.size() < STORE_PAGE ? Future.succeededFuture() : catchUp(slot);
    });
  }
}
