package dev.lineup.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who is present in which workshop: this node's entries (one per socket and workshop) and the
 * latest snapshot every other node sent. Pure bookkeeping, no I/O, times passed in; not
 * thread-safe (the caller holds one lock).
 */
final class PresenceBook {

  /** One socket's presence in one workshop, as its verified token says. */
  private static final class Entry {
    final String sub;
    final List<String> roles;
    JsonObject editing;
    String since;
    long lastHeardMs;

    Entry(String sub, List<String> roles, JsonObject editing, String since, long lastHeardMs) {
      this.sub = sub;
      this.roles = roles;
      this.editing = editing;
      this.since = since;
      this.lastHeardMs = lastHeardMs;
    }

    JsonObject toJson() {
      return new JsonObject().put("sub", sub).put("roles", new JsonArray(new ArrayList<>(roles)))
          .put("editing", editing).put("since", since);
    }
  }

  private record Snapshot(JsonArray entries, long receivedMs) {
  }

  private final Map<String, Map<String, Entry>> local = new HashMap<>();
  private final Map<String, Map<String, Snapshot>> remote = new HashMap<>();

  /**
   * Records what a socket's user is editing now; {@code since} changes only with the value.
   *
   * @return whether the workshop's list changed
   */
  boolean set(String workshop, String socketId, String sub, List<String> roles, JsonObject editing,
              long nowMs) {
    Map<String, Entry> entries = local.computeIfAbsent(workshop, w -> new HashMap<>());
    Entry entry = entries.get(socketId);
    if (entry == null || !entry.sub.equals(sub)) {
      entries.put(socketId, new Entry(sub, List.copyOf(roles), editing, iso(nowMs), nowMs));
      return true;
    }
    entry.lastHeardMs = nowMs;
    if (Objects.equals(entry.editing, editing)) return false;
    entry.editing = editing;
    entry.since = iso(nowMs);
    return true;
  }

  /** Any frame from a socket keeps its entries alive. */
  void touch(String socketId, long nowMs) {
    for (Map<String, Entry> entries : local.values()) {
      Entry entry = entries.get(socketId);
      if (entry != null) entry.lastHeardMs = nowMs;
    }
  }

  /** @return the workshops whose list changed */
  Set<String> removeSocket(String socketId) {
    Set<String> changed = new HashSet<>();
    for (Iterator<Map.Entry<String, Map<String, Entry>>> it = local.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Map<String, Entry>> workshop = it.next();
      if (workshop.getValue().remove(socketId) != null) changed.add(workshop.getKey());
      if (workshop.getValue().isEmpty()) it.remove();
    }
    return changed;
  }

  /**
   * Drops local entries silent for longer than {@code ttlMs} and other nodes' snapshots not
   * refreshed for as long (a node that died stops refreshing).
   *
   * @return the workshops whose list changed
   */
  Set<String> expire(long nowMs, long ttlMs) {
    Set<String> changed = new HashSet<>();
    for (Iterator<Map.Entry<String, Map<String, Entry>>> it = local.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Map<String, Entry>> workshop = it.next();
      if (workshop.getValue().values().removeIf(e -> nowMs - e.lastHeardMs > ttlMs)) {
        changed.add(workshop.getKey());
      }
      if (workshop.getValue().isEmpty()) it.remove();
    }
    for (Iterator<Map.Entry<String, Map<String, Snapshot>>> it = remote.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Map<String, Snapshot>> workshop = it.next();
      boolean dropped = workshop.getValue().values().removeIf(s -> nowMs - s.receivedMs() > ttlMs);
      if (dropped) changed.add(workshop.getKey());
      if (workshop.getValue().isEmpty()) it.remove();
    }
    return changed;
  }

  /**
   * Takes another node's entries for a workshop (an empty array: it has none any more).
   *
   * @return whether the workshop's list changed
   */
  boolean mergeRemote(String node, String workshop, JsonArray entries, long nowMs) {
    Map<String, Snapshot> nodes = remote.computeIfAbsent(workshop, w -> new HashMap<>());
    Snapshot before = entries.isEmpty() ? nodes.remove(node) : nodes.put(node, new Snapshot(entries, nowMs));
    if (nodes.isEmpty()) remote.remove(workshop);
    JsonArray old = before == null ? new JsonArray() : before.entries();
    return !old.equals(entries);
  }

  /** This node's entries for a workshop, as sent to the other nodes. */
  JsonArray ownEntries(String workshop) {
    JsonArray out = new JsonArray();
    local.getOrDefault(workshop, Map.of()).values().forEach(e -> out.add(e.toJson()));
    return out;
  }

  Set<String> localWorkshops() {
    return Set.copyOf(local.keySet());
  }

  int localEntryCount() {
    return local.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * {@code {workshop, present: [{sub, roles, editing, since}]}}, over all nodes, one entry per
   * user (several tabs: the one editing something, else the latest), sorted by {@code sub}.
   */
  JsonObject list(String workshop) {
    List<JsonObject> all = new ArrayList<>();
    local.getOrDefault(workshop, Map.of()).values().forEach(e -> all.add(e.toJson()));
    remote.getOrDefault(workshop, Map.of()).values().forEach(s -> s.entries().forEach(o -> {
      if (o instanceof JsonObject json && json.getValue("sub") instanceof String) all.add(json);
    }));
    Map<String, JsonObject> bySub = new TreeMap<>();
    for (JsonObject entry : all) bySub.merge(entry.getString("sub"), entry, PresenceBook::preferred);
    return new JsonObject().put("workshop", workshop).put("present", new JsonArray(new ArrayList<>(bySub.values())));
  }

  private static JsonObject preferred(JsonObject a, JsonObject b) {
    boolean aEditing = a.getValue("editing") != null;
    boolean bEditing = b.getValue("editing") != null;
    if (aEditing != bEditing) return aEditing ? a : b;
    Comparator<JsonObject> bySince = Comparator.comparing(o -> String.valueOf(o.getValue("since")));
    return bySince.compare(a, b) >= 0 ? a : b;
  }

  private static String iso(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }
}
