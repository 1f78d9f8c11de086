package dev.lineup.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Touches;
import dev.lineup.schedule.Workshop;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed between two versions of a workshop, one line per talk: the two states are compared
 * (so three edits of a talk read as one change from the first to the last state, and an edit
 * undone later reads as nothing), the events between them say who and when.
 */
public final class Changelog {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Changelog() {
  }

  /**
   * One line of the changelog. {@code talkId} is null for the workshop's own fields; {@code kind}
   * is added, removed, moved, renamed, cancelled, reinstated, edited, or changed (several of these).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Change(String talkId, String kind, String text, List<String> by, String at,
                       Object before, Object after) {
  }

  /** The changes from {@code before} to {@code after}; {@code events} are the ones between. */
  public static List<Change> between(Workshop before, Workshop after, List<Event> events) {
    List<Change> out = new ArrayList<>();
    Change workshop = workshopChange(before, after, events);
    if (workshop != null) out.add(workshop);
    Map<String, Talk> old = byId(before);
    Map<String, Talk> now = byId(after);
    Set<String> ids = new LinkedHashSet<>(now.keySet());
    ids.addAll(old.keySet());
    List<String> ordered = new ArrayList<>(ids);
    // Stable sort: the new schedule's order, removed talks slotted in at their old times.
    ordered.sort(Comparator.comparing((String id) -> startOf(now.getOrDefault(id, old.get(id))),
        Comparator.nullsLast(Comparator.naturalOrder())));
    for (String id : ordered) {
      Change c = talkChange(id, old.get(id), now.get(id), events);
      if (c != null) out.add(c);
    }
    return out;
  }

