package dev.lineup.live;

import dev.lineup.auth.Principal;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Presence over the cluster. Each node keeps its own sockets' entries and sends them, tagged with
 * its node id, to the other nodes on {@link Addresses#PRESENCE_SYNC} whenever they change and every third
 * of the TTL; each node merges what it receives and publishes the whole list of a workshop to its
 * own browsers on {@code lineup.presence.<id>} (local only: every node publishes it to its own).
 * A node that dies stops refreshing, and its entries expire after the TTL everywhere.
 */
final class Presence {

  private static final int MAX_EDITING_VALUE_LENGTH = 128;
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String nodeId;
  private final long ttlMs;
  private final PresenceBook book = new PresenceBook();
  private final MessageConsumer<JsonObject> syncConsumer;
  private final long sweepTimer;

  Presence(Vertx vertx, String nodeId, long ttlMs) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.ttlMs = ttlMs;
    this.syncConsumer = vertx.eventBus().consumer(Addresses.PRESENCE_SYNC, this::onSync);
    this.sweepTimer = vertx.setPeriodic(Math.max(ttlMs / 3, 50), id -> sweep());
  }

  /** A verified user says what they edit now ({@code null}: nothing, just present). */
  void set(String workshop, String socketId, Principal who, JsonObject editing) {
    boolean changed;
    synchronized (book) {
      changed = book.set(workshop, socketId, who.subject(), List.copyOf(who.roles()), editing, now());
    }
    if (changed) announce(Set.of(workshop));
  }

  void touch(String socketId) {
    synchronized (book) {
      book.touch(socketId, now());
    }
  }

  void removeSocket(String socketId) {
    Set<String> changed;
    synchronized (book) {
      changed = book.removeSocket(socketId);
    }
    announce(changed);
  }

  JsonObject list(String workshop) {
    synchronized (book) {
      return book.list(workshop);
    }
  }

  int localEntryCount() {
    synchronized (book) {
      return book.localEntryCount();
    }
  }

  void close() {
    vertx.cancelTimer(sweepTimer);
    syncConsumer.unregister();
  }

  private void sweep() {
    Set<String> changed;
    Set<String> mine;
    synchronized (book) {
      changed = book.expire(now(), ttlMs);
      mine = book.localWorkshops();
    }
    announce(changed);
    // Refresh, so that the other nodes keep this node's entries alive.
    mine.stream().filter(w -> !changed.contains(w)).forEach(this::sendToNodes);
  }

  /** Tells the other nodes and this node's browsers. */
  private void announce(Set<String> workshops) {
    for (String workshop : workshops) {
      sendToNodes(workshop);
      publishLocally(workshop);
    }
  }

  private void sendToNodes(String workshop) {
    JsonArray entries;
    synchronized (book) {
      entries = book.ownEntries(workshop);
    }
    vertx.eventBus().publish(Addresses.PRESENCE_SYNC, new JsonObject().put("node", nodeId)
        .put("workshop", workshop).put("entries", entries));
  }

  private void publishLocally(String workshop) {
    vertx.eventBus().publish(Addresses.presence(workshop), list(workshop), LOCAL_ONLY);
  }

  private void onSync(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (body == null) return;
    String node = body.getString("node");
    String workshop = body.getString("workshop");
    Object entries = body.getValue("entries");
    if (nodeId.equals(node)) return;
    if (node == null || workshop == null || !(entries instanceof JsonArray list)) {
      LOG.warn("ignoring a malformed presence sync message");
      return;
    }
    boolean changed;
    synchronized (book) {
      changed = book.mergeRemote(node, workshop, list, now());
    }
    if (changed) publishLocally(workshop);
  }

  /**
   * What an announcement says: {@code {editing: {talkId, field}}}, {@code {editing: null}} or no
   * body (present, editing nothing); anything else is a {@link Rejection} naming the field.
   */
  static JsonObject editingOf(Object body) {
    if (body == null) return null;
    if (!(body instanceof JsonObject json)) throw Rejection.invalid("body", "must be an object {editing}");
    Object value = json.getValue("editing");
    if (value == null) return null;
    if (!(value instanceof JsonObject editing)) {
      throw Rejection.invalid("editing", "must be an object {talkId, field} or null");
    }
    JsonObject clean = new JsonObject();
    for (String key : new String[] {"talkId", "field"}) {
      Object v = editing.getValue(key);
      if (v == null) continue;
      if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_EDITING_VALUE_LENGTH) {
        throw Rejection.invalid("editing." + key, "must be a string of 1 to " + MAX_EDITING_VALUE_LENGTH + " characters");
      }
      clean.put(key, s);
    }
    if (clean.isEmpty()) throw Rejection.invalid("editing", "names neither talkId nor field");
    return clean;
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
