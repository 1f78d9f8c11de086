package dev.lineup.formats.site;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole site through the real server: a hand-made site in every vocabulary of the DALI site
 * (src/test/resources/site) as a zip and as a tar.gz, imported twice (the second time appends
 * nothing), its meeting exported, edited live, re-imported in a newer version while edited, and
 * given back as site.zip whose pages Ruby's YAML reader (Jekyll's) reads as the pages given.
 * Hostile archives are refused and change nothing.
 */
class SiteOverHttpTest {

  static final List<String> FILES = List.of("_config.yml", "_posts/2030-05-02-night-session.md",
      "_posts/2030-05-02-keynotes.md", "_posts/2015-10-24-welcome-to-jekyll.markdown",
      "_schedule/day-1.md", "_schedule/day-3.md", "_workshops/kernels.md");

  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("max_site_entries", 40, "max_site_expanded_bytes", 3_000_000,
      "max_site_bytes", 2_000_000));
  private static final Http http = node.http;

  static Map<String, String> site() {
    return Sites.resources("site", FILES);
  }

  static byte[] zip(Map<String, String> files, String prefix) {
    return Sites.zip(files, prefix);
  }

  static Http.Response postSite(byte[] archive, String query, String token) {
    return Sites.post(node, archive, query, token);
  }

  static Map<String, String> getSiteZip(String category) {
    return Sites.siteZip(node, category);
  }

  private static JsonObject page(JsonObject report, String path) {
    return report.getJsonArray("pages").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("path").equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " not in " + report));
  }

  private static JsonObject talk(JsonObject workshop, String title) {
    return workshop.getJsonArray("talks").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("title").equals(title)).findFirst().orElseThrow(() -> new AssertionError(title));
  }

  @Test
  void aWholeSiteInTwiceThenOutWithOnlyTheLiveChangeInTheDiff() throws Exception {
    Map<String, String> site = site();
    Http.Response first = postSite(zip(site, "test-site-main/"), "", node.adminToken());
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonObject report = first.json();
    assertThat(report.getJsonObject("counts").getInteger("created")).as(report.encodePrettily()).isEqualTo(5);
    assertThat(report.getJsonObject("counts").getInteger("refused")).isEqualTo(1);
    assertThat(page(report, "_posts/2015-10-24-welcome-to-jekyll.markdown").getString("reason"))
        .contains("not a schedule page (layout: post)");
    assertThat(page(report, "_posts/2030-05-02-night-session.md").getJsonArray("warnings").encode())
        .contains("\\\"room\\\" is given again", "read as 13:00", "\\\"when the bar closes\\\" is not a time");

    // Day pages without categories joined the meeting: the keynote day by its date, the
    // day programmes and the undated workshop page the meeting named after the site.
    assertThat(http.get("/api/workshops/2030-05-02-keynotes").json().getJsonArray("categories")).containsExactly("test2030");
    assertThat(http.get("/api/workshops/day-1").json().getString("title")).isEqualTo("Day 1");
    assertThat(http.get("/api/workshops/day-1").json().getJsonArray("categories")).containsExactly("test2030");

    JsonObject night = http.get("/api/workshops/2030-05-02-night-session").json();
    assertThat(night.getString("room")).isEqualTo("Sala Grande");
    assertThat(talk(night, "Lunch Talk").getString("end")).isEqualTo("13:00");
    assertThat(talk(night, "Dotted").getString("start")).isEqualTo("09:30");
    assertThat(talk(night, "Dotted").getString("end")).isEqualTo("10:30");
    assertThat(talk(night, "Afternoon").getString("start")).isEqualTo("14:00");
    assertThat(talk(night, "A range in the start").getString("end")).isEqualTo("17:30");
    assertThat(talk(night, "Late Session").getString("abstract")).isEqualTo("the last one wins");
    assertThat(talk(night, "Whenever").containsKey("start")).isFalse();
    assertThat(night.getJsonArray("warnings").encode()).contains("no-end", "has no end time");

    String ics = http.get("/api/meetings/test2030.ics").body();
    assertThat(ics).contains("SUMMARY:Opening Cocktail", "SUMMARY:Keynote: Machines",
        "SUMMARY:Conference Opening and Welcoming Cocktail");
    String xml = http.get("/api/workshops/2030-05-02-night-session/schedule.xml").body();
    assertThat(xml).contains("<title>Opening Cocktail</title>")
        .contains("2030-05-02T19:30:00+02:00")
        // the cocktail lasts until the next talk (22:00); midnight talk ends the next day; the
        // talk listed after it at 00:45 is on the next day, not 22 hours early
        .contains("2030-05-03T00:45:00+02:00").doesNotContain("2030-05-02T00:45:00+02:00");
    JsonObject json = new JsonObject(http.get("/api/workshops/2030-05-02-night-session/schedule.json").body());
    JsonArray events = json.getJsonObject("schedule").getJsonObject("conference").getJsonArray("days")
        .getJsonObject(0).getJsonObject("rooms").getJsonArray("Sala Grande");
    JsonObject cocktail = events.stream().map(JsonObject.class::cast).filter(e -> e.getString("title").equals("Opening Cocktail")).findFirst().orElseThrow();
    assertThat(cocktail.getString("duration")).isEqualTo("02:30");
    JsonObject midnight = events.stream().map(JsonObject.class::cast).filter(e -> e.getString("title").equals("Midnight Talk")).findFirst().orElseThrow();
    assertThat(midnight.getString("end")).isEqualTo("2030-05-03T00:30:00+02:00");

    // The undated workshop page: every export says why there is nothing, alike.
    for (String export : List.of("/schedule.xml", "/schedule.json", ".ics")) {
      Http.Response r = http.get("/api/workshops/kernels" + export);
      assertThat(r.status()).as(export).isEqualTo(409);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().getString("detail")).contains("has no date yet", "workshop.update");
    }

    // Twice: nothing appended.
    Map<String, Long> versions = versions();
    Http.Response second = postSite(Sites.tarGz(site), "", node.adminToken());
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().getJsonObject("counts").getInteger("unchanged")).as(second.body()).isEqualTo(5);
    assertThat(versions()).isEqualTo(versions);

    // Out again, unchanged: every page as it was given, byte for byte; a key given twice is
    // written once, with its winning value.
    Map<String, String> out = getSiteZip("test2030");
    Map<String, String> given = new LinkedHashMap<>(site);
    given.put("_posts/2030-05-02-night-session.md", site.get("_posts/2030-05-02-night-session.md")
        .replace("room: \"Sala Uno\"\n", "").replace("  abstract: first\n", ""));
    for (var e : out.entrySet()) assertThat(e.getValue()).as(e.getKey()).isEqualTo(given.get(e.getKey()));
    assertThat(out.keySet()).containsExactlyInAnyOrder("_posts/2030-05-02-night-session.md",
        "_posts/2030-05-02-keynotes.md", "_schedule/day-1.md", "_schedule/day-3.md", "_workshops/kernels.md");

    // A live change and a date set later: only those lines differ.
    String keynote = talk(http.get("/api/workshops/2030-05-02-keynotes").json(), "Keynote: Machines").getString("id");
    assertThat(http.command("2030-05-02-keynotes", node.adminToken(), new JsonObject().put("type", "talk.update")
        .put("talkId", keynote).put("set", new JsonObject().put("title", "Keynote: Thinking Machines"))).status()).isEqualTo(200);
    assertThat(http.command("kernels", node.adminToken(), new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("date", "2030-05-03"))).status()).isEqualTo(200);
    // Dated, the workshop page's own time is its session in every export.
    Http.Response kernelsIcs = http.get("/api/workshops/kernels.ics");
    assertThat(kernelsIcs.status()).isEqualTo(200);
    assertThat(kernelsIcs.body()).contains("SUMMARY:Kernel methods", "DTSTART;TZID=Europe/Rome:20300503T093000",
        "DTEND;TZID=Europe/Rome:20300503T130000");
    assertThat(http.get("/api/workshops/kernels/schedule.xml").body()).contains("<start>09:30</start>", "<duration>03:30</duration>");
    assertThat(http.get("/api/meetings/test2030.ics").body()).contains("SUMMARY:Kernel methods");
    out = getSiteZip("test2030");
    assertThat(out.get("_posts/2030-05-02-keynotes.md")).isEqualTo(site.get("_posts/2030-05-02-keynotes.md")
        .replace("\"Keynote: Machines\"", "\"Keynote: Thinking Machines\""));
    assertThat(out.get("_workshops/kernels.md")).isEqualTo(site.get("_workshops/kernels.md")
        .replace("    affiliation: MPI Test\n", "    affiliation: MPI Test\ndate: \"2030-05-03\"\n"));

    // Jekyll's own YAML reader reads every page Lineup gives back as the page it was given, but
    // for the two changes (and a repeated key, which now stands once where its winning value was).
    Map<String, String> both = new LinkedHashMap<>();
    out.forEach((path, text) -> both.put("out:" + path, text));
    out.keySet().forEach(path -> both.put("given:" + path, site.get(path)));
    Map<String, Object> ruby = RubyYaml.frontMatters(both);
    for (String path : out.keySet()) {
      JsonObject expected = ((JsonObject) ruby.get("given:" + path)).copy();
      if (path.equals("_posts/2030-05-02-keynotes.md")) {
        expected.getJsonArray("talks").getJsonObject(0).put("title", "Keynote: Thinking Machines");
      }
      if (path.equals("_workshops/kernels.md")) expected.put("date", "2030-05-03");
      assertThat(ruby.get("out:" + path)).as(path).isEqualTo(expected);
    }
  }

  private static Map<String, Long> versions() {
    Map<String, Long> out = new LinkedHashMap<>();
    http.get("/api/workshops").array().forEach(w -> out.put(((JsonObject) w).getString("id"), ((JsonObject) w).getLong("version")));
    return out;
  }

  @Test
  void aNewerPageKeepsTalkIdsAndTheLiveEditsAndOnlyItsChangesBecomeOneEvent() throws Exception {
    String v1 = "---\ntitle: \"Reimport\"\nlayout: multitrack\ncategories:\n- reimport\nroom: \"A\"\ntalks:\n"
        + "- title: \"One\"\n  start: \"09:00\"\n  end: \"09:30\"\n"
        + "- title: \"Two\"\n  start: \"09:30\"\n  end: \"10:00\"\n"
        + "- title: \"Three\"\n  start: \"10:00\"\n  end: \"10:30\"\n---\n";
    Map<String, String> site = Map.of("_posts/2030-06-01-reimport.md", v1);
    assertThat(postSite(zip(site, ""), "", node.adminToken()).json().getJsonObject("counts").getInteger("created")).isEqualTo(1);
    String id = "2030-06-01-reimport";
    JsonObject before = http.get("/api/workshops/" + id).json();
    String one = talk(before, "One").getString("id");
    String two = talk(before, "Two").getString("id");
    String three = talk(before, "Three").getString("id");
    // Live: Two renamed, Three's abstract written, and Three renamed too (the page will also rename it).
    http.command(id, node.adminToken(), new JsonObject().put("type", "talk.update").put("talkId", two).put("set", new JsonObject().put("title", "Two (live)")));
    http.command(id, node.adminToken(), new JsonObject().put("type", "talk.update").put("talkId", three).put("set", new JsonObject().put("title", "Three (live)")));
    long versionBefore = http.get("/api/workshops/" + id).json().getLong("version");

    // The page meanwhile: One moved, Three renamed, a talk added, the room changed.
    String v2 = v1.replace("room: \"A\"", "room: \"B\"")
        .replace("- title: \"One\"\n  start: \"09:00\"", "- title: \"One\"\n  start: \"08:45\"")
        .replace("\"Three\"", "\"Three (page)\"")
        .replace("  end: \"10:30\"\n---\n", "  end: \"10:30\"\n- title: \"Four\"\n  start: \"10:30\"\n  end: \"11:00\"\n---\n");
    Http.Response r = postSite(zip(Map.of("_posts/2030-06-01-reimport.md", v2), ""), "", node.adminToken());
    JsonObject report = page(r.json(), "_posts/2030-06-01-reimport.md");
    assertThat(report.getString("outcome")).as(r.body()).isEqualTo("updated");
    assertThat(report.getJsonArray("conflicts").encode()).contains("Three (live)", "Three (page)");

    JsonObject after = http.get("/api/workshops/" + id).json();
    assertThat(after.getLong("version")).isEqualTo(versionBefore + 1);
    assertThat(after.getString("room")).isEqualTo("B");
    assertThat(talk(after, "One").getString("id")).isEqualTo(one);
    assertThat(talk(after, "One").getString("start")).isEqualTo("08:45");
    assertThat(talk(after, "Two (live)").getString("id")).isEqualTo(two);
    assertThat(talk(after, "Three (live)").getString("id")).isEqualTo(three);
    assertThat(talk(after, "Four").getString("id")).isNotIn(one, two, three);
    JsonArray log = http.get("/api/workshops/" + id + "/events?after=" + versionBefore).array();
    assertThat(log).hasSize(1);
    assertThat(log.getJsonObject(0).getString("type")).isEqualTo("workshop.imported");
    assertThat(log.getJsonObject(0).getJsonObject("data").getJsonObject("reimport").encode())
        .contains("talk/" + one + "/start", "workshop/room").doesNotContain("talk/" + two + "/title");

    // Undoable like any change.
    Http.Response undo = http.command(id, node.adminToken(), new JsonObject().put("type", "change.revert").put("seq", versionBefore + 1));
    assertThat(undo.status()).as(undo.body()).isEqualTo(200);
    JsonObject undone = http.get("/api/workshops/" + id).json();
    assertThat(undone.getString("room")).isEqualTo("A");
    assertThat(talk(undone, "One").getString("start")).isEqualTo("09:00");
    assertThat(undone.getJsonArray("talks")).hasSize(3);
    assertThat(talk(undone, "Two (live)").getString("id")).isEqualTo(two);
  }

  @Test
  void hostileArchivesAreRefusedAndChangeNothing() throws Exception {
    int before = http.get("/api/workshops").array().size();
    Http.Response traversal = postSite(zip(Map.of("../../etc/_posts/2030-01-01-evil.md", "---\ntitle: x\n---\n"), ""), "", node.adminToken());
    assertThat(traversal.status()).isEqualTo(400);
    assertThat(traversal.json().getString("detail")).contains("points outside the archive");

    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) many.put("assets/file" + i + ".txt", "x");
    Http.Response tooMany = postSite(zip(many, ""), "", node.adminToken());
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.json().getString("detail")).contains("more than 40 entries");

    Http.Response bomb = postSite(zip(Map.of("_posts/2030-01-01-bomb.md", "---\ntitle: x\n---\n" + "0".repeat(10_000_000)), ""), "", node.adminToken());
    assertThat(bomb.status()).isEqualTo(413);
    assertThat(bomb.json().getString("detail")).contains("expands to more than");

    Http.Response notAnArchive = postSite("just some text".getBytes(StandardCharsets.UTF_8), "", node.adminToken());
    assertThat(notAnArchive.status()).isEqualTo(415);
    assertThat(notAnArchive.contentType()).startsWith("application/problem+json");

    Http.Response organizer = postSite(zip(site(), ""), "", node.organizerToken("ola", "2030-05-02-keynotes"));
    assertThat(organizer.status()).isEqualTo(403);
    Http.Response nobody = postSite(zip(site(), ""), "", "not-a-token");
    assertThat(nobody.status()).isEqualTo(401);
    assertThat(http.get("/api/workshops").array().size()).isEqualTo(before);
  }
}
