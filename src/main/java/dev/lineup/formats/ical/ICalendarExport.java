package dev.lineup.formats.ical;

import dev.lineup.formats.Meeting;
import dev.lineup.formats.Meeting.Slot;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Workshop;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * iCalendar (RFC 5545) for subscribing to a workshop or a meeting: one VEVENT per published talk
 * or break (see {@link Meeting#published()}), local times with a TZID and the matching VTIMEZONE
 * from ical4j's bundled zone database.
 *
 * <p>Calendar clients refresh a subscription by fetching it again and matching events by UID, so
 * the UID is the talk's stable frab guid and SEQUENCE is the workshop version: a "running late"
 * shift moves DTSTART/DTEND and raises SEQUENCE, and the client shows the new times.
 */
public final class ICalendarExport {

  static final String PRODID = "-//Lineup//Lineup Schedule//EN";
  static final String BREAK = "BREAK";
  static final Duration REFRESH = Duration.ofMinutes(15);

  /** Loading a zone parses its VTIMEZONE; the registry keeps them, and is safe to share. */
  private static final TimeZoneRegistry ZONES =
      TimeZoneRegistryFactory.getInstance().createRegistry();

  private ICalendarExport() {
  }

  /** The calendar, stamped now. */
  public static String toIcs(Meeting meeting) {
    return toIcs(meeting, Instant.now());
  }

  /** The calendar with DTSTAMP {@code stamp}: the same meeting and stamp give the same text. */
  public static String toIcs(Meeting meeting, Instant stamp) {
    // As frab: no day yet, no calendar (an empty one would say "nothing happens" instead).
    meeting.requireADay();
    Calendar calendar = new Calendar();
    calendar.add(new ProdId(PRODID));
    calendar.add(new Version(new ParameterList(), Version.VALUE_2_0));
    if (meeting.title() != null) calendar.add(new XProperty("X-WR-CALNAME", text(meeting.title())));
    // Ask subscribed clients to refetch often (RFC 7986, and Outlook's older name for it), so
    // that a "running late" shift reaches them while it still matters.
    calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), REFRESH));
    calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
    List<Slot> slots = meeting.published();
    Map<ZoneId, ZoneId> calendarZones = new HashMap<>();
    Set<String> described = new HashSet<>();
    for (Slot slot : slots) {
      ZoneId zone = slot.start().getZone();
      if (calendarZones.containsKey(zone)) continue;
      Optional<TimeZone> tz = definition(zone);
      calendarZones.put(zone, tz.map(z -> ZoneId.of(z.getID())).orElse(ZoneOffset.UTC));
      if (tz.isPresent() && described.add(tz.get().getID())) calendar.add(tz.get().getVTimeZone());
    }
    Instant dtStamp = stamp.truncatedTo(ChronoUnit.SECONDS);
    for (Slot slot : slots) calendar.add(event(slot, calendarZones.get(slot.start().getZone()), dtStamp));
    return serialize(calendar);
  }

  /**
   * The VTIMEZONE ical4j has for a zone. It may file the zone under another name (UTC as Etc/UTC,
   * Asia/Calcutta as Asia/Kolkata): events then use that name, so every TZID has its definition.
   * Without a definition (or with a name Java does not know) times are written in UTC.
   */
  private static Optional<TimeZone> definition(ZoneId zone) {
    TimeZone tz = ZONES.getTimeZone(zone.getId());
    if (tz == null || !ZoneId.getAvailableZoneIds().contains(tz.getID())) return Optional.empty();
    return Optional.of(tz);
  }

  private static VEvent event(Slot slot, ZoneId zone, Instant stamp) {
    Workshop w = slot.workshop();
    Talk t = slot.talk();
    Temporal start = zone.equals(ZoneOffset.UTC) ? slot.start().toInstant() : slot.start().withZoneSameInstant(zone);
    Temporal end = zone.equals(ZoneOffset.UTC) ? slot.end().toInstant() : slot.end().withZoneSameInstant(zone);
    VEvent event = new VEvent(start, end, summary(t));
    event.replace(new DtStamp(stamp));
    event.add(new Uid(FrabSchedule.guid(w.id(), t.id()) + "@lineup"));
    event.add(new Sequence((int) Math.min(w.version(), Integer.MAX_VALUE)));
    event.add(new Location(text(Meeting.room(w))));
    event.add(new Description(text(description(w, t))));
    if (t.kind() == Talk.Kind.BREAK) {
      Categories categories = new Categories();
      categories.addCategory(BREAK);
      event.add(categories);
      event.add(new Transp(Transp.VALUE_TRANSPARENT));
    }
    return event;
  }

  private static String summary(Talk t) {
    String title = t.title() == null ? "" : text(t.title()).trim();
    if (!title.isEmpty()) return title;
    return t.kind() == Talk.Kind.BREAK ? "Break" : "Talk";
  }

  /**
   * iCalendar TEXT may not contain control characters other than tab (line breaks are escaped by
   * ical4j): a CR or CRLF becomes a line break, other controls and lone surrogates are dropped.
   */
  static String text(String value) {
    String lines = value.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder sb = new StringBuilder(lines.length());
    lines.codePoints()
        .filter(c -> c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7F && !Character.isSurrogate((char) c)))
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** Speakers, the abstract, the video and the workshop: what a calendar entry has room for. */
  static String description(Workshop w, Talk t) {
    StringBuilder sb = new StringBuilder();
    String speakers = t.authors().stream().map(Person::displayName).filter(n -> !n.isEmpty())
        .collect(Collectors.joining(", "));
    if (!speakers.isEmpty()) sb.append("Speakers: ").append(speakers).append("\n\n");
    if (t.abstractText() != null && !t.abstractText().isBlank()) {
      sb.append(t.abstractText().trim()).append("\n\n");
    }
    Meeting.video(t).ifPresent(url -> sb.append("Video: ").append(url).append("\n\n"));
    sb.append("Workshop: ").append(w.title() == null ? w.id() : w.title().trim());
    return sb.toString();
  }

  private static String serialize(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      // Not validating: an empty meeting is still a calendar a client can subscribe to.
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
