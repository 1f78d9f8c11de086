package dev.lineup.schedule;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data meant to attack whoever reads it later (a link that runs script on the organizers' site,
 * characters that hide or reorder text) is refused with a 400 naming the field, in commands and
 * in imported pages alike, and changes nothing.
 */
class HostileDataTest {

  private static TestNode node;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http;
    admin = node.adminToken();
    JsonObject workshop = new JsonObject().put("id", "target").put("title", "Target").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", admin, workshop).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long version() {
    return http.get("/api/workshops/target").json().getLong("version");
  }

  private static String talk() {
    return http.get("/api/workshops/target").json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  /** The command is refused with a 400 whose errors name {@code path}; the workshop is unchanged. */
  private static void refused(JsonObject command, String path) {
    long before = version();
    Http.Response r = http.command("target", admin, command);
    assertThat(r.status()).as(command.encode() + " → " + r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("path")))
        .as(r.body()).contains(path);
    assertThat(version()).isEqualTo(before);
  }

  private static void accepted(JsonObject command) {
    Http.Response r = http.command("target", admin, command);
    assertThat(r.status()).as(command.encode() + " → " + r.body()).isEqualTo(200);
  }

  private static JsonObject organizerUrl(String url) {
    return new JsonObject().put("type", "workshop.update").put("set", new JsonObject().put("organizerUrl", url));
  }

  private static JsonObject speaker(String given, String family, String url) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk()).put("set", new JsonObject()
        .put("authors", new JsonArray().add(new JsonObject().put("given", given).put("family", family).put("url", url))));
  }

  private static JsonObject setTalk(String field, String value) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk()).put("set", new JsonObject().put(field, value));
  }

  @Test
  void linksThatRunScriptOrOtherSchemesAreRefused() {
    for (String url : List.of("javascript:alert(1)", "  JaVaScRiPt:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "javascript&#58;alert(1)", "&#106;avascript:alert(1)", "ftp://files.example/x", "file:///etc/passwd")) {
      refused(organizerUrl(url), "set.organizerUrl");
      refused(speaker("Eve", "Hacker", url), "set.authors[0].url");
    }
    refused(new JsonObject().put("type", "organizer.add").put("organizer", new JsonObject().put("given", "Eve")
        .put("url", "javascript:alert(1)")), "organizer.url");
  }

  @Test
  void webAndMailLinksAndBareHostsAndEmptyAreAccepted() {
    for (String url : List.of("https://dalimeeting.org/", "http://example.org/~me?a=1&b=2", "MAILTO:someone@example.org",
        "www.robots.ox.ac.uk/~mosb/", "")) {
      accepted(organizerUrl(url));
      accepted(speaker("Ada", "Lovelace", url));
    }
  }

  @Test
  void controlAndDirectionCharactersAreRefusedInTextAndLineBreaksOutsideProse() {
    refused(setTalk("title", "Opening\u0000"), "set.title");
    refused(setTalk("title", "Tab\tbed"), "set.title");
    refused(setTalk("title", "Line\nbreak"), "set.title");
    refused(setTalk("title", "gnp.exe\u202Etxt"), "set.title");
    refused(setTalk("abstract", "a bell \u0007"), "set.abstract");
    refused(setTalk("abstract", "isolated \u2066text\u2069"), "set.abstract");
    refused(speaker("Ada\u202D", "Lovelace", null), "set.authors[0].given");
    refused(speaker("Ada", "Love\u0008lace", null), "set.authors[0].family");
    refused(new JsonObject().put("type", "workshop.update").put("set", new JsonObject().put("room", "Room\u0085 1\u2067")), "set.room");
    refused(new JsonObject().put("type", "workshop.update").put("set", new JsonObject().put("title", "Title\u001F")), "set.title");
    accepted(setTalk("abstract", "Two lines,\n\tindented.\r\nAnd \u00e9, \u4e2d\u6587, \u0639\u0631\u0628\u064a."));
  }

  @Test
  void anImportedPageCarryingThemIsRefusedNamingTheField() {
    String page = """
        ---
        layout: multitrack
        title: "Imported"
        organizer_url: "%s"
        organizers:
          - given: "Ada"
            family: "%s"
        talks:
          - title: "Keynote"
            start: "09:00"
            end: "10:00"
            author:
              - given: "Eve"
                family: "Speaker"
                url: "%s"
        ---
        """;
    record Case(String organizerUrl, String organizerFamily, String speakerUrl, String path) {
    }
    for (Case c : List.of(
        new Case("javascript:alert(1)", "Lovelace", "https://ok.example", "page.organizerUrl"),
        new Case("https://ok.example", "Lovelace", "data:text/html,x", "page.talks[0].authors[0].url"),
        new Case("https://ok.example", "Love\\u202Elace", "https://ok.example", "page.organizers[0].family"),
        new Case("https://ok.example", "Love\\u0000lace", "https://ok.example", "page.organizers[0].family"))) {
      String text = page.formatted(c.organizerUrl(), c.organizerFamily(), c.speakerUrl());
      Http.Response created = http.post("/api/workshops?id=imported&date=2026-11-26", "text/markdown", text,
          "Authorization", "Bearer " + admin);
      assertThat(created.status()).as(c + " → " + created.body()).isEqualTo(400);
      assertThat(created.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("path")))
          .as(created.body()).contains(c.path());
      long before = version();
      Http.Response replaced = http.command("target", admin, new JsonObject().put("type", "workshop.import").put("page", text));
      assertThat(replaced.status()).as(replaced.body()).isEqualTo(400);
      assertThat(version()).isEqualTo(before);
    }
    assertThat(http.get("/api/workshops/imported").status()).isEqualTo(404);
  }
}
