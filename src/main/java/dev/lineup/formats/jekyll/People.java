package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.schedule.Person;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
      new Field("institute", List.of("institute", "affiliation"), Values::name, v -> v));

  private static final Pattern NOTE = Pattern.compile("\\s*\\([^()]*\\)\\s*$");
  private static final Pattern BRACKETED = Pattern.compile("([^()]+?)\\s*\\(([^()]+)\\)");
  private static final Pattern SEPARATOR = Pattern.compile("\\s*(?:,|&|\\band\\b)\\s*");
  private static final Pattern INSTITUTION = Pattern.compile("(?i)univ|institu|college|school"
      + "|\\blabs?\\b|research|cent(?:re|er)|\\binc\\b|\\bltd\\b|gmbh|\\bcorp|company|foundation"
      + "|hospital|department|\\bdept\\b|inria|cnrs|\\bmit\\b|\\beth\\b|epfl|\\bucl\\b|google"
      + "|deepmind|microsoft|facebook|amazon|\\bibm\\b|\\bapple\\b|\\buber\\b|openai|twitter|netflix|brain"
      + "|\\bai\\b|\\d");

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
   * A 2016 speaker line: "Shai Ben-David, University of Waterloo", "Ralf Herbrich & Joaquin
   * Candela", "Ryan Adams, Jack Guo & Gary Lam, Twitter", "A B, Amazon and C D, Facebook",
   * "A B, C D, E F and G H (a note)". Parts are names or institutes: an institute belongs to the
   * names before it. A trailing note in parentheses is not a person; the line itself stays in
   * the hint, so it is written back as it was.
   */
  static List<Person> speakerLine(Object value) {
    String line = Values.name(value);
    List<Person> out = new ArrayList<>();
    if (line == null) return out;
    List<Person> bracketed = eachWithInstituteInBrackets(line);
    if (!bracketed.isEmpty()) return bracketed;
    line = NOTE.matcher(line).replaceFirst("");
    List<String> parts = new ArrayList<>();
    List<Boolean> afterConjunction = new ArrayList<>();
    Matcher m = SEPARATOR.matcher(line);
    int from = 0;
    boolean conjunction = false;
    while (m.find()) {
      addPart(parts, afterConjunction, line.substring(from, m.start()), conjunction);
      conjunction = !m.group().contains(",");
      from = m.end();
    }
    addPart(parts, afterConjunction, line.substring(from), conjunction);
    int lastListed = afterConjunction.lastIndexOf(true);
    boolean allNames = parts.size() >= 3 && parts.stream().allMatch(People::looksLikeName);
    List<Person> waiting = new ArrayList<>();
    StringBuilder institute = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      boolean name = i == 0 || (looksLikeName(part) && (i <= lastListed || allNames));
      if (name) {
        if (institute.length() > 0) {
          flush(waiting, institute, out);
        }
        waiting.add(byName(part));
      } else {
        institute.append(institute.length() > 0 ? ", " : "").append(part);
      }
    }
    flush(waiting, institute, out);
    return out;
  }

  /**
   * The 2015 panel line: "Ada Lovelace (Engines), Alan Turing (Chair, Bletchley) and Grace Hopper
   * (Navy)", every name followed by its institute in brackets. Empty when the line is not all
   * that (a bracket only at the end is a note, see {@link #speakerLine}).
   */
  private static List<Person> eachWithInstituteInBrackets(String line) {
    List<Person> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    Matcher m = SEPARATOR.matcher(line);
    List<String> parts = new ArrayList<>();
    int scanned = 0;
    while (m.find()) {
      for (; scanned < m.start(); scanned++) depth += bracket(line.charAt(scanned));
      if (depth != 0) continue;
      parts.add(line.substring(from, m.start()));
      from = m.end();
    }
    parts.add(line.substring(from));
    if (parts.size() < 2) return out;
    for (String part : parts) {
      Matcher b = BRACKETED.matcher(part.strip());
      if (!b.matches() || !looksLikeName(b.group(1))) return List.of();
      Person named = byName(b.group(1));
      out.add(new Person(null, named.given(), named.family(), null, Values.name(b.group(2)), Map.of()));
    }
    return out;
  }

  private static int bracket(char c) {
    return c == '(' ? 1 : c == ')' ? -1 : 0;
  }

  private static void addPart(List<String> parts, List<Boolean> afterConjunction, String part,
                              boolean conjunction) {
    String p = Values.name(part);
    if (p == null) return;
    parts.add(p);
    afterConjunction.add(conjunction);
  }

  /** Two to five words, capitalized, naming no institution. */
  private static boolean looksLikeName(String part) {
    String[] words = part.split(" ");
    return words.length >= 2 && words.length <= 5
        && Character.isUpperCase(words[0].codePointAt(0))
        && Character.isUpperCase(words[words.length - 1].codePointAt(0))
        && !INSTITUTION.matcher(part).find();
  }

  private static void flush(List<Person> waiting, StringBuilder institute, List<Person> out) {
    String inst = institute.length() == 0 ? null : institute.toString();
    for (Person p : waiting) out.add(new Person(null, p.given(), p.family(), null, inst, Map.of()));
    waiting.clear();
    institute.setLength(0);
  }

  // ---- writing ---------------------------------------------------------------------------

  static Object write(Person p) {
    return write(p, Map.of());
  }

  static Object write(Person p, Map<String, String> prefer) {
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
    return Hinted.write(FIELDS, values, p.extra(), prefer);
  }

  /** People of one list; new ones spelt like the others (firstname, affiliation, …). */
  static List<Object> writeAll(List<Person> people) {
    Map<String, String> prefer = Hinted.siblingKeys(FIELDS, people.stream().map(Person::extra).toList());
    List<Object> out = new ArrayList<>();
    for (Person p : people) out.add(write(p, prefer));
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

  /**
   * The 2016 speaker line for these authors ("A, B & C, Institute and D, Other"), or null when it
   * cannot say all of it (a url, an extra, a line that would read back differently).
   */
  static String speakerLineOf(List<Person> authors) {
    if (authors.isEmpty()) return "";
    List<String> groups = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < authors.size(); i++) {
      Person p = authors.get(i);
      if (p.url() != null || !Hinted.withoutHint(p.extra()).isEmpty()) return null;
      names.add(p.displayName());
      boolean last = i == authors.size() - 1;
      if (last || !Objects.equals(p.institute(), authors.get(i + 1).institute())) {
        String listed = names.size() == 1 ? names.get(0)
            : String.join(", ", names.subList(0, names.size() - 1)) + " & " + names.get(names.size() - 1);
        groups.add(listed + (p.institute() == null ? "" : ", " + p.institute()));
        names.clear();
      }
    }
    String line = String.join(" and ", groups);
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
