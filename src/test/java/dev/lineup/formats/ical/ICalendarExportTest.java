package dev.lineup.formats.ical;

import dev.lineup.formats.Meeting;
import dev.lineup.formats.MeetingFixtures;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DateProperty;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.lineup.formats.MeetingFixtures.SCRIPT_TITLE;
import static org.assertj.core.api.Assertions.assertThat;

class ICalendarExportTest {

  private static final Instant STAMP = Instant.parse("2018-03-01T12:00:00Z");

  @Test
  void oneEventPerPublishedTalkWithTheRightInstantsInTheWorkshopZone() throws Exception {
    Calendar calendar = parse(ICalendarExport.toIcs(MeetingFixtures.meeting(), STAMP));
    calendar.validate();

    Map<String, VEvent> events = bySummary(calendar);
    assertThat(events).containsOnlyKeys(SCRIPT_TITLE, "Coffee Break", "Replacement Talk",
        "Policy Gradients", "Lunch");

    VEvent opening = events.get(SCRIPT_TITLE);
    // 09:30 in Rome in April (CEST, +02:00) is 07:30 UTC.
    assertThat(start(opening)).isEqualTo(Instant.parse("2018-04-03T07:30:00Z"));
    assertThat(end(opening)).isEqualTo(Instant.parse("2018-04-03T08:15:00Z"));
    assertThat(opening.getRequiredProperty(Property.DTSTART).getRequiredParameter("TZID").getValue())
        .isEqualTo("Europe/Rome");
    assertThat(value(opening, Property.UID)).isEqualTo(FrabSchedule.guid("theory", "t1") + "@lineup");
    assertThat(value(opening, Property.LOCATION)).isEqualTo("Sala Ginestra");
    assertThat(value(opening, Property.DTSTAMP)).isEqualTo("20180301T120000Z");
    assertThat(value(opening, Property.SEQUENCE)).isEqualTo("7");
    assertThat(value(opening, Property.DESCRIPTION))
        .contains("Speakers: Ferenc Huszár")
        .contains("Why <b>depth</b> & width matter.")
        .contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assertThat(value(events.get("Replacement Talk"), Property.DESCRIPTION))
        .startsWith("Speakers: Anna Rossi, Bruno Verdi");

    assertThat(value(events.get("Coffee Break"), Property.CATEGORIES)).isEqualTo(ICalendarExport.BREAK);
    assertThat(events.get(SCRIPT_TITLE).getProperty(Property.CATEGORIES)).isEmpty();
    assertThat(start(events.get("Lunch"))).isEqualTo(Instant.parse("2018-04-04T10:30:00Z"));
    assertThat(value(events.get("Lunch"), Property.LOCATION)).isEqualTo("Sala Ginepro");

    assertThat(value(calendar.getRequiredProperty("REFRESH-INTERVAL"))).isEqualTo("PT15M");
    List<VTimeZone> zones = calendar.getComponents(VTimeZone.VTIMEZONE);
    assertThat(zones).singleElement()
        .extracting(z -> z.getRequiredProperty(Property.TZID).getValue()).isEqualTo("Europe/Rome");
  }

  @Test
  void eachWorkshopKeepsItsOwnZone() throws Exception {
    Workshop winterInLondon = new Workshop("winter", 1, "Winter School", null, null, List.of(), List.of(),
        "Hall", null, "2019-01-15", "Europe/London",
        List.of(MeetingFixtures.talk("w1", "Frosty", "09:30", "10:00", Talk.Kind.TALK,
            Talk.Status.SCHEDULED, null, null)),
        List.of(), Map.of(), List.of());
    Meeting meeting = new Meeting("mixed", "Mixed", List.of(MeetingFixtures.theory(), winterInLondon));
    Calendar calendar = parse(ICalendarExport.toIcs(meeting, STAMP));

    assertThat(start(bySummary(calendar).get("Frosty"))).isEqualTo(Instant.parse("2019-01-15T09:30:00Z"));
    assertThat(start(bySummary(calendar).get(SCRIPT_TITLE))).isEqualTo(Instant.parse("2018-04-03T07:30:00Z"));
    List<VTimeZone> zones = calendar.getComponents(VTimeZone.VTIMEZONE);
    assertThat(zones).extracting(z -> z.getRequiredProperty(Property.TZID).getValue())
        .containsExactlyInAnyOrder("Europe/Rome", "Europe/London");
  }

