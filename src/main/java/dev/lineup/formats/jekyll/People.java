package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.schedule.Person;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Organizers, authors and speakers: a mapping (given/family/url/institute, or the 2016
 * firstname/lastname), a bare name ("Francis Bach"), or the 2016 talk line
 * {@code speaker: "Name & Name, Institute"}.
 */
final class People {

  /** Hint key of a person (or talk) that was a bare scalar in the page. */
  static final String SCALAR = "scalar";

  static final List<Field> FIELDS = List.of(
      new Field("given", List.of("given", "firstname"), Values::name, v -> v),
      new Field("family", List.of("family", "lastname"), Values::name, v -> v),
      new Field("url", List.of("url"), Values::text, v -> v),
      new Field("institute", List.of("institute"), Values::name, v -> v));

  private People() {
  }

  // ---- reading ---------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  static Person person(Object item) {
    if (item instanceof Map<?, ?> map) {
      Hinted.Bound b = Hinted.read((Map<String, Object>) map, FIELDS, Map.of());
      return new Person(null, b.get("given"), b.get("family"), b.get("url"), b.get("institute"),
          b.extra());
    }
    Person named = byName(Values.name(item));
    Map<String, Object> hint = new LinkedHashMap<>();
    hint.put(SCALAR, Keys.encodeDeep(item));
    return new Person(null, named.given(), named.family(), null, null, Map.of(Hinted.HINT, hint));
  }

  static List<Person> list(Object value) {
    List<Person> out = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) out.add(person(item));
    } else if (value != null) {
      out.add(person(value));
    }
    return out;
  }

  /** "Given Names Family": the last word is the family name. */
  static Person byName(String name) {
    if (name == null) return new Person(null, null, null, null, null, Map.of());
    int space = name.lastIndexOf(' ');
    if (space < 0) return new Person(null, null, name, null, null, Map.of());
    return new Person(null, name.substring(0, space), name.substring(space + 1), null, null,
        Map.of());
  }

  /**
   * "Shai Ben-David, University of Waterloo", "Ralf Herbrich & Joaquin Candela",
   * "Ryan Adams, Jack Guo & Gary Lam, Twitter": names before the first comma (and further
   * comma parts naming people with '&'), the institute after.
   */
  static List<Person> speakerLine(Object value) {
    String line = Values.name(value);
    List<Person> out = new ArrayList<>();
    if (line == null) return out;
    String[] parts = line.split(",");
    StringBuilder names = new StringBuilder(parts[0]);
    int i = 1;
    while (i < parts.length - 1 && parts[i].matches(".*(&|\\band\\b).*")) names.append(',').append(parts[i++]);
    List<String> rest = new ArrayList<>();
    for (int j = i; j < parts.length; j++) rest.add(parts[j].strip());
    String institute = rest.isEmpty() ? null : Values.text(String.join(", ", rest));
    for (String name : names.toString().split("\\s*(?:,|&|\\band\\b)\\s*")) {
      String n = Values.name(name);
      if (n == null) continue;
      Person p = byName(n);
      out.add(new Person(null, p.given(), p.family(), null, institute, Map.of()));
    }
    return out;
  }

  // ---- writing ---------------------------------------------------------------------------

  static Object write(Person p) {
    Map<String, Object> hint = Hinted.hint(p.extra());
    if (hint.containsKey(SCALAR)) {
      Object scalar = Keys.decodeDeep(hint.get(SCALAR));
      if (same(person(scalar), p)) return scalar;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("given", p.given());
    values.put("family", p.family());
    values.put("url", p.url());
    values.put("institute", p.institute());
    return Hinted.write(FIELDS, values, p.extra());
  }

  static List<Object> writeAll(List<Person> people) {
    List<Object> out = new ArrayList<>();
    for (Person p : people) out.add(write(p));
    return out;
  }

  /** Speakers of a workshop page are bare names, unless a person has more to say. */
  static List<Object> writeSpeakers(List<Person> people) {
    List<Object> out = new ArrayList<>();
    for (Person p : people) {
      boolean nameOnly = p.url() == null && p.institute() == null
          && Hinted.withoutHint(p.extra()).isEmpty() && !Hinted.hint(p.extra()).containsKey("keys");
      Object written = write(p);
      out.add(nameOnly && written instanceof Map<?, ?> ? p.displayName() : written);
    }
    return out;
  }

  /** The 2016 speaker line for these authors, or null when it cannot say all of it. */
  static String speakerLineOf(List<Person> authors) {
    if (authors.isEmpty()) return "";
    String institute = authors.get(0).institute();
    List<String> names = new ArrayList<>();
    for (Person p : authors) {
      if (p.url() != null || !Objects.equals(p.institute(), institute)
          || !Hinted.withoutHint(p.extra()).isEmpty()) {
        return null;
      }
      names.add(p.displayName());
    }
    String line = String.join(" & ", names) + (institute == null ? "" : ", " + institute);
    return sameAll(speakerLine(line), authors) ? line : null;
  }

  // ---- comparing -------------------------------------------------------------------------

  /** Same person as far as the page shows: ids (server-assigned) and hints aside. */
  static boolean same(Person a, Person b) {
    return Objects.equals(a.given(), b.given()) && Objects.equals(a.family(), b.family())
        && Objects.equals(a.url(), b.url()) && Objects.equals(a.institute(), b.institute())
        && Hinted.withoutHint(a.extra()).equals(Hinted.withoutHint(b.extra()));
  }

  static boolean sameAll(List<Person> a, List<Person> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) return false;
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean sameLists(Object a, Object b) {
    return a instanceof List<?> x && b instanceof List<?> y
        && sameAll((List<Person>) x, (List<Person>) y);
  }
}