  /** The changelog as Markdown, for an e-mail to speakers. */
  public static String markdown(String title, String from, String to, List<Change> changes) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Changes to ").append(escape(title)).append("\n\n");
    sb.append("From ").append(escape(from)).append(" to ").append(escape(to)).append(":\n\n");
    if (changes.isEmpty()) sb.append("No changes.\n");
    for (Change c : changes) {
      sb.append("- ").append(escape(c.text()));
      List<String> credit = new ArrayList<>();
      if (!c.by().isEmpty()) credit.add(escape(String.join(", ", c.by())));
      if (c.at() != null) credit.add(when(c.at()));
      if (!credit.isEmpty()) sb.append(" (").append(String.join(", ", credit)).append(')');
      sb.append('\n');
    }
    return sb.toString();
  }

  // ---- talks ------------------------------------------------------------------------------

  private static Change talkChange(String id, Talk before, Talk after, List<Event> events) {
    String kind;
    String text;
    if (before == null && after == null) return null;
    if (before == null) {
      kind = "added";
      text = name(after) + " added" + (after.start() == null ? "" : " " + span(after));
    } else if (after == null) {
      kind = "removed";
      text = name(before) + " removed";
    } else {
      Map<String, String> parts = talkParts(before, after);
      if (parts.isEmpty()) return null;
      kind = parts.size() == 1 ? parts.keySet().iterator().next() : "changed";
      text = name(before) + " " + String.join(", ", parts.values());
    }
    List<Event> touching = touching(Set.of("talk/" + id), events);
    return new Change(id, kind, text, authors(touching), lastAt(touching), before, after);
  }

  /** kind → words, in the order a reader wants them. */
  private static Map<String, String> talkParts(Talk b, Talk a) {
    Map<String, String> parts = new LinkedHashMap<>();
    if (!same(b.title(), a.title())) parts.put("renamed", "renamed to " + name(a));
    if (!same(b.start(), a.start()) || !same(b.end(), a.end())) {
      parts.put("moved", "moved " + span(b) + " → " + span(a));
    }
    if (b.status() != a.status()) {
      parts.put(a.status() == Talk.Status.CANCELLED ? "cancelled" : "reinstated",
          a.status() == Talk.Status.CANCELLED ? "cancelled" : "back on the schedule");
    }
    List<String> edited = new ArrayList<>();
    if (!b.authors().equals(a.authors())) edited.add("speakers now " + people(a.authors()));
    if (!same(b.abstractText(), a.abstractText())) edited.add("abstract edited");
    if (!same(b.youtube(), a.youtube())) edited.add("video link edited");
    if (b.kind() != a.kind()) edited.add("now a " + a.kind().name().toLowerCase());
    if (!b.extra().equals(a.extra())) edited.add("details edited");
    if (!edited.isEmpty()) parts.put("edited", String.join(", ", edited));
    return parts;
  }

  // ---- the workshop itself ------------------------------------------------------------------

  private static Change workshopChange(Workshop b, Workshop a, List<Event> events) {
    String kind;
    String text;
    if (!b.exists() && !a.exists()) return null;
    if (!b.exists()) {
      kind = "added";
      text = "Workshop " + a.title() + " created";
    } else if (!a.exists()) {
      kind = "removed";
      text = "Workshop " + b.title() + " deleted";
    } else {
      List<String> parts = new ArrayList<>();
      if (!same(b.title(), a.title())) parts.add("renamed to " + a.title());
      if (!same(b.date(), a.date())) parts.add("date " + shown(b.date()) + " → " + shown(a.date()));
      if (!same(b.room(), a.room())) parts.add("room " + shown(b.room()) + " → " + shown(a.room()));
      if (!same(b.timezone(), a.timezone())) {
        parts.add("time zone " + shown(b.timezone()) + " → " + shown(a.timezone()));
      }
      if (!same(b.abstractText(), a.abstractText())) parts.add("description edited");
      if (!b.organizers().equals(a.organizers())) parts.add("organizers now " + people(a.organizers()));
      if (parts.isEmpty()) return null;
      kind = parts.size() == 1 && parts.get(0).startsWith("renamed") ? "renamed" : "changed";
      text = "Workshop " + b.title() + " " + String.join(", ", parts);
    }
    List<Event> touching = touching(Set.of("workshop", "organizer"), events);
    return new Change(null, kind, text, authors(touching), lastAt(touching), summary(b), summary(a));
  }

  /** The workshop's own fields, without its talks (each talk has a line of its own). */
  private static Map<String, Object> summary(Workshop w) {
    if (!w.exists()) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", w.title());
    if (w.date() != null) m.put("date", w.date());
    if (w.room() != null) m.put("room", w.room());
    m.put("organizers", w.organizers());
    return m;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static List<Event> touching(Set<String> paths, List<Event> events) {
    return events.stream().filter(e -> Touches.overlap(paths, Touches.of(e.data()))).toList();
  }

  private static List<String> authors(List<Event> events) {
    return events.stream().map(Event::by).filter(Objects::nonNull).distinct().toList();
  }

  private static String lastAt(List<Event> events) {
    return events.isEmpty() ? null : events.get(events.size() - 1).at();
  }

  private static Map<String, Talk> byId(Workshop w) {
    Map<String, Talk> map = new LinkedHashMap<>();
    if (w.exists()) w.talks().forEach(t -> map.put(t.id(), t));
    return map;
  }

  private static String startOf(Talk t) {
    return t.start();
  }

  private static String name(Talk t) {
    return t.title() == null || t.title().isBlank() ? "Untitled (" + t.id() + ")" : t.title();
  }

  private static String span(Talk t) {
    if (t.start() == null && t.end() == null) return "unscheduled";
    if (t.end() == null) return t.start();
    if (t.start() == null) return "until " + t.end();
    return t.start() + "–" + t.end();
  }

  private static String people(List<Person> people) {
    if (people.isEmpty()) return "none";
    return people.stream().map(p -> (or(p.given()) + " " + or(p.family())).trim())
        .collect(Collectors.joining(", "));
  }

  /** Commands write "" where a value was missing: for a reader both are "nothing". */
  private static boolean same(String x, String y) {
    return or(x).equals(or(y));
  }

  private static String or(String s) {
    return s == null ? "" : s;
  }

  private static String shown(String s) {
    return s == null || s.isBlank() ? "(none)" : s;
  }

  private static String when(String at) {
    try {
      return WHEN.format(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return escape(at);
    }
  }

  /** Titles are plain text: characters Markdown would read as markup are escaped. */
  static String escape(String s) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("\\`*_[]<>#|".indexOf(c) >= 0) sb.append('\\');
      sb.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    return sb.toString();
  }
}
