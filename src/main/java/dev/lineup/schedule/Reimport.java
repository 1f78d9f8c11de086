package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A newer version of a page that Lineup already holds, merged three ways: {@code base} is the
 * page as last imported (its talks with the ids they were given), {@code theirs} the new page,
 * {@code ours} the workshop as it is now. Per field of the workshop, of each talk and of each
 * organizer: what the page did not change keeps its live value, what only the page changed takes
 * the page's, and where both changed it the live value is kept and the conflict reported with
 * both. Talks keep their ids (matched by same title and time, then same slot, then same title);
 * a talk the page removed goes unless it was changed in Lineup since. Pure; fields are compared in
 * their JSON form, so every field (also those added later) takes part.
 */
public final class Reimport {

  private static final Set<String> NOT_FIELDS = Set.of("id", "version", "warnings", "talks", "organizers");
  private static final String TALK = "talk/";
  private static final String ORGANIZER = "organizer/";
  private static final String WORKSHOP = "workshop/";
  /** Path of the talks' order (a re-import may reorder them), touched by nothing else. */
  static final String TALK_ORDER = WORKSHOP + "talks";
  static final String ORGANIZER_ORDER = WORKSHOP + "organizers";

  private Reimport() {
  }

  /**
   * One thing the re-import changed, as {@link Touches} names it ({@code talk/t3/title},
   * {@code talk/t9} for a whole talk added or removed, {@code workshop/room}), with the value it
   * set and the one before (null: none; for a whole talk, absent).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Change(String path, Object value, Object previous) {
  }

  /** A field both the page and Lineup changed since the last import: the live value was kept. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conflict(String path, String message, Object live, Object page) {
  }

  /** What a re-import did: its changes (for the log, rebase and revert) and its conflicts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Diff(List<Change> changes, List<Conflict> conflicts) {

    public Diff {
      changes = changes == null ? List.of() : List.copyOf(changes);
      conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public Set<String> touched() {
      Set<String> paths = new java.util.LinkedHashSet<>();
      changes.forEach(c -> paths.add(c.path()));
      return paths;
    }

    /** The diff that undoes this one (whose own undo is this one again). */
    public Diff inverse() {
      List<Change> undo = new ArrayList<>();
      for (int i = changes.size() - 1; i >= 0; i--) {
        Change c = changes.get(i);
        undo.add(new Change(c.path(), c.previous(), c.value()));
      }
      return new Diff(undo, List.of());
    }
  }

  /** The merged workshop and what the merge did. */
  public record Result(Workshop workshop, Diff diff) {
  }

  /** The page's talks and organizers, in page order, with the ids they have after the merge. */
  public record PageIds(List<String> talks, List<String> organizers) {
  }

  /**
   * Merges; {@code seq} names new talks and organizers; {@code ownKeys} are keys of
   * {@code extra} owned by the page reader (always the new page's); {@code finish} lets the reader
   * remember the ids its page's items now have, before the changes are taken.
   */
  public static Result merge(Workshop base, Workshop ours, Workshop theirs, long seq,
                             Set<String> ownKeys, java.util.function.BiFunction<Workshop, PageIds, Workshop> finish) {
    Merger m = new Merger(ownKeys);
    Map<String, Object> b = Json.toMap(base);
    Map<String, Object> o = Json.toMap(ours);
    Map<String, Object> t = Json.toMap(theirs);
    List<String> pageTalks = new ArrayList<>();
    List<Map<String, Object>> talks = m.items(TALK, "t" + seq + "-", list(b, "talks"), list(o, "talks"),
        list(t, "talks"), Reimport::talkKeys, pageTalks);
    List<String> pageOrganizers = new ArrayList<>();
    List<Map<String, Object>> organizers = m.items(ORGANIZER, "o" + seq + "-", list(b, "organizers"),
        list(o, "organizers"), list(t, "organizers"), Reimport::personKeys, pageOrganizers);
    Map<String, Object> merged = new LinkedHashMap<>(o);
    merged.put("talks", talks);
    merged.put("organizers", organizers);
    Set<String> fields = new java.util.TreeSet<>();
    fields.addAll(b.keySet());
    fields.addAll(o.keySet());
    fields.addAll(t.keySet());
    fields.removeAll(NOT_FIELDS);
    for (String f : fields) {
      Object v = m.field(WORKSHOP + f, "the workshop's " + f, b.get(f), o.get(f), t.get(f), true);
      if (v == null) merged.remove(f); else merged.put(f, v);
    }
    merged.remove("warnings");
    Workshop w = Json.fromMap(merged, Workshop.class).withIdentity(ours.id(), ours.version());
    w = finish.apply(w, new PageIds(pageTalks, pageOrganizers));
    Map<String, Object> done = Json.toMap(w);
    for (String f : fields) {
      if (!Objects.equals(done.get(f), o.get(f))) m.changes.add(new Change(WORKSHOP + f, done.get(f), o.get(f)));
    }
    m.order(TALK_ORDER, ids(list(o, "talks")), ids(talks));
    m.order(ORGANIZER_ORDER, ids(list(o, "organizers")), ids(organizers));
    return new Result(w.withWarnings(List.of()), new Diff(m.changes, m.conflicts));
  }

  /** The state with what {@code diff} changed set back to its previous values. */
  public static Workshop revert(Workshop state, Diff diff) {
    Map<String, Object> w = new LinkedHashMap<>(Json.toMap(state));
    List<Map<String, Object>> talks = new ArrayList<>(list(w, "talks"));
    List<Map<String, Object>> organizers = new ArrayList<>(list(w, "organizers"));
    List<Change> orders = new ArrayList<>();
    for (int i = diff.changes().size() - 1; i >= 0; i--) {
      Change c = diff.changes().get(i);
      if (c.path().equals(TALK_ORDER) || c.path().equals(ORGANIZER_ORDER)) {
        orders.add(c);
      } else if (c.path().startsWith(TALK)) {
        setBack(talks, c.path().substring(TALK.length()), c.previous());
      } else if (c.path().startsWith(ORGANIZER)) {
        setBack(organizers, c.path().substring(ORGANIZER.length()), c.previous());
      } else if (c.path().startsWith(WORKSHOP)) {
        put(w, c.path().substring(WORKSHOP.length()), c.previous());
      }
    }
    for (Change c : orders) {
      if (c.path().equals(TALK_ORDER)) talks = reorder(talks, strings(c.previous()));
      else organizers = reorder(organizers, strings(c.previous()));
    }
    w.put("talks", talks);
    w.put("organizers", organizers);
    w.remove("warnings");
    return Json.fromMap(w, Workshop.class).withIdentity(state.id(), state.version());
  }

  // ---- the merge -------------------------------------------------------------------------

  private static final class Merger {
    private final Set<String> ownKeys;
    private final List<Change> changes = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();

    Merger(Set<String> ownKeys) {
      this.ownKeys = ownKeys;
    }

    /**
     * Talks (or organizers): the page's in page order, each matched to its base item and so to
     * its live one; then the live ones the page no longer has but Lineup changed, and those added
     * in Lineup, by time.
     */
    List<Map<String, Object>> items(String prefix, String newIds, List<Map<String, Object>> base,
                                    List<Map<String, Object>> ours, List<Map<String, Object>> theirs,
                                    Function<Map<String, Object>, List<String>> keys, List<String> pageIds) {
      Map<String, Map<String, Object>> live = new LinkedHashMap<>();
      for (Map<String, Object> item : ours) live.put(String.valueOf(item.get("id")), item);
      int[] toBase = match(theirs, base, keys);
      Set<String> baseIds = new HashSet<>();
      for (Map<String, Object> item : base) if (item.get("id") != null) baseIds.add(String.valueOf(item.get("id")));
      List<Map<String, Object>> liveOnly = ours.stream().filter(i -> !baseIds.contains(String.valueOf(i.get("id")))).toList();
      int[] toLiveOnly = new int[theirs.size()];
      java.util.Arrays.fill(toLiveOnly, -1);
      List<Map<String, Object>> unmatched = new ArrayList<>();
      List<Integer> unmatchedAt = new ArrayList<>();
      for (int i = 0; i < theirs.size(); i++) {
        if (toBase[i] < 0 || base.get(toBase[i]).get("id") == null) {
          unmatched.add(theirs.get(i));
          unmatchedAt.add(i);
        }
      }
      int[] found = match(unmatched, liveOnly, keys);
      for (int k = 0; k < found.length; k++) toLiveOnly[unmatchedAt.get(k)] = found[k];

      List<Map<String, Object>> out = new ArrayList<>();
      Set<String> used = new HashSet<>();
      int fresh = 0;
      for (int i = 0; i < theirs.size(); i++) {
        Map<String, Object> t = theirs.get(i);
        Map<String, Object> b = toBase[i] >= 0 && base.get(toBase[i]).get("id") != null ? base.get(toBase[i]) : null;
        Map<String, Object> o = b != null ? live.get(String.valueOf(b.get("id")))
            : toLiveOnly[i] >= 0 ? liveOnly.get(toLiveOnly[i]) : null;
        String id = b != null ? String.valueOf(b.get("id")) : o != null ? String.valueOf(o.get("id")) : newIds + (++fresh);
        pageIds.add(id);
        used.add(id);
        if (o != null) {
          out.add(entity(prefix + id, label(o), b, o, t, b != null));
        } else if (b != null) {
          if (!sameItem(b, t)) {
            conflicts.add(new Conflict(prefix + id, label(t) + " was removed in Lineup and changed on the page;"
                + " it stays removed", null, t));
          }
        } else {
          Map<String, Object> added = new LinkedHashMap<>(t);
          added.put("id", id);
          out.add(added);
          changes.add(new Change(prefix + id, added, null));
        }
      }
      for (Map<String, Object> b : base) {
        String id = String.valueOf(b.get("id"));
        Map<String, Object> o = live.get(id);
        if (b.get("id") == null || used.contains(id) || o == null) continue;
        used.add(id);
        if (sameItem(b, o)) {
          changes.add(new Change(prefix + id, null, o));
        } else {
          conflicts.add(new Conflict(prefix + id, label(o) + " was removed from the page but changed in"
              + " Lineup; it stays", o, null));
          insertByStart(out, o);
        }
      }
      for (Map<String, Object> o : ours) {
        if (!used.contains(String.valueOf(o.get("id")))) insertByStart(out, o);
      }
      return out;
    }

    /** One talk or organizer merged field by field; its changes recorded under {@code path}. */
    Map<String, Object> entity(String path, String label, Map<String, Object> b, Map<String, Object> o,
                               Map<String, Object> t, boolean hasBase) {
      Map<String, Object> out = new LinkedHashMap<>(o);
      Set<String> fields = new java.util.TreeSet<>();
      if (b != null) fields.addAll(b.keySet());
      fields.addAll(o.keySet());
      fields.addAll(t.keySet());
      fields.remove("id");
      for (String f : fields) {
        Object v = field(path + "/" + f, label + " " + f, b == null ? null : b.get(f), o.get(f), t.get(f), hasBase);
        if (!Objects.equals(v, o.get(f))) changes.add(new Change(path + "/" + f, v, o.get(f)));
        if (v == null) out.remove(f); else out.put(f, v);
      }
      return out;
    }

    /** One field: the live value unless only the page changed it; {@code extra} key by key. */
    @SuppressWarnings("unchecked")
    Object field(String path, String label, Object b, Object o, Object t, boolean hasBase) {
      if (path.endsWith("/extra") && (o == null || o instanceof Map) && (t == null || t instanceof Map)) {
        Map<String, Object> bm = b instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
        Map<String, Object> om = o == null ? Map.of() : (Map<String, Object>) o;
        Map<String, Object> tm = t == null ? Map.of() : (Map<String, Object>) t;
        Set<String> keys = new java.util.LinkedHashSet<>(om.keySet());
        keys.addAll(tm.keySet());
        keys.addAll(bm.keySet());
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
          Object v = ownKeys.contains(k) ? tm.get(k)
              : value(path + "/" + k, label + " " + k, bm.get(k), om.get(k), tm.get(k), hasBase);
          if (v != null) out.put(k, v);
        }
        // Empty stays in the live value's form ({} for a talk, absent for a person).
        if (out.isEmpty()) return o == null ? null : Map.of();
        return out;
      }
      return value(path, label, b, o, t, hasBase);
    }

    private Object value(String path, String label, Object b, Object o, Object t, boolean hasBase) {
      if (Objects.equals(o, t)) return o;
      if (hasBase && Objects.equals(t, b)) return o;
      if (hasBase && Objects.equals(o, b)) return t;
      // No base (a talk added in Lineup that the page now lists too): what one side leaves empty,
      // the other side says.
      if (!hasBase && isEmpty(o)) return t;
      if (!hasBase && isEmpty(t)) return o;
      conflicts.add(new Conflict(path, label + " was changed both on the page and in Lineup; the Lineup"
          + " value is kept", o, t));
      return o;
    }

    void order(String path, List<String> before, List<String> after) {
      List<String> common = new ArrayList<>(before);
      common.retainAll(after);
      List<String> now = new ArrayList<>(after);
      now.retainAll(before);
      if (!common.equals(now)) changes.add(new Change(path, after, before));
    }

    /** Same item as far as the page shows: ids and the reader's own keys aside. */
    private boolean sameItem(Map<String, Object> a, Map<String, Object> b) {
      return Objects.equals(pageView(a), pageView(b));
    }

    private Map<String, Object> pageView(Map<String, Object> item) {
      Map<String, Object> copy = new LinkedHashMap<>(item);
      copy.remove("id");
      if (copy.get("extra") instanceof Map<?, ?> extra) {
        Map<Object, Object> e = new LinkedHashMap<>(extra);
        ownKeys.forEach(e::remove);
        if (e.isEmpty()) copy.remove("extra"); else copy.put("extra", e);
      }
      return copy;
    }
  }

  /**
   * For each of {@code from}, the index of its match in {@code to} or -1, in passes from the
   * strictest key to the loosest; each item matches at most once, in page order. A middle pass
   * (the slot) pairs a renamed talk, not one of two talks that swapped places or a talk moved
   * into the slot of another: it skips a pair when either side has a title of its own (one no
   * other item of its list has) that is still waiting for its match on the other side. Titles
   * many talks share ("TBA", "Coffee Break") are no one's own: their slot decides.
   */
  private static int[] match(List<Map<String, Object>> from, List<Map<String, Object>> to,
                             Function<Map<String, Object>, List<String>> keys) {
    int[] out = new int[from.size()];
    java.util.Arrays.fill(out, -1);
    boolean[] taken = new boolean[to.size()];
    List<List<String>> fromKeys = from.stream().map(keys).toList();
    List<List<String>> toKeys = to.stream().map(keys).toList();
    int passes = fromKeys.isEmpty() ? 0 : fromKeys.get(0).size();
    int loosest = passes - 1;
    Map<String, Integer> fromTitles = new HashMap<>();
    Map<String, Integer> toTitles = new HashMap<>();
    if (passes > 0) {
      fromKeys.forEach(k -> count(fromTitles, k.get(loosest), 1));
      toKeys.forEach(k -> count(toTitles, k.get(loosest), 1));
    }
    for (int pass = 0; pass < passes; pass++) {
      boolean guarded = pass > 0 && pass < loosest;
      Map<String, Integer> waitingFrom = new HashMap<>();
      Map<String, Integer> waitingTo = new HashMap<>();
      Map<String, List<Integer>> index = new HashMap<>();
      for (int j = 0; j < to.size(); j++) {
        if (taken[j]) continue;
        String k = toKeys.get(j).get(pass);
        if (k != null) index.computeIfAbsent(k, x -> new ArrayList<>()).add(j);
        count(waitingTo, toKeys.get(j).get(loosest), 1);
      }
      for (int i = 0; i < from.size(); i++) {
        if (out[i] < 0) count(waitingFrom, fromKeys.get(i).get(loosest), 1);
      }
      for (int i = 0; i < from.size(); i++) {
        if (out[i] >= 0) continue;
        String k = fromKeys.get(i).get(pass);
        List<Integer> candidates = k == null ? null : index.get(k);
        if (candidates == null) continue;
        String mine = fromKeys.get(i).get(loosest);
        for (java.util.Iterator<Integer> it = candidates.iterator(); it.hasNext(); ) {
          int j = it.next();
          if (taken[j]) continue;
          String theirs = toKeys.get(j).get(loosest);
          if (guarded && ((own(fromTitles, mine) && waiting(waitingTo, mine, theirs))
              || (own(toTitles, theirs) && waiting(waitingFrom, theirs, mine)))) {
            continue;
          }
          it.remove();
          taken[j] = true;
          out[i] = j;
          count(waitingFrom, mine, -1);
          count(waitingTo, theirs, -1);
          break;
        }
      }
    }
    return out;
  }

  private static void count(Map<String, Integer> counts, String key, int delta) {
    if (key != null) counts.merge(key, delta, Integer::sum);
  }

  private static boolean own(Map<String, Integer> titles, String title) {
    return title != null && titles.getOrDefault(title, 0) == 1;
  }

  /** Whether {@code key} waits among {@code counts} for another than the item of {@code paired}. */
  private static boolean waiting(Map<String, Integer> counts, String key, String paired) {
    if (key == null) return false;
    int n = counts.getOrDefault(key, 0) - (key.equals(paired) ? 1 : 0);
    return n > 0;
  }

  /** Same title and time, then same slot, then same title. */
  private static List<String> talkKeys(Map<String, Object> talk) {
    String title = talk.get("title") == null ? "" : String.valueOf(talk.get("title")).strip().toLowerCase(Locale.ROOT);
    Object start = talk.get("start");
    Object end = talk.get("end");
    String slot = start == null ? null : start + "–" + end;
    return java.util.Arrays.asList(title.isEmpty() && slot == null ? null : title + "@" + slot, slot,
        title.isEmpty() ? null : title);
  }

  /** Same name, then (for one page's one list) nothing looser: a new name is a new person. */
  private static List<String> personKeys(Map<String, Object> person) {
    String name = (person.get("given") + " " + person.get("family")).toLowerCase(Locale.ROOT);
    return java.util.Arrays.asList(name);
  }

  private static String label(Map<String, Object> item) {
    Object title = item.get("title");
    if (title != null && !String.valueOf(title).isBlank()) return "\"" + title + "\"";
    Object family = item.get("family");
    if (family != null) return "\"" + (item.get("given") == null ? "" : item.get("given") + " ") + family + "\"";
    return "(untitled)";
  }

  private static boolean isEmpty(Object v) {
    return v == null || (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty())
        || (v instanceof Map<?, ?> m && m.isEmpty());
  }

  private static void insertByStart(List<Map<String, Object>> list, Map<String, Object> item) {
    Object start = item.get("start");
    if (start == null) {
      list.add(item);
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      Object s = list.get(i).get("start");
      if (s != null && String.valueOf(s).compareTo(String.valueOf(start)) > 0) {
        list.add(i, item);
        return;
      }
    }
    list.add(item);
  }

  // ---- reverting -------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static void setBack(List<Map<String, Object>> items, String rest, Object previous) {
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    int at = -1;
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(String.valueOf(items.get(i).get("id")))) at = i;
    }
    if (slash < 0) {
      if (at >= 0) items.remove(at);
      if (previous instanceof Map<?, ?> item) insertByStart(items, new LinkedHashMap<>((Map<String, Object>) item));
    } else if (at >= 0) {
      Map<String, Object> item = new LinkedHashMap<>(items.get(at));
      put(item, rest.substring(slash + 1), previous);
      items.set(at, item);
    }
  }

  private static void put(Map<String, Object> map, String field, Object value) {
    if (value == null) map.remove(field); else map.put(field, value);
  }

  private static List<Map<String, Object>> reorder(List<Map<String, Object>> items, List<String> order) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> i : items) byId.put(String.valueOf(i.get("id")), i);
    for (String id : order) {
      Map<String, Object> i = byId.remove(id);
      if (i != null) out.add(i);
    }
    for (Map<String, Object> rest : byId.values()) insertByStart(out, rest);
    return out;
  }

  // ---- helpers ----------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> w, String key) {
    Object v = w.get(key);
    return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  private static List<String> ids(List<Map<String, Object>> items) {
    return items.stream().map(i -> String.valueOf(i.get("id"))).toList();
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) l.forEach(o -> out.add(String.valueOf(o)));
    return out;
  }
}
