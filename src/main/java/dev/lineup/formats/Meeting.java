package dev.lineup.formats;

import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Workshop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the schedule exports (frab, iCalendar) publish: the workshops of one meeting, or a single
 * workshop as a meeting of one. Also decides, once for every format, which talks are published:
 * scheduled, timed talks and breaks of workshops that have a date, or the workshop's own time when
 * it lists no timed talk. Cancelled talks are simply not published; untimed talks and undated
 * workshops are left out and reported by {@link #leftOut()}.
 */
public record Meeting(String category, String title, List<Workshop> workshops, int defaultMinutes) {

  /** How long a talk with a start and no end lasts when no later talk says (config export_default_minutes). */
  public static final int DEFAULT_MINUTES = 60;
  /** A talk this early after one this late in the page is after midnight (22:00, then 00:30). */
  private static final int LATE = 18 * 60;
  private static final int EARLY = 6 * 60;

  /** The zone of a workshop that names none (the same default as the server configuration). */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

  /** Warning code for a workshop that has no (usable) date and so no place in any day. */
  public static final String UNDATED = "undated";

  /** The talk id of a workshop published as one session (no server id looks like it). */
  public static final String SESSION_ID = "session";

  private static final String YOUTUBE_WATCH = "https://www.youtube.com/watch?v=";
  private static final Logger LOG = LoggerFactory.getLogger(Meeting.class);

  public Meeting {
    workshops = workshops == null ? List.of() : List.copyOf(workshops);
    if (defaultMinutes < 1) defaultMinutes = DEFAULT_MINUTES;
  }

  public Meeting(String category, String title, List<Workshop> workshops) {
    this(category, title, workshops, DEFAULT_MINUTES);
  }

  /** All workshops of a category (e.g. dali2018), titled by the category upper-cased. */
  public static Meeting of(String category, List<Workshop> workshops) {
    return new Meeting(category, category.toUpperCase(Locale.ROOT), workshops);
  }

  /** One workshop on its own: its first category (if any) and its own title. */
  public static Meeting single(Workshop workshop) {
    String category = workshop.categories().isEmpty() ? null : workshop.categories().get(0);
    return new Meeting(category, workshop.title(), List.of(workshop));
  }

  /** The same meeting, a talk without an end lasting {@code minutes} when no later talk says. */
  public Meeting withDefaultMinutes(int minutes) {
    return new Meeting(category, title, workshops, minutes);
  }

  /**
   * Refuses (409) a schedule of a meeting none of whose workshops has a date yet: there is no day
   * to put a time on. Every export (frab XML, frab JSON, iCalendar) answers alike.
   */
  public void requireADay() {
    if (workshops.stream().anyMatch(w -> date(w).isPresent())) return;
    String which = workshops.size() == 1 ? "workshop " + workshops.get(0).id() + " has no date yet"
        : "no workshop of " + acronym() + " has a date yet (so none has a time)";
    throw new Rejection(Failure.CONFLICT, which + ", so its talks have no times to"
        + " export: set one with the command {\"type\": \"workshop.update\", \"set\": {\"date\": \"YYYY-MM-DD\"}}");
  }

  /** A talk that is published, placed in time in its workshop's zone. */
  public record Slot(Workshop workshop, Talk talk, ZonedDateTime start, ZonedDateTime end) {

    public int minutes() {
      return (int) Duration.between(start, end).toMinutes();
    }
  }

  /** The short name of the meeting: its category, or the (single) workshop's id when it has none. */
  public String acronym() {
    if (category != null && !category.isBlank()) return category;
    return workshops.isEmpty() ? "lineup" : workshops.get(0).id();
  }

  /** The workshop's IANA zone; the default when it names none or one Java does not know. */
  public static ZoneId zone(Workshop workshop) {
    if (workshop.timezone() == null || workshop.timezone().isBlank()) return DEFAULT_ZONE;
    try {
      return ZoneId.of(workshop.timezone().trim());
    } catch (DateTimeException e) {
      // Zones are validated on input; an export must still not fail on an old snapshot.
      LOG.warn("workshop {} has unknown timezone {}, exported in {}", workshop.id(),
          workshop.timezone(), DEFAULT_ZONE);
      return DEFAULT_ZONE;
    }
  }

  /** The workshop's day, empty when it has none or it is not an ISO date. */
  public static Optional<LocalDate> date(Workshop workshop) {
    if (workshop.date() == null) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(workshop.date().trim()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The workshop's room; "Room <id>" when it names none, so that every event has a place. */
  public static String room(Workshop workshop) {
    return workshop.room() == null || workshop.room().isBlank()
        ? "Room " + workshop.id() : workshop.room().trim();
  }

  /** The talk's video page: a YouTube id becomes its watch page, a full address stays as it is. */
  public static Optional<String> video(Talk talk) {
    if (talk.youtube() == null || talk.youtube().isBlank()) return Optional.empty();
    String v = talk.youtube().trim();
    if (v.startsWith("https://") || v.startsWith("http://")) return Optional.of(v);
    return Optional.of(YOUTUBE_WATCH + URLEncoder.encode(v, StandardCharsets.UTF_8));
  }

  /** The zone the meeting as a whole is shown in: that of its first workshop. */
  public ZoneId zone() {
    return workshops.isEmpty() ? DEFAULT_ZONE : zone(workshops.get(0));
  }

  /**
   * Every published talk and break of every dated workshop, in order of start. A talk with a
   * start and no end lasts until the next talk of its workshop starts, else
   * {@link #defaultMinutes}; a talk listed after late ones and starting early is after midnight;
   * an end before the start is on the next day.
   */
  public List<Slot> published() {
    List<Slot> slots = new ArrayList<>();
    for (Workshop w : workshops) {
      Optional<LocalDate> day = date(w);
      if (day.isEmpty()) continue;
      ZoneId zone = zone(w);
      List<Talk> timed = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      int offset = 0;
      Integer previous = null;
      for (Talk t : w.talks()) {
        if (t.status() != Talk.Status.SCHEDULED || !Times.isValid(t.start())) continue;
        int start = Times.minutes(t.start());
        if (previous != null && start < previous % Times.DAY && previous % Times.DAY >= LATE && start < EARLY) {
          offset += Times.DAY;
        }
        previous = start + offset;
        timed.add(t);
        starts.add(start + offset);
      }
      if (timed.isEmpty()) session(w).ifPresent(t -> {
        timed.add(t);
        starts.add(Times.minutes(t.start()));
      });
      for (int i = 0; i < timed.size(); i++) {
        Talk t = timed.get(i);
        int start = starts.get(i);
        int end;
        if (Times.isValid(t.end())) {
          end = start + Times.duration(t.start(), t.end());
        } else {
          int next = Integer.MAX_VALUE;
          for (int s : starts) if (s > start) next = Math.min(next, s);
          end = next == Integer.MAX_VALUE ? start + defaultMinutes : next;
        }
        slots.add(new Slot(w, t, at(day.get(), start, zone), at(day.get(), end, zone)));
      }
    }
    slots.sort(Comparator.comparing((Slot s) -> s.start().toInstant())
        .thenComparing(s -> s.end().toInstant()));
    return slots;
  }

  /**
   * A workshop that lists no timed talk but gives a time of its own (a {@code layout: workshop}
   * page's {@code starttime}/{@code endtime}) is published as one session: titled as the
   * workshop, its organizers as speakers, id {@value #SESSION_ID}.
   */
  private static Optional<Talk> session(Workshop w) {
    return JekyllPages.sessionTime(w).map(time -> new Talk(SESSION_ID, w.title(),
        w.organizers().stream().map(p -> p.withId(null)).toList(), time.start(), time.end(),
        w.abstractText(), null, Talk.Kind.TALK, Talk.Status.SCHEDULED, null));
  }

  /** Minutes from the workshop's day's midnight (past 24 h: the days after), as wall-clock time. */
  private static ZonedDateTime at(LocalDate day, int minutes, ZoneId zone) {
    return ZonedDateTime.of(day.plusDays(minutes / Times.DAY), LocalTime.of(0, 0), zone)
        .withHour((minutes % Times.DAY) / 60).withMinute(minutes % 60);
  }

  /** What the exports leave out although it is scheduled: undated workshops, untimed talks. */
  public List<Warning> leftOut() {
    List<Warning> out = new ArrayList<>();
    for (Workshop w : workshops) {
      if (date(w).isEmpty()) {
        out.add(new Warning(UNDATED, "workshop " + w.id() + " has no date: left out of the schedule",
            List.of()));
        continue;
      }
      for (Talk t : w.talks()) {
        if (t.status() == Talk.Status.SCHEDULED && !Times.isValid(t.start())) {
          out.add(new Warning(Warning.UNTIMED, "\"" + t.title() + "\" in workshop " + w.id()
              + " has no time: left out of the schedule", List.of(t.id())));
        }
      }
    }
    return out;
  }
}
