package dev.lineup.formats.jekyll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real pages through the real server: import over HTTP (text/markdown), export again (.md,
 * frab XML/JSON, iCalendar), each checked against its contract. Runs on our own small pages always,
 * and on every DALI page when ../shared is beside the checkout.
 */
class DaliOverHttpTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension();
  private static final Http http = node.http;

  private static Path shared() {
    String dir = System.getProperty("lineup.shared");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "fixtures", "dalimeeting")), "../shared not available");
    return Path.of(dir);
  }

  private static String importPage(String fileName, String page) {
    String id = JekyllPages.idFromFileName(fileName);
    String date = JekyllPages.dateFromFileName(fileName).orElseThrow();
    Http.Response r = http.post("/api/workshops?id=" + id + "&date=" + date, "text/markdown", page,
        "Authorization", "Bearer " + node.adminToken());
    assertThat(r.status()).as(fileName + ": " + r.body()).isEqualTo(201);
    return id;
  }

  private static void assertRoundTrip(String id, String page) {
    Http.Response md = http.get("/api/workshops/" + id + ".md");
    assertThat(md.status()).isEqualTo(200);
    assertThat(md.contentType()).startsWith("text/markdown");
    assertThat(Lossless.differences(page, md.body())).as(id).isEmpty();
  }

  @Test
  void ownPagesRoundTripOverHttp() throws Exception {
    for (String name : List.of("2018-04-03-mini-theory.md", "2016-03-30-mini-2016.md")) {
      String page = new String(getClass().getResourceAsStream("/workshops/" + name).readAllBytes(), StandardCharsets.UTF_8);
      String id = importPage(name, page);
      assertRoundTrip(id, page);
    }
    JsonObject mini = http.get("/api/workshops/2018-04-03-mini-theory").json();
    JsonArray talks = mini.getJsonArray("talks");
    assertThat(talks.getJsonObject(0).getString("start")).isEqualTo("09:30");
    assertThat(talks.getJsonObject(1).getString("kind")).isEqualTo("break");
    assertThat(talks.getJsonObject(2).getString("status")).isEqualTo("cancelled");
    assertThat(talks.getJsonObject(3).getString("status")).isEqualTo("scheduled");
    assertThat(talks.getJsonObject(2).getJsonArray("authors").getJsonObject(0).getString("family")).isEqualTo("Gödel");
    assertThat(talks.getJsonObject(4).containsKey("start")).isFalse();
    assertThat(mini.getJsonArray("warnings").stream().map(w -> ((JsonObject) w).getString("code"))).contains("untimed");
    assertThat(http.get("/api/workshops/2018-04-03-mini-theory/schedule.xml").body()).contains("Replacement talk").doesNotContain("Old talk");

    // Importing the same id again through POST is refused: it exists.
    String again = http.post("/api/workshops?id=2018-04-03-mini-theory", "text/markdown", "---\ntitle: x\n---\n",
        "Authorization", "Bearer " + node.adminToken()).body();
    assertThat(again).contains("already exists");
  }

  @Test
  void malformedPagesAreRefusedAndChangeNothing() {
    int before = http.get("/api/workshops").array().size();
    for (String page : List.of("---\ntitle: [unclosed\n---\n", "no front matter at all",
        "---\ntitle: no talks here\nfoo: [1, 2\n---\n", "---\nlayout: multitrack\n---\n", billionLaughs())) {
      Http.Response r = http.post("/api/workshops?id=bad-page", "text/markdown", page, "Authorization", "Bearer " + node.adminToken());
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("page");
    }
    assertThat(http.get("/api/workshops").array()).hasSize(before);
    assertThat(http.get("/api/workshops/bad-page").status()).isEqualTo(404);
  }

  private static String billionLaughs() {
    StringBuilder sb = new StringBuilder("---\ntitle: lol\nl0: &l0 \"lol\"\n");
    for (int i = 1; i <= 9; i++) {
      sb.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) sb.append(j == 0 ? "" : ",").append("*l").append(i - 1);
      sb.append("]\n");
    }
    return sb.append("---\n").toString();
  }

  @Test
  void everyDaliPageImportsAndRoundTripsAndDali2018ExportsValidate() throws Exception {
    Path shared = shared();
    List<Path> pages;
    try (Stream<Path> s = Files.list(shared.resolve("fixtures/dalimeeting"))) {
      pages = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    int imported = 0;
    for (Path file : pages) {
      String page = Files.readString(file);
      if (!page.contains("layout: multitrack")) continue;
      String id = importPage(file.getFileName().toString(), page);
      assertRoundTrip(id, page);
      imported++;
    }
    assertThat(imported).isGreaterThanOrEqualTo(40);

    String xml = http.get("/api/meetings/dali2018/schedule.xml").body();
    Schema xsd = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(shared.resolve("schemas/frab/schedule.xml.xsd").toFile());
    xsd.newValidator().validate(new StreamSource(new StringReader(xml)));
    assertThat(xml).contains("<day ").contains("date=\"2018-04-03\"").contains("date=\"2018-04-05\"");

    ObjectMapper mapper = new ObjectMapper();
    JsonSchema jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(
        mapper.readTree(shared.resolve("schemas/frab/schema.json").toFile()),
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    JsonNode json = mapper.readTree(http.get("/api/meetings/dali2018/schedule.json").body());
    assertThat(jsonSchema.validate(json)).isEmpty();
    assertThat(json.at("/schedule/conference/days")).hasSize(2);

    List<String> workshops = new ArrayList<>();
    http.get("/api/workshops?category=dali2018").array().forEach(w -> workshops.add(((JsonObject) w).getString("id")));
    for (String id : workshops) {
      xsd.newValidator().validate(new StreamSource(new StringReader(http.get("/api/workshops/" + id + "/schedule.xml").body())));
      assertThat(jsonSchema.validate(mapper.readTree(http.get("/api/workshops/" + id + "/schedule.json").body()))).as(id).isEmpty();
      Calendar ics = new CalendarBuilder().build(new StringReader(http.get("/api/workshops/" + id + ".ics").body()));
      assertThat(ics.getComponents("VTIMEZONE")).isNotEmpty();
    }
  }

  @Test
  void exportsAndThePageCanBeAskedForARelease() throws Exception {
    String page = new String(getClass().getResourceAsStream("/workshops/2018-04-03-mini-theory.md").readAllBytes(), StandardCharsets.UTF_8);
    String id = importPage("2018-04-05-mini-release.md", page);
    String opening = http.get("/api/workshops/" + id).json().getJsonArray("talks").getJsonObject(0).getString("id");
    Http.Response release = http.postJson("/api/workshops/" + id + "/releases", node.adminToken(),
        new JsonObject().put("name", "mailed").put("note", "sent to speakers"));
    assertThat(release.status()).as(release.body()).isEqualTo(201);
    http.command(id, node.adminToken(), new JsonObject().put("type", "talk.update").put("talkId", opening)
        .put("set", new JsonObject().put("title", "Welcome")));
    for (String export : List.of("/schedule.xml", "/schedule.json")) {
      assertThat(http.get("/api/workshops/" + id + export).body()).contains("Welcome").doesNotContain(">Opening<");
      String past = http.get("/api/workshops/" + id + export + "?release=mailed").body();
      assertThat(past).contains("Opening").doesNotContain("Welcome");
    }
    assertThat(http.get("/api/workshops/" + id + ".ics?version=1").body()).contains("SUMMARY:Opening");
    assertThat(http.get("/api/workshops/" + id + ".md?release=mailed").body()).contains("Opening").doesNotContain("Welcome");
    assertThat(http.get("/api/workshops/" + id + ".md").body()).contains("Welcome");
    assertThat(http.get("/api/workshops/" + id + ".ics?release=nope").status()).isEqualTo(404);
    assertThat(http.get("/api/workshops/" + id + "/schedule.xml?version=x").status()).isEqualTo(400);
  }

  @Test
  void guidsSurviveARenameAndTheCalendarFollowsAShift() throws Exception {
    String page = new String(getClass().getResourceAsStream("/workshops/2018-04-03-mini-theory.md").readAllBytes(), StandardCharsets.UTF_8);
    String id = importPage("2018-04-04-mini-shift.md", page);
    JsonObject w = http.get("/api/workshops/" + id).json();
    String opening = w.getJsonArray("talks").getJsonObject(0).getString("id");
    String guid = FrabSchedule.guid(id, opening).toString();
    assertThat(http.get("/api/workshops/" + id + "/schedule.xml").body()).contains(guid);

    Http.Response ics = http.get("/api/workshops/" + id + ".ics");
    String etag = ics.header("etag");
    assertThat(http.get("/api/workshops/" + id + ".ics", "If-None-Match", etag).status()).isEqualTo(304);

    http.command(id, node.adminToken(), new JsonObject().put("type", "talk.update").put("talkId", opening)
        .put("set", new JsonObject().put("title", "Welcome")));
    http.command(id, node.adminToken(), new JsonObject().put("type", "schedule.shift").put("from", "09:00").put("minutes", 20));
    String xml = http.get("/api/workshops/" + id + "/schedule.xml").body();
    assertThat(xml).contains(guid).contains("Welcome").contains("<start>09:50</start>");

    Http.Response after = http.get("/api/workshops/" + id + ".ics", "If-None-Match", etag);
    assertThat(after.status()).isEqualTo(200);
    Calendar calendar = new CalendarBuilder().build(new StringReader(after.body()));
    VEvent welcome = calendar.<VEvent>getComponents("VEVENT").stream()
        .filter(e -> e.getSummary().getValue().equals("Welcome")).findFirst().orElseThrow();
    ZonedDateTime start = welcome.<ZonedDateTime>getDateTimeStart().getDate();
    // 09:50 in Rome on 2018-04-04 is 07:50 UTC (summer time).
    assertThat(start.toInstant()).isEqualTo(Instant.parse("2018-04-04T07:50:00Z"));
    assertThat(welcome.getUid().orElseThrow().getValue()).startsWith(guid);
  }
}
