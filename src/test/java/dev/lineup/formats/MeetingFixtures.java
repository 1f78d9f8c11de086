package dev.lineup.formats;

import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Workshop;

import java.util.List;
import java.util.Map;

/**
 * A small meeting made by hand, with everything the exports must cope with: talks, a break, a
 * cancelled talk with its replacement in the same slot, an untimed talk, markup in a title, two
 * workshops on two dates in two rooms of one category, and an undated workshop.
 */
public final class MeetingFixtures {

  public static final String CATEGORY = "dali2018";
  public static final String ZONE = "Europe/Rome";
  public static final String SCRIPT_TITLE = "Opening <script>alert(1)</script> & \"welcome\"";

  private MeetingFixtures() {
  }

  public static Workshop theory() {
    return workshop("theory", 7, "Theory of Deep Learning", "Sala Ginestra", "2018-04-03", List.of(
        talk("t1", SCRIPT_TITLE, "09:30", "10:15", Talk.Kind.TALK, Talk.Status.SCHEDULED, "dQw4w9WgXcQ",
            "Why <b>depth</b> & width matter.", Person.named("Ferenc", "Huszár")),
        talk("t2", "Coffee Break", "10:15", "10:45", Talk.Kind.BREAK, Talk.Status.SCHEDULED, null, null),
        talk("t3", "Cancelled: Old Talk", "10:45", "11:30", Talk.Kind.TALK, Talk.Status.CANCELLED, null,
            null, Person.named("Gone", "Speaker")),
        talk("t4", "Replacement Talk", "10:45", "11:30", Talk.Kind.TALK, Talk.Status.SCHEDULED, null,
            "Stands in.", Person.named("Anna", "Rossi"), Person.named("Bruno", "Verdi")),
        talk("t5", "Untimed Discussion", null, null, Talk.Kind.TALK, Talk.Status.SCHEDULED, null, null)));
  }

  public static Workshop reinforcement() {
    return workshop("rl", 3, "Reinforcement Learning", "Sala Ginepro", "2018-04-04", List.of(
        talk("r1", "Policy Gradients", "09:00", "09:45", Talk.Kind.TALK, Talk.Status.SCHEDULED, null,
            "Gradients of policies.", Person.named("Anna", "Rossi")),
        talk("r2", "Lunch", "12:30", "14:00", Talk.Kind.BREAK, Talk.Status.SCHEDULED, null, null)));
  }

  public static Workshop undated() {
    return workshop("later", 1, "To Be Announced", "Sala Ginestra", null, List.of(
        talk("u1", "Somewhere in Time", "09:00", "10:00", Talk.Kind.TALK, Talk.Status.SCHEDULED, null,
            null)));
  }

  public static Meeting meeting() {
    return Meeting.of(CATEGORY, List.of(theory(), reinforcement(), undated()));
  }

  public static Workshop workshop(String id, long version, String title, String room, String date,
                                  List<Talk> talks) {
    return new Workshop(id, version, title, null, null, List.of(CATEGORY), List.of(), room, true,
        date, ZONE, talks, List.of(), Map.of(), List.of());
  }

  public static Talk talk(String id, String title, String start, String end, Talk.Kind kind,
                          Talk.Status status, String youtube, String abstractText,
                          Person... authors) {
    return new Talk(id, title, List.of(authors), start, end, abstractText, youtube, kind, status,
        Map.of());
  }

  /** What a "running late" shift does to a workshop: talks from {@code from} on move, version +1. */
  public static Workshop shifted(Workshop w, String from, int minutes) {
    List<Talk> talks = w.talks().stream()
        .map(t -> t.isTimed() && t.start().compareTo(from) >= 0
            ? t.withTimes(Times.plus(t.start(), minutes).orElseThrow(),
                Times.plus(t.end(), minutes).orElseThrow())
            : t)
        .toList();
    return w.withTalks(talks).withVersion(w.version() + 1);
  }
}
