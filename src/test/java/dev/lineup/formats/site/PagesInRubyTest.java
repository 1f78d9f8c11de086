package dev.lineup.formats.site;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every real DALI page (../shared/fixtures/dalimeeting; skipped without it), and our own site in
 * every vocabulary of the DALI site (src/test/resources/vocabulary), each as one site through the
 * real server, and back out as each workshop's page ({@code .md}) and as its meeting's
 * {@code site.zip}: Ruby's YAML reader, the one Jekyll uses, reads from every page Lineup gives
 * back the very values it reads from the page Lineup was given; after a live edit to each, those
 * values but for that edit.
 */
class PagesInRubyTest {

  private static TestNode node;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http;
    admin = node.adminToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Map<String, String> daliSite() throws IOException {
    String shared = System.getProperty("lineup.shared");
    assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "fixtures", "dalimeeting")), "../shared not available");
    Map<String, String> site = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of(shared, "fixtures", "dalimeeting"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        site.put("_posts/" + f.getFileName(), Files.readString(f));
      }
    }
    return site;
  }

  @Test
  void rubyReadsFromEveryDaliPageGivenBackTheValuesOfThePageGiven() throws IOException {
    Map<String, String> site = daliSite();
    check(site, site.keySet(), List.of("dali2016", "dali2017", "dali2018", "dali2019"));
  }

  @Test
  void rubyReadsFromEveryPageOfEachVocabularyGivenBackTheValuesOfThePageGiven() {
    Map<String, String> site = VocabularyPagesTest.site();
    check(site, List.of("_posts/2031-04-09-day-0.md", "_posts/2031-04-10-symposium.md", "_posts/2031-04-11-engines.md",
        "_schedule/day-1.md", "_schedule/day-2.md", "_workshops/engines-of-thought.md"), List.of("vocab2031"));
  }

  /**
   * Imports the site in one call; then every page that became a workshop ({@code schedules}),
   * as .md and in site.zip, before and after a live edit, read by Ruby against the page given.
   */
  private static void check(Map<String, String> site, java.util.Collection<String> schedules, List<String> expectedMeetings) {
    Http.Response imported = Sites.post(node, Sites.zip(site, "site-main/"), "", admin);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    JsonObject report = imported.json();
    Map<String, String> ids = new LinkedHashMap<>();
    report.getJsonArray("pages").stream().map(JsonObject.class::cast).filter(p -> !p.getString("outcome").equals("refused"))
        .forEach(p -> ids.put(p.getString("path"), p.getString("workshop")));
    assertThat(ids.keySet()).as(report.encodePrettily()).containsExactlyInAnyOrderElementsOf(schedules);
    List<String> meetings = report.getJsonArray("meetings").stream().map(String::valueOf).toList();
    assertThat(meetings).containsExactlyInAnyOrderElementsOf(expectedMeetings);

    Map<String, String> pages = new LinkedHashMap<>();
    schedules.forEach(path -> pages.put("given:" + path, site.get(path)));
    exports(ids, meetings, "", pages);

    // A live edit to every page that lists talks or events: the first one renamed.
    Map<String, String> renamed = new LinkedHashMap<>();
    for (var e : ids.entrySet()) {
      JsonArray talks = http.get("/api/workshops/" + e.getValue()).json().getJsonArray("talks");
      if (talks.isEmpty()) continue;
      JsonObject first = talks.getJsonObject(0);
      String title = first.getString("title") + " (edited in Lineup)";
      Http.Response r = http.command(e.getValue(), admin, new JsonObject().put("type", "talk.update")
          .put("talkId", first.getString("id")).put("set", new JsonObject().put("title", title)));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      renamed.put(e.getKey(), title);
    }
    assertThat(renamed).isNotEmpty();
    exports(ids, meetings, "edited ", pages);

    // The reader is a strict judge of spelling: an unquoted 9:30 is a number to Ruby (base 60,
    // counted by Psych as seconds: 34200), so a writer that dropped quotes would be caught.
    pages.put("canary:quoted", "---\nstart: \"9:30\"\n---\n");
    pages.put("canary:plain", "---\nstart: 9:30\n---\n");
    Map<String, Object> ruby = RubyYaml.frontMatters(pages);
    assertThat(ruby.get("canary:quoted")).isEqualTo(new JsonObject().put("start", "9:30"));
    assertThat(ruby.get("canary:plain")).isEqualTo(new JsonObject().put("start", 34200));
    for (String path : schedules) {
      Object given = ruby.get("given:" + path);
      assertThat(given).as(path + " as Ruby reads the page given").isInstanceOf(JsonObject.class);
      assertThat(ruby.get("md:" + path)).as(path + ".md").isEqualTo(given);
      assertThat(ruby.get("zip:" + path)).as(path + " in site.zip").isEqualTo(given);
      JsonObject edited = ((JsonObject) given).copy();
      if (renamed.containsKey(path)) {
        String list = edited.containsKey("talks") ? "talks" : "events";
        edited.getJsonArray(list).getJsonObject(0).put("title", renamed.get(path));
      }
      assertThat(ruby.get("edited md:" + path)).as(path + ".md after the edit").isEqualTo(edited);
      assertThat(ruby.get("edited zip:" + path)).as(path + " in site.zip after the edit").isEqualTo(edited);
    }
  }

  /** Each page as {@code .md}, and every meeting's site.zip, under "{tag}md:" and "{tag}zip:". */
  private static void exports(Map<String, String> ids, List<String> meetings, String tag, Map<String, String> into) {
    for (var e : ids.entrySet()) {
      Http.Response md = http.get("/api/workshops/" + e.getValue() + ".md");
      assertThat(md.status()).as(e.getKey()).isEqualTo(200);
      into.put(tag + "md:" + e.getKey(), md.body());
    }
    TreeSet<String> zipped = new TreeSet<>();
    for (String meeting : meetings) {
      Sites.siteZip(node, meeting).forEach((path, text) -> {
        into.put(tag + "zip:" + path, text);
        zipped.add(path);
      });
    }
    assertThat(zipped).as("every page is in its meeting's site.zip").isEqualTo(new TreeSet<>(ids.keySet()));
  }
}
