package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.formats.jekyll.Hinted.Keyed;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;

import dev.lineup.schedule.Times;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Talks and breaks of a page; breaks are talks without speakers, named like a break. */
final class Talks {

  private static final Pattern CANCELLED = Pattern.compile("(?i)\\bcancell?ed\\b");
  private static final Pattern CANCEL_NOTE = Pattern.compile(
      "(?i)\\s*[-–—:(\\[]*\\s*\\bcancell?ed\\b\\s*[)\\]!.]*");
  private static final Pattern BREAK = Pattern.compile("(?i)\\b(coffee|tea|lunch|dinner"
      + "|breakfast|break|activities|excursion|reception|cocktail|free time)\\b");

  /** How a time is written when it needs no note: "9:30", "09:30". */
  private static final Pattern PLAIN_TIME = Pattern.compile("\\s*\\d{1,2}:\\d{2}\\s*");

  /** Hint key: the times as read in context, when that differs from each field on its own. */
  private static final String READ = "read";

  static final List<Field> FIELDS = List.of(
      new Field("title", List.of("title"), Values::title, v -> v),
      new Field("authors", List.of("author", "speaker"), Talks::readAuthors, Talks::writeAuthors,
          People::sameLists),
      new Field("youtube", List.of("youtube"), Values::text, v -> v),
      new Field("start", List.of("start", "starttime"), Values::time, v -> v),
      new Field("end", List.of("end", "endtime"), Values::time, v -> v),
      new Field("abstract", List.of("abstract"), Values::text, v -> v));
  private static final Field START = FIELDS.get(3);
  private static final Field END = FIELDS.get(4);
  /** The vocabulary of a {@code layout: schedule} page's {@code events:}. */
  static final Map<String, String> EVENT_KEYS = Map.of("start", "starttime", "end", "endtime");

  private Talks() {
  }

  // ---- reading ---------------------------------------------------------------------------

  static List<Talk> list(Object value, Notes notes) {
    List<Talk> out = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) out.add(talk(item, notes));
    } else if (value instanceof Map<?, ?>) {
      out.add(talk(value, notes));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Talk talk(Object item, Notes notes) {
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
    Object rawStart = Hinted.sourceValue(source, START);
    Object rawEnd = Hinted.sourceValue(source, END);
    String[] times = times("\"" + (title.isBlank() ? "(untitled)" : title) + "\"", rawStart, rawEnd, notes);
    if (!Objects.equals(times[0], b.get("start")) || !Objects.equals(times[1], b.get("end"))) {
      Map<String, Object> read = new LinkedHashMap<>();
      read.put("start", times[0]);
      read.put("end", times[1]);
      read.put("plainStart", b.get("start"));
      read.put("plainEnd", b.get("end"));
      Hinted.addHint(b.extra(), READ, read);
    }
    // Free text where a time belongs ("Coffee Break") names the slot too.
    String untimed = (times[0] == null ? " " + Values.text(rawStart) : "")
        + (times[1] == null ? " " + Values.text(rawEnd) : "");
    return new Talk(null, title, authors, times[0], times[1], b.get("abstract"),
        b.get("youtube"), kind(title, authors, untimed), status(title), b.extra());
  }

  /**
   * A talk's start and end read together, as people write them: a range in the start field
   * ("17:00-17:30"), an end on a 12-hour clock ("12:00"–"1:00" is 13:00), a session past
   * midnight (23:30–00:30). What cannot be read is left out of the model (the page keeps it).
   * {@code label} names the owner of the times in the notes.
   */
  static String[] times(String label, Object rawStart, Object rawEnd, Notes notes) {
    String startText = Values.timeText(rawStart);
    String endText = Values.timeText(rawEnd);
    Times.Reading s = Times.read(startText).orElse(null);
    Times.Reading e = Times.read(endText).orElse(null);
    if (startText != null && s == null) {
      notes.add(Notes.TIME_AS_WRITTEN, label + ": start \"" + startText + "\" is not a time; kept as written");
    }
    if (endText != null && e == null) {
      notes.add(Notes.TIME_AS_WRITTEN, label + ": end \"" + endText + "\" is not a time; kept as written");
    }
    String start = s == null ? null : s.start();
    String end = e != null ? (e.end() != null ? e.end() : e.start()) : null;
    boolean startRange = endText == null && s != null && s.end() != null;
    if (s != null && !startRange && !PLAIN_TIME.matcher(startText).matches()) {
      notes.add(Notes.TIME_READ, label + ": start \"" + startText + "\" read as " + start);
    }
    if (e != null && !PLAIN_TIME.matcher(endText).matches()) {
      notes.add(Notes.TIME_READ, label + ": end \"" + endText + "\" read as " + end);
    }
    if (startRange) {
      end = s.end();
      notes.add(Notes.TIME_READ, label + ": start \"" + startText + "\" read as " + start + "–" + end);
    }
    if (start != null && end != null && Times.crossesMidnight(start, end)) {
      Optional<String> afternoon = Times.afternoonEnd(start, end);
      if (afternoon.isPresent()) {
        notes.add(Notes.TIME_READ, label + ": end \"" + endText + "\" read as " + afternoon.get()
            + " (after the start, " + start + ")");
        end = afternoon.get();
      } else if (!Times.isPlausibleSpan(start, end)) {
        notes.add(Notes.TIME_AS_WRITTEN, label + ": end " + end + " is before the start " + start
            + "; the end is left out (the page keeps it)");
        end = null;
      }
    } else if (start != null && start.equals(end)) {
      notes.add(Notes.TIME_AS_WRITTEN, label + ": ends when it starts (" + start
          + "); the end is left out (the page keeps it)");
      end = null;
    }
    return new String[] {start, end};
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

  /** The talks of a list, new ones in the vocabulary of the others (or {@code defaults}). */
  static List<Object> writeAll(List<Talk> talks, Map<String, String> defaults) {
    Map<String, String> prefer = new HashMap<>(defaults);
    prefer.putAll(Hinted.siblingKeys(FIELDS, talks.stream().map(Talk::extra).toList()));
    List<Object> out = new ArrayList<>();
    for (Talk t : talks) out.add(write(t, prefer));
    return out;
  }

  static Object write(Talk t, Map<String, String> prefer) {
    Map<String, Object> hint = Hinted.hint(t.extra());
    if (hint.containsKey(People.SCALAR)) {
      Object scalar = Keys.decodeDeep(hint.get(People.SCALAR));
      if (same(talk(scalar, Notes.discard()), t)) return scalar;
    }
    String start = t.start();
    String end = t.end();
    // Times read in context and unchanged since: give each field its own reading back, so that
    // the page keeps its spelling ("12:00"–"1:00", "17:00-17:30").
    if (hint.get(READ) instanceof Map<?, ?> read
        && Objects.equals(read.get("start"), start) && Objects.equals(read.get("end"), end)) {
      start = (String) read.get("plainStart");
      end = (String) read.get("plainEnd");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("title", titleOf(t));
    values.put("authors", t.authors());
    values.put("youtube", t.youtube());
    values.put("start", start);
    values.put("end", end);
    values.put("abstract", t.abstractText());
    return Hinted.write(FIELDS, values, t.extra(), prefer);
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
        && Objects.equals(a.start(), b.start())
        && Objects.equals(a.end(), b.end())
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
}
