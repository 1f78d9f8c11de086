package dev.lineup.formats.frab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineup.formats.Meeting;
import dev.lineup.formats.frab.FrabPlan.Day;
import dev.lineup.formats.frab.FrabPlan.Entry;
import dev.lineup.formats.frab.FrabPlan.Room;
import dev.lineup.formats.frab.FrabPlan.Speaker;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Times;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The frab schedule format (schedule.xml and schedule.json, as frab, pretalx and the c3voc tools
 * write it), read by Giggity, EventFahrplan, info-beamer and others.
 *
 * <p>Mapping: the meeting is the conference (acronym = category, or the workshop id when it has
 * none); every dated workshop adds its date as a day, its room (or "Room &lt;id&gt;") as a room and
 * its title as a track; every published talk or break is an event (see {@link Meeting#published()}).
 * Workshops without a date have no day and are left out, as are untimed and cancelled talks; a
 * meeting without any dated workshop has no schedule (404). Times are local to each workshop's zone
 * and carry its offset. An event's {@code url} is the workshop's web page (organizer URL) when it
 * has one; the JSON schema requires a url, so there it falls back to {@code urn:uuid:<guid>}.
 * The schedule version is the sum of the workshops' versions, so it grows with every change. The
 * conference's time_zone_name is that of the first workshop.
 */
public final class FrabSchedule {

  static final String GENERATOR = "lineup";

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final String SCHEMA = "https://c3voc.de/schedule/schema.json";

  private FrabSchedule() {
  }

  /**
   * The stable guid of a talk's event: a name-based UUID of the workshop and talk ids, so renaming
   * or moving the talk keeps it.
   */
  public static UUID guid(String workshopId, String talkId) {
    return FrabPlan.guid(workshopId, talkId);
  }

  /** The stable positive integer id of a talk's event (frab's legacy id), from the same names. */
  public static int id(String workshopId, String talkId) {
    return FrabPlan.id(workshopId, talkId);
  }

  /** schedule.xml, valid against the c3voc schedule XSD. */
  public static String toXml(Meeting meeting) {
    FrabPlan plan = FrabPlan.of(meeting);
    Document doc = newDocument();
    Element schedule = doc.createElement("schedule");
    doc.appendChild(schedule);
    Element generator = child(schedule, "generator");
    generator.setAttribute("name", GENERATOR);
    text(schedule, "version", plan.version());
    Element conference = child(schedule, "conference");
    text(conference, "acronym", plan.acronym());
    text(conference, "title", plan.title());
    text(conference, "start", plan.start().toString());
    text(conference, "end", plan.end().toString());
    text(conference, "days", Integer.toString(plan.days().size()));
    text(conference, "timeslot_duration", FrabPlan.TIMESLOT);
    text(conference, "time_zone_name", plan.zone().getId());
    for (String track : plan.tracks()) {
      child(conference, "track").setAttribute("name", xmlSafe(track));
    }
    for (Day day : plan.days()) {
      Element dayElement = child(schedule, "day");
      dayElement.setAttribute("index", Integer.toString(day.index()));
      dayElement.setAttribute("date", day.date().toString());
      dayElement.setAttribute("start", DATE_TIME.format(day.start()));
      dayElement.setAttribute("end", DATE_TIME.format(day.end()));
      for (Room room : day.rooms()) {
        Element roomElement = child(dayElement, "room");
        roomElement.setAttribute("name", xmlSafe(room.name()));
        roomElement.setAttribute("guid", FrabPlan.roomGuid(room.name()).toString());
        for (Entry e : room.events()) xmlEvent(roomElement, e);
      }
    }
    return serialize(doc);
  }

  /** schedule.json, valid against the c3voc schedule JSON schema (draft-06). */
  public static String toJson(Meeting meeting) {
    FrabPlan plan = FrabPlan.of(meeting);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.putObject("generator").put("name", GENERATOR);
    ObjectNode schedule = root.putObject("schedule");
    schedule.put("version", plan.version());
    ObjectNode conference = schedule.putObject("conference");
    conference.put("acronym", plan.acronym());
    conference.put("title", plan.title());
    conference.put("start", plan.start().toString());
    conference.put("end", plan.end().toString());
    conference.put("daysCount", plan.days().size());
    conference.put("timeslot_duration", FrabPlan.TIMESLOT);
    conference.put("time_zone_name", plan.zone().getId());
    ArrayNode rooms = conference.putArray("rooms");
    for (String room : plan.rooms()) {
      rooms.addObject().put("name", room).put("guid", FrabPlan.roomGuid(room).toString());
    }
    ArrayNode tracks = conference.putArray("tracks");
    for (String track : plan.tracks()) tracks.addObject().put("name", track);
    ArrayNode days = conference.putArray("days");
    for (Day day : plan.days()) {
      ObjectNode dayNode = days.addObject();
      dayNode.put("index", day.index());
      dayNode.put("date", day.date().toString());
      dayNode.put("day_start", DATE_TIME.format(day.start()));
      dayNode.put("day_end", DATE_TIME.format(day.end()));
      ObjectNode roomsOfDay = dayNode.putObject("rooms");
      for (Room room : day.rooms()) {
        ArrayNode events = roomsOfDay.putArray(room.name());
        for (Entry e : room.events()) jsonEvent(events.addObject(), e);
      }
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  private static void xmlEvent(Element room, Entry e) {
    Element event = child(room, "event");
    event.setAttribute("guid", e.guid().toString());
    event.setAttribute("id", Integer.toString(e.id()));
    text(event, "room", e.room());
    text(event, "title", e.title());
    text(event, "subtitle", "");
    text(event, "type", e.type());
    text(event, "date", DATE_TIME.format(e.slot().start()));
    text(event, "start", HH_MM.format(e.slot().start()));
    text(event, "duration", Times.format(e.slot().minutes()));
    text(event, "abstract", e.abstractText());
    text(event, "slug", e.slug());
    text(event, "track", e.track());
    Element persons = child(event, "persons");
    for (Speaker s : e.persons()) {
      Element person = text(persons, "person", s.name());
      person.setAttribute("id", Integer.toString(s.id()));
      person.setAttribute("guid", s.guid().toString());
    }
    Element links = child(event, "links");
    e.video().ifPresent(url -> text(links, "link", "Video").setAttribute("href", xmlSafe(url)));
    if (e.url() != null) text(event, "url", e.url());
  }

  private static void jsonEvent(ObjectNode event, Entry e) {
    event.put("id", e.id());
    event.put("guid", e.guid().toString());
    event.put("date", DATE_TIME.format(e.slot().start()));
    event.put("start", HH_MM.format(e.slot().start()));
    event.put("end", DATE_TIME.format(e.slot().end()));
    event.put("duration", Times.format(e.slot().minutes()));
    event.put("room", e.room());
    event.put("slug", e.slug());
    event.put("url", e.url() != null ? e.url() : "urn:uuid:" + e.guid());
    event.put("title", e.title());
    event.put("subtitle", "");
    event.put("track", e.track());
    event.put("type", e.type());
    event.putNull("language");
    event.put("abstract", e.abstractText());
    ArrayNode persons = event.putArray("persons");
    for (Speaker s : e.persons()) {
      // frab's person shape (id + public_name): the schema's oneOf must match exactly one shape.
      persons.addObject().put("id", s.id()).put("guid", s.guid().toString()).put("public_name", s.name());
    }
    ArrayNode links = event.putArray("links");
    e.video().ifPresent(url -> links.addObject().put("url", url).put("title", "Video").put("type", "media"));
  }

  private static Document newDocument() {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's default XML parser is always configured", e);
    }
  }

  private static Element child(Element parent, String name) {
    Element element = parent.getOwnerDocument().createElement(name);
    parent.appendChild(element);
    return element;
  }

  private static Element text(Element parent, String name, String text) {
    Element element = child(parent, name);
    element.setTextContent(xmlSafe(text));
    return element;
  }

  /**
   * The serializer escapes markup ('<', '&', quotes) but would write characters XML 1.0 forbids
   * altogether (control characters, lone surrogates) and so make the document unreadable: drop them.
   */
  static String xmlSafe(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().filter(FrabSchedule::isXmlChar).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static boolean isXmlChar(int c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static String serialize(Document doc) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Transformer transformer = factory.newTransformer();
      // The JDK writes its declaration without a line break after it; write our own instead.
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      StringWriter out = new StringWriter();
      out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("an in-memory DOM always serializes", e);
    }
  }
}
