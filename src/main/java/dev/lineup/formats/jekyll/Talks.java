package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.formats.jekyll.Hinted.Keyed;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Talks and breaks of a page; breaks are talks without speakers, named like a break. */
final class Talks {

  private static final Pattern CANCELLED = Pattern.compile("(?i)\\bcancell?ed\\b");
  private static final Pattern CANCEL_NOTE = Pattern.compile(
      "(?i)\\s*[-–—:(\\[]*\\s*\\bcancell?ed\\b\\s*[)\\]!.]*");
  private static final Pattern BREAK = Pattern.compile("(?i)\\b(coffee|tea|lunch|dinner"
      + "|breakfast|break|activities|excursion|reception|cocktail|free time)\\b");

  static final List<Field> FIELDS = List.of(
      new Field("title", List.of("title"), Values::title, v -> v),
      new Field("authors", List.of("author", "speaker"), Talks::readAuthors, Talks::writeAuthors,
          People::sameLists),
      new Field("youtube", List.of("youtube"), Values::text, v -> v),
      new Field("start", List.of("start"), Values::time, v -> v),
      new Field("end", List.of("end"), Values::time, v -> v),
      new Field("abstract", List.of("abstract"), Values::text, v -> v));

  private Talks() {
  }

  // ---- reading ---------------------------------------------------------------------------

  static List<Talk> list(Object value) {
    List<Talk> out = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) out.add(talk(item));
    } else if (value instanceof Map<?, ?>) {
      out.add(talk(value));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Talk talk(Object item) {
    if (!(item instanceof Map<?, ?>)) {
      Map<String, Object> hint = new LinkedHashMap<>();
      hint.put(People.SCALAR, Keys.encodeDeep(item));
      String title = Values.title(item);
      return new Talk(null, title, List.of(), null, null, null, null, kind(title, List.of(), null),
          status(title), Map.of(Hinted.HINT, hint));
    }
    Map<String, Object> source = (Map<String, Object>) item;
    Hinted.Bound b = Hinted.read(source, FIELDS, Map.of());
    String title = b.get("title") == null ? "" : b.get("title");
    List<Person> authors = b.get("authors") == null ? List.of() : b.get("authors");
    // Free text where a time belongs ("Coffee Break") names the slot too.
    String untimed = (b.get("start") == null ? " " + Values.text(source.get("start")) : "")
        + (b.get("end") == null ? " " + Values.text(source.get("end")) : "");
    return new Talk(null, title, authors, b.get("start"), b.get("end"), b.get("abstract"),
        b.get("youtube"), kind(title, authors, untimed), status(title), b.extra());
  }

  private static Object readAuthors(Object value) {
    if (value instanceof String) return People.speakerLine(value);
    return People.list(value);
  }

  private static Talk.Kind kind(String title, List<Person> authors, String untimed) {
    boolean named = authors.stream().anyMatch(p -> !p.displayName().isEmpty());
    boolean breakWords = BREAK.matcher(title).find()
        || (untimed != null && BREAK.matcher(untimed).find());
    return !named && breakWords ? Talk.Kind.BREAK : Talk.Kind.TALK;
  }

  private static Talk.Status status(String title) {
    return CANCELLED.matcher(title).find() ? Talk.Status.CANCELLED : Talk.Status.SCHEDULED;
  }

  // ---- writing ---------------------------------------------------------------------------

  static List<Object> writeAll(List<Talk> talks) {
    List<Object> out = new ArrayList<>();
    for (Talk t : talks) out.add(write(t));
    return out;
  }

  static Object write(Talk t) {
    Map<String, Object> hint = Hinted.hint(t.extra());
    if (hint.containsKey(People.SCALAR)) {
      Object scalar = Keys.decodeDeep(hint.get(People.SCALAR));
      if (same(talk(scalar), t)) return scalar;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("title", titleOf(t));
    values.put("authors", t.authors());
    values.put("youtube", t.youtube());
    values.put("start", emptyToNull(t.start()));
    values.put("end", emptyToNull(t.end()));
    values.put("abstract", t.abstractText());
    return Hinted.write(FIELDS, values, t.extra());
  }

  /** The status lives in the title on a page: "... - Cancelled". */
  private static String titleOf(Talk t) {
    String title = t.title() == null ? "" : t.title();
    boolean says = CANCELLED.matcher(title).find();
    if (t.status() == Talk.Status.CANCELLED && !says) return (title + " (cancelled)").strip();
    if (t.status() == Talk.Status.SCHEDULED && says) return CANCEL_NOTE.matcher(title).replaceAll("").strip();
    return title;
  }

  @SuppressWarnings("unchecked")
  private static Keyed writeAuthors(String key, Object value) {
    List<Person> authors = value == null ? List.of() : (List<Person>) value;
    if (key.equals("speaker")) {
      String line = People.speakerLineOf(authors);
      if (line != null) return new Keyed("speaker", line);
    }
    return new Keyed("author", People.writeAll(authors));
  }

  /** Same talk as far as the page shows: ids and hints aside. */
  static boolean same(Talk a, Talk b) {
    return Objects.equals(a.title(), b.title()) && People.sameAll(a.authors(), b.authors())
        && Objects.equals(a.start(), emptyToNull(b.start()))
        && Objects.equals(a.end(), emptyToNull(b.end()))
        && Objects.equals(a.abstractText(), b.abstractText())
        && Objects.equals(a.youtube(), b.youtube()) && a.kind() == b.kind()
        && a.status() == b.status()
        && Hinted.withoutHint(a.extra()).equals(Hinted.withoutHint(b.extra()));
  }

  @SuppressWarnings("unchecked")
  static boolean sameLists(Object a, Object b) {
    if (!(a instanceof List<?> x) || !(b instanceof List<?> y) || x.size() != y.size()) return false;
    for (int i = 0; i < x.size(); i++) {
      if (!same(((List<Talk>) x).get(i), ((List<Talk>) y).get(i))) return false;
    }
    return true;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
