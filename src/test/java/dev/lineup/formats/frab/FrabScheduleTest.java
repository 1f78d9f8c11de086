package dev.lineup.formats.frab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.lineup.formats.Meeting;
import dev.lineup.formats.MeetingFixtures;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Workshop;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.lineup.formats.MeetingFixtures.SCRIPT_TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FrabScheduleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void singleWorkshopEventMatchesTheHandWrittenFixture() throws Exception {
    JsonNode root = JSON.readTree(FrabSchedule.toJson(Meeting.single(MeetingFixtures.theory())));
    JsonNode opening = eventsOf(root).stream()
        .filter(e -> e.get("title").asText().equals(SCRIPT_TITLE))
        .findFirst().orElseThrow();
    try (InputStream in = getClass().getResourceAsStream("/formats/theory-opening-event.json")) {
      assertThat(opening).isEqualTo(JSON.readTree(in));
    }
    JsonNode conference = root.at("/schedule/conference");
    assertThat(conference.get("acronym").asText()).isEqualTo("dali2018");
    assertThat(conference.get("title").asText()).isEqualTo("Theory of Deep Learning");
    assertThat(conference.get("time_zone_name").asText()).isEqualTo("Europe/Rome");
    assertThat(conference.get("daysCount").asInt()).isEqualTo(1);
    assertThat(root.at("/schedule/version").asText()).isEqualTo("7");
  }

  @Test
  void xmlCarriesMarkupAsTextAndHasTheHandCheckedTimes() throws Exception {
    String xml = FrabSchedule.toXml(Meeting.single(MeetingFixtures.theory()));
    assertThat(xml).doesNotContain("<script>").contains("&lt;script&gt;").contains("&amp;");

    Document doc = parse(xml);
    Element day = (Element) doc.getElementsByTagName("day").item(0);
    assertThat(day.getAttribute("date")).isEqualTo("2018-04-03");
    assertThat(day.getAttribute("start")).isEqualTo("2018-04-03T09:30:00+02:00");
    assertThat(day.getAttribute("end")).isEqualTo("2018-04-03T11:30:00+02:00");

    Map<String, Element> events = eventsByTitle(doc);
    assertThat(events).containsOnlyKeys(SCRIPT_TITLE, "Coffee Break", "Replacement Talk");
    Element opening = events.get(SCRIPT_TITLE);
    assertThat(opening.getAttribute("guid")).isEqualTo("4090d1fa-0484-5a67-8813-4b9bc4330b45");
    assertThat(opening.getAttribute("id")).isEqualTo("1083232762");
    assertThat(childText(opening, "date")).isEqualTo("2018-04-03T09:30:00+02:00");
    assertThat(childText(opening, "start")).isEqualTo("09:30");
    assertThat(childText(opening, "duration")).isEqualTo("00:45");
    assertThat(childText(opening, "type")).isEqualTo("lecture");
    assertThat(childText(opening, "room")).isEqualTo("Sala Ginestra");
    assertThat(childText(opening, "track")).isEqualTo("Theory of Deep Learning");
    assertThat(childText(opening, "abstract")).isEqualTo("Why <b>depth</b> & width matter.");
    assertThat(childText(opening, "person")).isEqualTo("Ferenc Huszár");
    Element link = (Element) opening.getElementsByTagName("link").item(0);
    assertThat(link.getAttribute("href")).isEqualTo("https://www.youtube.com/watch?v=dQw4w9WgXcQ");

    assertThat(childText(events.get("Coffee Break"), "type")).isEqualTo("break");
    assertThat(childText(events.get("Coffee Break"), "duration")).isEqualTo("00:30");
    assertThat(events.get("Replacement Talk").getElementsByTagName("person").getLength()).isEqualTo(2);
  }

  @Test
  void cancelledAndUntimedTalksAreNotPublishedAndUntimedOnesAreReported() throws Exception {
    Meeting meeting = MeetingFixtures.meeting();
    String xml = FrabSchedule.toXml(meeting);
    String json = FrabSchedule.toJson(meeting);
    for (String text : List.of(xml, json)) {
      assertThat(text).doesNotContain("Cancelled: Old Talk", "Untimed Discussion", "Somewhere in Time");
    }
    List<Warning> leftOut = meeting.leftOut();
    assertThat(leftOut).extracting(Warning::code).containsExactlyInAnyOrder(Warning.UNTIMED, Meeting.UNDATED);
    assertThat(leftOut).filteredOn(w -> w.code().equals(Warning.UNTIMED))
        .singleElement().extracting(Warning::talkIds).isEqualTo(List.of("t5"));
  }

  @Test
  void meetingHasADayPerWorkshopDateWithItsRoomAndATrackPerWorkshop() throws Exception {
    Meeting meeting = MeetingFixtures.meeting();

    Document doc = parse(FrabSchedule.toXml(meeting));
    NodeList days = doc.getElementsByTagName("day");
    assertThat(days.getLength()).isEqualTo(2);
    assertThat(roomNames((Element) days.item(0))).containsExactly("Sala Ginestra");
    assertThat(roomNames((Element) days.item(1))).containsExactly("Sala Ginepro");
    assertThat(((Element) days.item(1)).getAttribute("date")).isEqualTo("2018-04-04");
    assertThat(((Element) days.item(1)).getAttribute("index")).isEqualTo("2");
    assertThat(childText(doc.getDocumentElement(), "title")).isEqualTo("DALI2018");
    assertThat(childText(doc.getDocumentElement(), "days")).isEqualTo("2");
    List<String> tracks = new ArrayList<>();
    NodeList trackNodes = doc.getElementsByTagName("track");
    for (int i = 0; i < trackNodes.getLength(); i++) {
      String name = ((Element) trackNodes.item(i)).getAttribute("name");
      if (!name.isEmpty()) tracks.add(name);
    }
    assertThat(tracks).containsExactly("Theory of Deep Learning", "Reinforcement Learning");

    JsonNode root = JSON.readTree(FrabSchedule.toJson(meeting));
    JsonNode conference = root.at("/schedule/conference");
    assertThat(conference.get("daysCount").asInt()).isEqualTo(2);
    assertThat(conference.get("start").asText()).isEqualTo("2018-04-03");
    assertThat(conference.get("end").asText()).isEqualTo("2018-04-04");
    assertThat(conference.at("/days/1/rooms/Sala Ginepro").size()).isEqualTo(2);
    assertThat(conference.at("/days/0/rooms/Sala Ginestra").size()).isEqualTo(3);
    assertThat(conference.get("rooms").findValuesAsText("name")).containsExactly("Sala Ginestra", "Sala Ginepro");
    // The schedule version moves whenever any workshop of the meeting changes.
    assertThat(root.at("/schedule/version").asText()).isEqualTo("11");
  }

  @Test
  void guidAndIdSurviveARenameAndAMove() throws Exception {
    Workshop before = MeetingFixtures.theory();
    Talk opening = before.talk("t1").orElseThrow();
    Talk renamedAndMoved = new Talk("t1", "A Wholly New Title", opening.authors(), "14:00", "14:30",
        opening.abstractText(), opening.youtube(), opening.kind(), opening.status(), opening.extra());
    Workshop after = before.withTalks(before.talks().stream()
        .map(t -> t.id().equals("t1") ? renamedAndMoved : t).toList()).withVersion(8);

    Element beforeEvent = eventsByTitle(parse(FrabSchedule.toXml(Meeting.single(before)))).get(SCRIPT_TITLE);
    Element afterEvent = eventsByTitle(parse(FrabSchedule.toXml(Meeting.single(after)))).get("A Wholly New Title");
    assertThat(afterEvent.getAttribute("guid")).isEqualTo(beforeEvent.getAttribute("guid"));
    assertThat(afterEvent.getAttribute("id")).isEqualTo(beforeEvent.getAttribute("id"));
    assertThat(childText(afterEvent, "start")).isEqualTo("14:00");

    UUID guid = FrabSchedule.guid("theory", "t1");
    assertThat(guid.version()).isEqualTo(5);
    assertThat(guid.toString()).isEqualTo(beforeEvent.getAttribute("guid"));
    assertThat(FrabSchedule.guid("theory", "t2")).isNotEqualTo(guid);
    assertThat(FrabSchedule.guid("rl", "t1")).isNotEqualTo(guid);
    assertThat(FrabSchedule.id("theory", "t1")).isPositive();
  }

  @Test
  void aMeetingWithoutAnyDatedWorkshopHasNoSchedule() {
    Meeting meeting = Meeting.single(MeetingFixtures.undated());
    Rejection rejection = assertThrows(Rejection.class, () -> FrabSchedule.toXml(meeting));
    assertThat(rejection.failure()).isEqualTo(Failure.CONFLICT);
    assertThat(rejection.detail()).contains("has no date yet");
    assertThatThrownBy(() -> FrabSchedule.toJson(meeting)).isInstanceOf(Rejection.class);
  }

  @Test
  void controlCharactersThatXmlForbidsAreDroppedNotWritten() throws Exception {
    Workshop w = MeetingFixtures.workshop("bell", 1, "Bell\u0007 Workshop", null, "2018-04-03",
        List.of(MeetingFixtures.talk("b1", "Ding\u0000Dong", "09:00", "09:30", Talk.Kind.TALK,
            Talk.Status.SCHEDULED, null, null)));
    Document doc = parse(FrabSchedule.toXml(Meeting.single(w)));
    assertThat(eventsByTitle(doc)).containsOnlyKeys("DingDong");
    assertThat(roomNames((Element) doc.getElementsByTagName("day").item(0))).containsExactly("Room bell");
  }

  @Test
  void exportsAreValidAgainstTheSharedXsd() throws Exception {
    Path xsd = shared().resolve("schemas/frab/schedule.xml.xsd");
    Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile());
    for (Meeting meeting : exports()) {
      schema.newValidator().validate(new StreamSource(new StringReader(FrabSchedule.toXml(meeting))));
    }
    // The validator does reject: a duplicated event guid breaks the XSD's uniqueness constraint.
    String xml = FrabSchedule.toXml(MeetingFixtures.meeting());
    String broken = xml.replace(FrabSchedule.guid("theory", "t2").toString(),
        FrabSchedule.guid("theory", "t1").toString());
    assertThatThrownBy(() -> schema.newValidator().validate(new StreamSource(new StringReader(broken))))
        .isInstanceOf(SAXException.class);
  }

  @Test
  void exportsAreValidAgainstTheSharedJsonSchema() throws Exception {
    Path schemaFile = shared().resolve("schemas/frab/schema.json");
    JsonNode schemaNode = JSON.readTree(schemaFile.toFile());
    // The schema declares draft-06; formats (uuid, uri, date-time) are asserted, not just annotated.
    assertThat(schemaNode.get("$schema").asText()).contains("draft-06");
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(schemaNode, config);
    for (Meeting meeting : exports()) {
      Set<ValidationMessage> errors = schema.validate(JSON.readTree(FrabSchedule.toJson(meeting)));
      assertThat(errors).isEmpty();
    }
    // The validator does reject: an event without its required url.
    JsonNode broken = JSON.readTree(FrabSchedule.toJson(MeetingFixtures.meeting()));
    ((ObjectNode) eventsOf(broken).get(0)).remove("url");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  /** Each kind of export: a meeting, single workshops, one without category and room. */
  private static List<Meeting> exports() {
    Workshop bare = new Workshop("Bare-WS", 2, "Bare <b>", null, "https://example.org/bare", List.of(),
        List.of(), " ", null, "2018-04-05", null, MeetingFixtures.reinforcement().talks(), List.of(),
        Map.of(), List.of());
    return List.of(MeetingFixtures.meeting(), Meeting.single(MeetingFixtures.theory()),
        Meeting.single(MeetingFixtures.reinforcement()), Meeting.single(bare));
  }

  private static Path shared() {
    String dir = System.getProperty("lineup.shared");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "schemas", "frab")),
        "shared schemas not available");
    return Path.of(dir);
  }

  private static List<JsonNode> eventsOf(JsonNode root) {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode day : root.at("/schedule/conference/days")) {
      day.get("rooms").forEach(room -> room.forEach(events::add));
    }
    return events;
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, Element> eventsByTitle(Document doc) {
    Map<String, Element> byTitle = new LinkedHashMap<>();
    NodeList events = doc.getElementsByTagName("event");
    for (int i = 0; i < events.getLength(); i++) {
      Element event = (Element) events.item(i);
      byTitle.put(childText(event, "title"), event);
    }
    return byTitle;
  }

  private static List<String> roomNames(Element day) {
    List<String> names = new ArrayList<>();
    NodeList rooms = day.getElementsByTagName("room");
    for (int i = 0; i < rooms.getLength(); i++) {
      Element room = (Element) rooms.item(i);
      if (room.getParentNode() == day) names.add(room.getAttribute("name"));
    }
    return names;
  }

  private static String childText(Element parent, String name) {
    return parent.getElementsByTagName(name).item(0).getTextContent();
  }
}
