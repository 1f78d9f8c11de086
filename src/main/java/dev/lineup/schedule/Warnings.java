package dev.lineup.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Schedule problems that never block a change: overlaps, untimed talks, speaker clashes. Found by
 * sweeps over start times (O(n log n), never all pairs), grouped where that reads better ("17
 * talks overlap 09:00–17:00 in Room 1" rather than 136 pairs), and bounded: a workshop keeps at
 * most {@link #MAX_KEPT} of its own, is served with at most {@link #MAX_SERVED} with the
 * meeting's, and says how many more there were ({@code warningsTruncated}).
 */
public final class Warnings {

  /** A workshop's own warnings kept with its state (and its snapshot). */
  public static final int MAX_KEPT = 200;
  /** A workshop's warnings as served, the meeting's speaker clashes included. */
  public static final int MAX_SERVED = 300;
  /** Talks named in the message of a group (all of them are in its talkIds). */
  private static final int NAMED_IN_MESSAGE = 3;

  private Warnings() {
  }

  /** {@code w} with its own warnings, recomputed and bounded. */
  public static Workshop recomputed(Workshop w) {
    List<Warning> all = of(w);
    return bounded(w.withWarnings(List.of()), all, MAX_KEPT, 0);
  }

  /** {@code w} as served: its own warnings and the meeting's {@code clashes}, bounded. */
  public static Workshop served(Workshop w, List<Warning> clashes) {
    if (clashes.isEmpty()) return w;
    List<Warning> all = new ArrayList<>(w.warnings());
    all.addAll(clashes);
    int alreadyLeftOut = w.warningsTruncated() == null ? 0 : w.warningsTruncated();
    return bounded(w, all, MAX_SERVED, alreadyLeftOut);
  }

  private static Workshop bounded(Workshop w, List<Warning> all, int max, int alreadyLeftOut) {
    if (all.size() <= max) return w.withWarnings(all, alreadyLeftOut);
    return w.withWarnings(all.subList(0, max), alreadyLeftOut + all.size() - max);
  }

  /** The warnings of one workshop on its own: overlapping talks in its room, untimed talks. */
  static List<Warning> of(Workshop w) {
    List<Warning> out = new ArrayList<>();
    List<Talk> timed = w.talks().stream()
        .filter(t -> t.status() == Talk.Status.SCHEDULED && t.isTimed())
        .sorted(Comparator.comparing(Talk::start))
        .toList();
    String where = w.room() == null || w.room().isBlank() ? "" : " in " + w.room();
    for (List<Talk> group : overlapping(timed, Talk::start, Warnings::end)) {
      out.add(overlap(group, where));
    }
    for (Talk t : w.talks()) {
      if (t.status() == Talk.Status.SCHEDULED && !t.isTimed()) {
        out.add(t.start() != null
            ? new Warning(Warning.NO_END, "\"" + label(t) + "\" (" + t.start() + ") has no end time", List.of(t.id()))
            : new Warning(Warning.UNTIMED, "\"" + label(t) + "\" has no time", List.of(t.id())));
      }
    }
    return out;
  }

  private static Warning overlap(List<Talk> group, String where) {
    if (group.size() == 2) {
      Talk a = group.get(0);
      Talk b = group.get(1);
      return new Warning(Warning.OVERLAP, "\"" + label(a) + "\" (" + a.start() + "–" + a.end()
          + ") overlaps \"" + label(b) + "\" (" + b.start() + "–" + b.end() + ")" + where,
          List.of(a.id(), b.id()));
    }
    return new Warning(Warning.OVERLAP, group.size() + " talks overlap " + group.get(0).start() + "–"
        + latestEnd(group, Warnings::end) + where, group.stream().map(Talk::id).toList());
  }

  /**
   * Speakers in two places at once across the workshops of a meeting (same date, overlapping
   * times, different workshops). Keyed by workshop id; each warning names that workshop's talks.
   */
  public static Map<String, List<Warning>> speakerClashes(List<Workshop> meeting) {
    Map<String, List<Slot>> bySpeaker = new LinkedHashMap<>();
    for (Workshop w : meeting) {
      if (w.date() == null) continue;
      for (Talk t : w.talks()) {
        if (t.status() != Talk.Status.SCHEDULED || !t.isTimed() || t.kind() != Talk.Kind.TALK) continue;
        for (Person p : t.authors()) {
          String name = p.displayName().toLowerCase();
          if (!name.isEmpty()) bySpeaker.computeIfAbsent(name, k -> new ArrayList<>()).add(new Slot(w, t));
        }
      }
    }
    Map<String, List<Warning>> out = new LinkedHashMap<>();
    for (var entry : bySpeaker.entrySet()) {
      List<Slot> slots = new ArrayList<>(entry.getValue());
      slots.sort(Comparator.comparing(Slot::day));
      for (List<Slot> group : overlapping(slots, Slot::day, Slot::dayEnd)) {
        Set<String> workshops = new LinkedHashSet<>();
        group.forEach(s -> workshops.add(s.workshop().id()));
        if (workshops.size() < 2) continue;
        String message = clash(entry.getKey(), group);
        for (String id : workshops) {
          List<String> talkIds = group.stream().filter(s -> s.workshop().id().equals(id))
              .map(s -> s.talk().id()).distinct().toList();
          out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Warning(Warning.SPEAKER_CLASH, message, talkIds));
        }
      }
    }
    return out;
  }

  /** A talk of a speaker: its workshop's date and its times, so that days sort apart. */
  private record Slot(Workshop workshop, Talk talk) {
    String day() {
      return workshop.date() + "T" + talk.start();
    }

    String dayEnd() {
      return workshop.date() + "T" + end(talk);
    }

    String named() {
      return "\"" + label(talk) + "\" (" + workshop.id() + " " + talk.start() + ")";
    }
  }

  private static String clash(String speaker, List<Slot> group) {
    if (group.size() == 2) {
      return "speaker " + speaker + " is in " + group.get(0).named() + " and in " + group.get(1).named() + " at once";
    }
    StringBuilder sb = new StringBuilder("speaker " + speaker + " is in " + group.size() + " talks at once, "
        + group.get(0).talk().start() + "–" + latestEnd(group, s -> end(s.talk())) + ": ");
    for (int i = 0; i < Math.min(NAMED_IN_MESSAGE, group.size()); i++) {
      if (i > 0) sb.append(", ");
      sb.append(group.get(i).named());
    }
    if (group.size() > NAMED_IN_MESSAGE) sb.append(" and ").append(group.size() - NAMED_IN_MESSAGE).append(" more");
    return sb.toString();
  }

  /**
   * The groups of items (sorted by start) that overlap one another, directly or through others:
   * one sweep, each item joining the group whose latest end is after its start.
   */
  private static <T> List<List<T>> overlapping(List<T> byStart, Function<T, String> start,
                                               Function<T, String> end) {
    List<List<T>> groups = new ArrayList<>();
    List<T> group = new ArrayList<>();
    String groupEnd = null;
    for (T item : byStart) {
      if (groupEnd != null && start.apply(item).compareTo(groupEnd) < 0) {
        group.add(item);
        if (end.apply(item).compareTo(groupEnd) > 0) groupEnd = end.apply(item);
        continue;
      }
      if (group.size() > 1) groups.add(group);
      group = new ArrayList<>(List.of(item));
      groupEnd = end.apply(item);
    }
    if (group.size() > 1) groups.add(group);
    return groups;
  }

  /** The latest end of a group, on the clock ("24:30" is shown as the 00:30 it was written as). */
  private static <T> String latestEnd(List<T> group, Function<T, String> end) {
    String latest = end.apply(group.get(0));
    for (T item : group) {
      if (end.apply(item).compareTo(latest) > 0) latest = end.apply(item);
    }
    return nextDay(latest) ? String.format("%02d", Integer.parseInt(latest.substring(0, 2)) - 24) + latest.substring(2) : latest;
  }

  /**
   * A talk's end on the clock of its start, so that it sorts after it: an end before its start is
   * on the next day (23:30–00:30 ends at "24:30"), as imports read such pages.
   */
  static String end(Talk t) {
    String end = t.end();
    if (end.compareTo(t.start()) >= 0 || end.length() < 3 || end.charAt(2) != ':'
        || !Character.isDigit(end.charAt(0)) || !Character.isDigit(end.charAt(1))) {
      return end;
    }
    return (Integer.parseInt(end.substring(0, 2)) + 24) + end.substring(2);
  }

  private static boolean nextDay(String time) {
    return time.length() >= 3 && time.charAt(2) == ':' && Character.isDigit(time.charAt(0))
        && Character.isDigit(time.charAt(1)) && Integer.parseInt(time.substring(0, 2)) >= 24;
  }

  private static String label(Talk t) {
    return t.title() == null || t.title().isBlank() ? "(untitled)" : t.title().trim();
  }
}
