package dev.lineup.formats.jekyll;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The lossless part of the mapping, the same for a workshop, a talk and a person: binds the keys
 * of a front-matter mapping to model fields, keeps every other key as an extra, and remembers how
 * the source spelled things in one hint (under {@link #HINT} in the extras): key order, the
 * vocabulary used, and a raw value wherever the model's value would not write it back the same.
 * The writer uses a raw value only while the model still holds what was read from it, so edits
 * made in Lineup win.
 */
final class Hinted {

  /** The one reserved key in an extra map. */
  static final String HINT = "jekyll";
  private static final String KEYS = "keys";
  private static final String RAW = "raw";
  private static final String NULLS = "nulls";

  /**
   * A model field: the front-matter keys that may spell it (the first is the modern one), how a
   * raw value reads into the model, how a model value writes (given the key being written), and
   * when two model values count as the same.
   */
  record Field(String name, List<String> keys, Function<Object, Object> read,
               Writer write, BiPredicate<Object, Object> same) {

    Field(String name, List<String> keys, Function<Object, Object> read,
          Function<Object, Object> write) {
      this(name, keys, read, writer(write), Objects::equals);
    }
  }

  /** A writer that keeps the key it is given. */
  static Writer writer(Function<Object, Object> write) {
    return (key, value) -> new Keyed(key, write.apply(value));
  }

  /** Writes a model value under a key; may choose another key of the field (speaker → author). */
  @FunctionalInterface
  interface Writer {
    Keyed write(String key, Object value);
  }

  record Keyed(String key, Object value) {
  }

  /** What a mapping read into: model values by field name, extras (hint included). */
  record Bound(Map<String, Object> values, Map<String, Object> extra) {

    @SuppressWarnings("unchecked")
    <T> T get(String field) {
      return (T) values.get(field);
    }
  }

  private Hinted() {
  }

  static Bound read(Map<String, Object> source, List<Field> fields, Map<String, Object> moreHint) {
    Map<String, Object> values = new HashMap<>();
    Map<String, Object> raw = new LinkedHashMap<>();
    List<String> nulls = new ArrayList<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : source.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      Field field = unbound(fields, key, values.keySet());
      if (field != null) {
        Object modelValue = field.read().apply(value);
        values.put(field.name(), modelValue);
        Keyed written = field.write().write(key, modelValue);
        if (!written.key().equals(key) || !sameRaw(written.value(), value)) raw.put(field.name(), value);
      } else if (value == null) {
        nulls.add(key);
      } else {
        extra.put(Keys.encode(key), Keys.encodeDeep(value));
      }
    }
    Map<String, Object> hint = new LinkedHashMap<>(moreHint);
    hint.put(KEYS, new ArrayList<>(source.keySet()));
    if (!raw.isEmpty()) hint.put(RAW, Keys.encodeDeep(raw));
    if (!nulls.isEmpty()) hint.put(NULLS, nulls);
    extra.put(HINT, hint);
    return new Bound(values, extra);
  }

  /**
   * The mapping to write: source keys first, in source order and spelling, then fields and extras
   * the source did not have. {@code values} holds the model's current values by field name.
   */
  static Map<String, Object> write(List<Field> fields, Map<String, Object> values,
                                   Map<String, Object> extra) {
    return write(fields, values, extra, Map.of());
  }

  /**
   * As above; a field the source did not have is written under {@code prefer}'s key for it (the
   * vocabulary of its siblings: "starttime" among events, "affiliation" among such organizers).
   */
  static Map<String, Object> write(List<Field> fields, Map<String, Object> values,
                                   Map<String, Object> extra, Map<String, String> prefer) {
    Map<String, Object> hint = hint(extra);
    List<String> keys = strings(hint.get(KEYS));
    Map<String, Object> raw = asMap(Keys.decodeDeep(hint.get(RAW)));
    List<String> nulls = strings(hint.get(NULLS));
    Map<String, Object> out = new LinkedHashMap<>();
    Set<String> written = new HashSet<>();
    for (String key : keys) {
      Field field = unbound(fields, key, written);
      if (field != null) {
        written.add(field.name());
        Keyed k = value(field, key, values.get(field.name()), raw);
        out.put(k.key(), k.value());
      } else if (extra.containsKey(Keys.encode(key))) {
        out.put(key, Keys.decodeDeep(extra.get(Keys.encode(key))));
      } else if (nulls.contains(key)) {
        out.put(key, null);
      }
    }
    for (Field field : fields) {
      Object value = values.get(field.name());
      if (written.contains(field.name()) || isEmpty(value)) continue;
      Keyed k = field.write().write(prefer.getOrDefault(field.name(), field.keys().get(0)), value);
      out.putIfAbsent(k.key(), k.value());
    }
    for (Map.Entry<String, Object> e : extra.entrySet()) {
      if (e.getKey().equals(HINT)) continue;
      out.putIfAbsent(Keys.decode(e.getKey()), Keys.decodeDeep(e.getValue()));
    }
    return out;
  }

  private static Keyed value(Field field, String key, Object current, Map<String, Object> raw) {
    if (raw.containsKey(field.name())) {
      Object source = raw.get(field.name());
      if (field.same().test(field.read().apply(source), current)) return new Keyed(key, source);
    }
    return field.write().write(key, current);
  }

  /**
   * The key each field is spelt with most often among siblings (items of one list), for the
   * fields where that is not the modern key: new items then speak like the page.
   */
  static Map<String, String> siblingKeys(List<Field> fields, List<Map<String, Object>> extras) {
    Map<String, String> out = new HashMap<>();
    for (Field f : fields) {
      if (f.keys().size() < 2) continue;
      Map<String, Integer> counts = new HashMap<>();
      for (Map<String, Object> extra : extras) {
        for (String key : strings(hint(extra).get(KEYS))) {
          if (f.keys().contains(key)) counts.merge(key, 1, Integer::sum);
        }
      }
      counts.entrySet().stream().max(Map.Entry.comparingByValue())
          .filter(e -> !e.getKey().equals(f.keys().get(0)))
          .ifPresent(e -> out.put(f.name(), e.getKey()));
    }
    return out;
  }

  /** The source value of a field (under whichever of its keys the source used), or null. */
  static Object sourceValue(Map<String, Object> source, Field field) {
    for (String key : field.keys()) {
      if (source.containsKey(key)) return source.get(key);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> hint(Map<String, Object> extra) {
    Object hint = extra == null ? null : extra.get(HINT);
    return hint instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The keys of the source mapping, in its order. */
  static List<String> keys(Map<String, Object> extra) {
    return strings(hint(extra).get(KEYS));
  }

  /** Adds to the hint of a mapping just read ({@link Bound#extra()}). */
  @SuppressWarnings("unchecked")
  static void addHint(Map<String, Object> extra, String key, Object value) {
    ((Map<String, Object>) extra.get(HINT)).put(key, value);
  }

  /** Extras without the hint: what a model user sees as the unknown keys. */
  static Map<String, Object> withoutHint(Map<String, Object> extra) {
    Map<String, Object> copy = new LinkedHashMap<>(extra);
    copy.remove(HINT);
    return copy;
  }

  private static Field unbound(List<Field> fields, String key, Set<String> bound) {
    for (Field f : fields) {
      if (f.keys().contains(key)) return bound.contains(f.name()) ? null : f;
    }
    return null;
  }

  private static boolean isEmpty(Object value) {
    if (value == null) return true;
    if (value instanceof String s) return s.isBlank();
    if (value instanceof List<?> l) return l.isEmpty();
    return false;
  }

  /** Raw values compare by value and type: 570 is not "570", so the number is kept. */
  private static boolean sameRaw(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) return x.toString().equals(y.toString());
    return Objects.equals(a, b);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The texts of a list in a hint (keys, ids); null stays null. */
  static List<String> strings(Object value) {
    List<String> list = new ArrayList<>();
    if (value instanceof List<?> l) {
      for (Object o : l) list.add(o == null ? null : String.valueOf(o));
    }
    return list;
  }
}
