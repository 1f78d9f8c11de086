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
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.LinkedHashSet;
import java.util.List;
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
    Calendar calendar = new Calendar();
    calendar.add(new ProdId(PRODID));
    calendar.add(new Version(new ParameterList(), Version.VALUE_2_0));
    if (meeting.title() != null) calendar.add(new XProperty("X-WR-CALNAME", meeting.title()));
    List<Slot> slots = meeting.published();
    Set<ZoneId> zones = slots.stream().map(s -> s.start().getZone())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<ZoneId> described = new LinkedHashSet<>();
    for (ZoneId zone : zones) {
      TimeZone tz = ZONES.getTimeZone(zone.getId());
      if (tz != null) {
        calendar.add(tz.getVTimeZone());
        described.add(zone);
      }
    }
    Instant dtStamp = stamp.truncatedTo(ChronoUnit.SECONDS);
    for (Slot slot : slots) calendar.add(event(slot, described, dtStamp));
    return serialize(calendar);
  }

  private static VEvent event(Slot slot, Set<ZoneId> described, Instant stamp) {
    Workshop w = slot.workshop();
    Talk t = slot.talk();
    // A zone ical4j has no VTIMEZONE for is written as UTC: exact, and needs no definition.
    boolean local = described.contains(slot.start().getZone());
    Temporal start = local ? slot.start() : slot.start().withZoneSameInstant(ZoneOffset.UTC).toInstant();
    Temporal end = local ? slot.end() : slot.end().withZoneSameInstant(ZoneOffset.UTC).toInstant();
    VEvent event = new VEvent(start, end, summary(t));
    event.replace(new DtStamp(stamp));
    event.add(new Uid(FrabSchedule.guid(w.id(), t.id()) + "@lineup"));
    event.add(new Sequence((int) Math.min(w.version(), Integer.MAX_VALUE)));
    event.add(new Location(Meeting.room(w)));
    event.add(new Description(description(w, t)));
    if (t.kind() == Talk.Kind.BREAK) {
      Categories categories = new Categories();
      categories.addCategory(BREAK);
      event.add(categories);
      event.add(new Transp(Transp.VALUE_TRANSPARENT));
    }
    return event;
  }

  private static String summary(Talk t) {
    if (t.title() != null && !t.title().isBlank()) return t.title().trim();
    return t.kind() == Talk.Kind.BREAK ? "Break" : "Talk";
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
