package dev.lineup.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schedule problems that never block a change: overlaps, untimed talks, speaker clashes. */
public final class Warnings {

  private Warnings() {
  }

  /** The warnings of one workshop on its own: overlapping talks in its room, untimed talks. */
  public static List<Warning> of(Workshop w) {
    List<Warning> out = new ArrayList<>();
    List<Talk> timed = w.talks().stream()
        .filter(t -> t.status() == Talk.Status.SCHEDULED && t.isTimed())
        .sorted(Comparator.comparing(Talk::start))
        .toList();
    for (int i = 0; i < timed.size(); i++) {
      Talk a = timed.get(i);
      for (int j = i + 1; j < timed.size(); j++) {
        Talk b = timed.get(j);
        if (b.start().compareTo(a.end()) >= 0) break;
        out.add(new Warning(Warning.OVERLAP,
            "\"" + label(a) + "\" (" + a.start() + "–" + a.end() + ") overlaps \"" + label(b)
                + "\" (" + b.start() + "–" + b.end() + ")" + (w.room() == null || w.room().isBlank()
                ? "" : " in " + w.room()),
            List.of(a.id(), b.id())));
      }
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

  /**
   * Speakers in two places at once across the workshops of a meeting (same date, overlapping
   * times, different workshops). Keyed by workshop id.
   */
  public static Map<String, List<Warning>> speakerClashes(List<Workshop> meeting) {
    record Slot(Workshop workshop, Talk talk) {
    }
    Map<String, List<Slot>> bySpeaker = new HashMap<>();
    for (Workshop w : meeting) {
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
      List<Slot> slots = entry.getValue();
      for (int i = 0; i < slots.size(); i++) {
        for (int j = i + 1; j < slots.size(); j++) {
          Slot a = slots.get(i);
          Slot b = slots.get(j);
          if (a.workshop().id().equals(b.workshop().id())) continue;
          if (a.workshop().date() == null || !a.workshop().date().equals(b.workshop().date())) continue;
          if (a.talk().start().compareTo(b.talk().end()) >= 0
              || b.talk().start().compareTo(a.talk().end()) >= 0) continue;
          String message = "speaker " + entry.getKey() + " is in \"" + label(a.talk()) + "\" ("
              + a.workshop().id() + " " + a.talk().start() + ") and in \"" + label(b.talk())
              + "\" (" + b.workshop().id() + " " + b.talk().start() + ") at once";
          Warning wa = new Warning(Warning.SPEAKER_CLASH, message, List.of(a.talk().id()));
          Warning wb = new Warning(Warning.SPEAKER_CLASH, message, List.of(b.talk().id()));
          out.computeIfAbsent(a.workshop().id(), k -> new ArrayList<>()).add(wa);
          out.computeIfAbsent(b.workshop().id(), k -> new ArrayList<>()).add(wb);
        }
      }
    }
    return out;
  }

  private static String label(Talk t) {
    return t.title() == null || t.title().isBlank() ? "(untitled)" : t.title().trim();
  }
}