  @Test
  void aZoneIcal4jFilesUnderAnotherNameIsReferencedByThatName() throws Exception {
    Workshop kolkata = new Workshop("mumbai", 1, "Monsoon School", null, null, List.of(), List.of(),
        "Hall", null, "2019-07-01", "Asia/Calcutta",
        List.of(MeetingFixtures.talk("m1", "Rainy", "09:30", "10:00", Talk.Kind.TALK,
            Talk.Status.SCHEDULED, null, null)),
        List.of(), Map.of(), List.of());
    Calendar calendar = parse(ICalendarExport.toIcs(Meeting.single(kolkata), STAMP));
    calendar.validate();

    VEvent rainy = bySummary(calendar).get("Rainy");
    assertThat(start(rainy)).isEqualTo(Instant.parse("2019-07-01T04:00:00Z"));
    String tzid = rainy.getRequiredProperty(Property.DTSTART).getRequiredParameter("TZID").getValue();
    List<VTimeZone> zones = calendar.getComponents(VTimeZone.VTIMEZONE);
    assertThat(zones).extracting(z -> z.getRequiredProperty(Property.TZID).getValue()).containsExactly(tzid);
  }

  @Test
  void aRunningLateShiftShowsOnTheNextRefresh() throws Exception {
    Workshop before = MeetingFixtures.theory();
    Workshop after = MeetingFixtures.shifted(before, "10:00", 20);

    VEvent was = bySummary(parse(ICalendarExport.toIcs(Meeting.single(before), STAMP))).get("Replacement Talk");
    VEvent now = bySummary(parse(ICalendarExport.toIcs(Meeting.single(after), STAMP))).get("Replacement Talk");

    assertThat(value(now, Property.UID)).isEqualTo(value(was, Property.UID));
    assertThat(start(was)).isEqualTo(Instant.parse("2018-04-03T08:45:00Z"));
    assertThat(start(now)).isEqualTo(Instant.parse("2018-04-03T09:05:00Z"));
    assertThat(end(now)).isEqualTo(Instant.parse("2018-04-03T09:50:00Z"));
    assertThat(Integer.parseInt(value(now, Property.SEQUENCE)))
        .isGreaterThan(Integer.parseInt(value(was, Property.SEQUENCE)));
    // The talk before the shift point stays where it was.
    VEvent opening = bySummary(parse(ICalendarExport.toIcs(Meeting.single(after), STAMP))).get(SCRIPT_TITLE);
    assertThat(start(opening)).isEqualTo(Instant.parse("2018-04-03T07:30:00Z"));
  }

  @Test
  void sameMeetingAndStampGiveTheSameCalendar() {
    assertThat(ICalendarExport.toIcs(MeetingFixtures.meeting(), STAMP))
        .isEqualTo(ICalendarExport.toIcs(MeetingFixtures.meeting(), STAMP));
  }

  @Test
  void aDatedMeetingWithNothingPublishedIsAnEmptyCalendar() throws Exception {
    Workshop empty = MeetingFixtures.workshop("empty", 1, "Nothing Yet", "Sala", "2018-04-03", List.of());
    Calendar calendar = parse(ICalendarExport.toIcs(Meeting.single(empty), STAMP));
    assertThat(calendar.getComponents(VEvent.VEVENT)).isEmpty();
    assertThat(value(calendar.getRequiredProperty(Property.PRODID))).isEqualTo(ICalendarExport.PRODID);
  }

  @Test
  void aMeetingWithoutAnyDateIsRefusedAsFrabRefusesIt_sayingWhy() {
    Rejection r = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
        () -> ICalendarExport.toIcs(Meeting.single(MeetingFixtures.undated()), STAMP));
    assertThat(r.failure()).isEqualTo(dev.lineup.schedule.Failure.CONFLICT);
    assertThat(r.detail()).contains("has no date yet", "workshop.update");
  }

  private static Calendar parse(String ics) throws Exception {
    return new CalendarBuilder().build(new StringReader(ics));
  }

  private static Map<String, VEvent> bySummary(Calendar calendar) {
    List<VEvent> events = calendar.getComponents(VEvent.VEVENT);
    return events.stream().collect(Collectors.toMap(e -> value(e, Property.SUMMARY), Function.identity()));
  }

  private static Instant start(VEvent event) {
    return instant(event.getRequiredProperty(Property.DTSTART));
  }

  private static Instant end(VEvent event) {
    return instant(event.getRequiredProperty(Property.DTEND));
  }

  private static Instant instant(Property property) {
    Temporal t = ((DateProperty<?>) property).getDate();
    return ((ZonedDateTime) t).toInstant();
  }

  private static String value(VEvent event, String name) {
    return event.getRequiredProperty(name).getValue();
  }

  private static String value(Property property) {
    return property.getValue();
  }
}
