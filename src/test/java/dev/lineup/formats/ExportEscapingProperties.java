package dev.lineup.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.formats.ical.ICalendarExport;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Workshop;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever text organizers type, every export stays well-formed and gives the text back. */
class ExportEscapingProperties {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 50)
  void titlesAndNamesSurviveEveryFormat(@ForAll @StringLength(max = 40) String title,
                                        @ForAll @StringLength(max = 20) String speaker) throws Exception {
    Workshop w = MeetingFixtures.workshop("any", 1, "Track " + title, "Room " + title, "2018-04-03",
        List.of(new Talk("x1", title, List.of(Person.named(speaker, "Doe")), "09:00", "09:30", title,
            null, Talk.Kind.TALK, Talk.Status.SCHEDULED, null)));
    Meeting meeting = Meeting.single(w);

    Document xml = parse(FrabSchedule.toXml(meeting));
    Element event = (Element) xml.getElementsByTagName("event").item(0);
    assertThat(event.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(xmlChars(title));
    assertThat(event.getElementsByTagName("person").item(0).getTextContent())
        .isEqualTo(xmlChars(Person.named(speaker, "Doe").displayName()));

    JsonNode json = JSON.readTree(FrabSchedule.toJson(meeting));
    JsonNode jsonEvent = json.at("/schedule/conference/days/0/rooms").elements().next().get(0);
    assertThat(jsonEvent.get("title").asText()).isEqualTo(title);
    assertThat(jsonEvent.at("/persons/0/public_name").asText())
        .isEqualTo(Person.named(speaker, "Doe").displayName());

    Calendar ics = new CalendarBuilder().build(new StringReader(ICalendarExport.toIcs(meeting, Instant.EPOCH)));
    List<VEvent> events = ics.getComponents(VEvent.VEVENT);
    assertThat(events).singleElement()
        .extracting(e -> e.getRequiredProperty("SUMMARY").getValue())
        .isEqualTo(icalText(title).isBlank() ? "Talk" : icalText(title).trim());
  }

  /** What iCalendar TEXT can carry: line breaks, tab and printable characters. */
  private static String icalText(String s) {
    StringBuilder sb = new StringBuilder();
    s.replace("\r\n", "\n").replace('\r', '\n').codePoints()
        .filter(c -> c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7F && (c < 0xD800 || c > 0xDFFF)))
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** What XML 1.0 can carry at all: the rest is dropped by the export. */
  private static String xmlChars(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
