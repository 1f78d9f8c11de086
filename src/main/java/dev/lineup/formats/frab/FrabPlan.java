package dev.lineup.formats.frab;

import dev.lineup.formats.Meeting;
import dev.lineup.formats.Meeting.Slot;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Workshop;

import java.net.URI;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A meeting laid out the way frab sees a conference: days, rooms in each day, events in each room.
 * Both renderings (XML, JSON) are made from this one plan, so they always agree.
 */
record FrabPlan(String acronym, String title, String version, ZoneId zone, LocalDate start,
                LocalDate end, List<String> tracks, List<String> rooms, List<Day> days) {

  record Day(int index, LocalDate date, ZonedDateTime start, ZonedDateTime end, List<Room> rooms) {
  }

  record Room(String name, List<Entry> events) {
  }

  record Speaker(int id, UUID guid, String name) {
  }

  /** One published talk or break as a frab event; {@code url} is null when there is no web page. */
  record Entry(Slot slot, int id, UUID guid, String room, String track, String slug, String url,
               String type, List<Speaker> persons, Optional<String> video) {

    String title() {
      return slot.talk().title() == null ? "" : slot.talk().title();
    }

    String abstractText() {
      return slot.talk().abstractText() == null ? "" : slot.talk().abstractText();
    }
  }

  static final String TIMESLOT = "00:05";

  private static final int MAX_SLUG_TITLE = 40;

  static FrabPlan of(Meeting meeting) {
    Map<LocalDate, List<Workshop>> byDate = workshopsByDate(meeting);
    // frab has no schedule without a day; the XSD itself requires at least one.
    meeting.requireADay();
    String acronym = acronym(meeting.acronym());
    List<Slot> published = meeting.published();
    Map<String, Integer> ids = eventIds(published);
    List<Day> days = new ArrayList<>();
    for (Map.Entry<LocalDate, List<Workshop>> day : byDate.entrySet()) {
      List<Slot> ofDay = published.stream()
          .filter(s -> Meeting.date(s.workshop()).orElseThrow().equals(day.getKey()))
          .toList();
      days.add(day(days.size() + 1, day.getKey(), day.getValue(), ofDay, meeting.zone(), acronym, ids));
    }
    LinkedHashSet<String> tracks = new LinkedHashSet<>();
    LinkedHashSet<String> rooms = new LinkedHashSet<>();
    for (List<Workshop> ws : byDate.values()) {
      for (Workshop w : ws) {
        tracks.add(track(w));
        rooms.add(Meeting.room(w));
      }
    }
    long version = meeting.workshops().stream().mapToLong(Workshop::version).sum();
    return new FrabPlan(acronym, meeting.title() == null ? acronym : meeting.title(),
        Long.toString(version), meeting.zone(), days.get(0).date(),
        days.get(days.size() - 1).date(), List.copyOf(tracks), List.copyOf(rooms), days);
  }

  static UUID guid(String workshopId, String talkId) {
    return StableIds.uuid("talk:" + workshopId + "/" + talkId);
  }

  static int id(String workshopId, String talkId) {
    return StableIds.positiveInt("talk:" + workshopId + "/" + talkId);
  }

  static String track(Workshop w) {
    return w.title() == null || w.title().isBlank() ? w.id() : w.title().trim();
  }

  static UUID roomGuid(String room) {
    return StableIds.uuid("room:" + room);
  }

  /**
   * Both schemas restrict the acronym: the XSD to [a-z0-9_-]{4,}, the JSON schema further to no
   * '-' after the first character; '_' stands in for everything else.
   */
  static String acronym(String name) {
    String ascii = asciiLower(name).replaceAll("[^a-z0-9_]+", "_");
    StringBuilder sb = new StringBuilder(ascii);
    while (sb.length() < 4) sb.append('_');
    return sb.toString();
  }

  private static Map<LocalDate, List<Workshop>> workshopsByDate(Meeting meeting) {
    Map<LocalDate, List<Workshop>> byDate = new TreeMap<>();
    for (Workshop w : meeting.workshops()) {
      Meeting.date(w).ifPresent(d -> byDate.computeIfAbsent(d, k -> new ArrayList<>()).add(w));
    }
    return byDate;
  }

  /**
   * Hash-derived ids, so they survive any edit; the rare collision is settled by taking the next
   * free number, in the order of (workshop id, talk id) so that it is settled the same way each time.
   */
  private static Map<String, Integer> eventIds(List<Slot> slots) {
    List<Slot> ordered = new ArrayList<>(slots);
    ordered.sort(Comparator.comparing((Slot s) -> s.workshop().id()).thenComparing(s -> s.talk().id()));
    Map<String, Integer> ids = new HashMap<>();
    Set<Integer> taken = new HashSet<>();
    for (Slot s : ordered) {
      int id = id(s.workshop().id(), s.talk().id());
      while (!taken.add(id)) id = id == Integer.MAX_VALUE ? 1 : id + 1;
      ids.put(key(s), id);
    }
    return ids;
  }

  private static String key(Slot s) {
    return s.workshop().id() + "/" + s.talk().id();
  }

  /** A day's rooms are its workshops' rooms (also when empty); it spans its first to last event. */
  private static Day day(int index, LocalDate date, List<Workshop> workshops, List<Slot> slots,
                         ZoneId zone, String acronym, Map<String, Integer> ids) {
    Map<String, List<Entry>> rooms = new LinkedHashMap<>();
    for (Workshop w : workshops) rooms.computeIfAbsent(Meeting.room(w), k -> new ArrayList<>());
    ZonedDateTime first = null;
    ZonedDateTime last = null;
    for (Slot s : slots) {
      rooms.get(Meeting.room(s.workshop())).add(entry(s, ids.get(key(s)), acronym));
      if (first == null || s.start().isBefore(first)) first = s.start();
      if (last == null || s.end().isAfter(last)) last = s.end();
    }
    ZonedDateTime dayStart = first == null ? date.atStartOfDay(zone) : first.withZoneSameInstant(zone);
    ZonedDateTime dayEnd = last == null ? ZonedDateTime.of(date, LocalTime.of(23, 59), zone)
        : last.withZoneSameInstant(zone);
    List<Room> roomList = rooms.entrySet().stream()
        .map(e -> new Room(e.getKey(), List.copyOf(e.getValue())))
        .toList();
    return new Day(index, date, dayStart, dayEnd, roomList);
  }

  private static Entry entry(Slot s, int id, String acronym) {
    Workshop w = s.workshop();
    Talk t = s.talk();
    boolean isBreak = t.kind() == Talk.Kind.BREAK;
    return new Entry(s, id, guid(w.id(), t.id()), Meeting.room(w), track(w),
        acronym + "-" + id + "-" + slugOf(t.title(), isBreak), webPage(w), isBreak ? "break" : "lecture",
        speakers(t), Meeting.video(t));
  }

  private static List<Speaker> speakers(Talk t) {
    List<Speaker> out = new ArrayList<>();
    for (Person p : t.authors()) {
      String name = p.displayName();
      if (name.isEmpty()) continue;
      String key = "person:" + name.toLowerCase(Locale.ROOT);
      out.add(new Speaker(StableIds.positiveInt(key), StableIds.uuid(key), name));
    }
    return out;
  }

  /** The workshop's own page when it is an absolute web address (frab's event url is one). */
  private static String webPage(Workshop w) {
    String url = w.organizerUrl() == null ? "" : w.organizerUrl().trim();
    if (!url.startsWith("http://") && !url.startsWith("https://")) return null;
    try {
      return URI.create(url).toASCIIString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String slugOf(String title, boolean isBreak) {
    String slug = asciiLower(title == null ? "" : title).replaceAll("[^a-z0-9]+", "-");
    if (slug.length() > MAX_SLUG_TITLE) slug = slug.substring(0, MAX_SLUG_TITLE);
    slug = slug.replaceAll("^-+|-+$", "");
    if (slug.isEmpty()) return isBreak ? "break" : "talk";
    return slug;
  }

  private static String asciiLower(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT);
  }
}
