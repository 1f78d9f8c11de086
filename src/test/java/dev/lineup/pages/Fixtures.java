package dev.lineup.pages;

import dev.lineup.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Workshops for the page tests, imported over REST as Jekyll pages. */
final class Fixtures {

  private Fixtures() {
  }

  /** A morning: opening 9:00, a talk 9:30–10:00, a coffee break 10:00–10:30, a talk 10:30–11:15. */
  static String theoryPage(String category, String room, boolean showAbstracts) {
    return """
        ---
        title: "Theory of Deep Learning"
        layout: multitrack
        abstract: What deep networks can and cannot do.
        categories:
        - %s
        organizers:
        - given: Guido
          family: Montufar
          url:
          institute: MPI MiS
        room: "%s"
        show_abstracts: %s
        talks:
        - title: Opening
          author:
          - given: Asja
            family: Fischer
          start: "9:00"
          end: "09:30"
        - title: Why deep nets generalize
          author:
          - given: Ada
            family: Lovelace
          - given: Grace
            family: Hopper
          start: "09:30"
          end: "10:00"
          abstract: A tour of the generalization puzzle.
        - title: Coffee Break
          start: "10:00"
          end: "10:30"
        - title: Expressivity of depth
          author:
          - given: Alan
            family: Turing
          start: "10:30"
          end: "11:15"
          abstract: Depth separations, old and new.
        ---
        """.formatted(category, room, showAbstracts);
  }

  static String fairnessPage(String category, String room) {
    return """
        ---
        title: "Fairness and Privacy"
        layout: multitrack
        categories:
        - %s
        organizers:
        - given: Cynthia
          family: Dwork
        room: "%s"
        show_abstracts: false
        talks:
        - title: Differential privacy in practice
          author:
          - given: Frank
            family: McSherry
          start: "09:00"
          end: "10:00"
          abstract: Not shown, the workshop does not show abstracts.
        - title: Lunch
          start: "12:00"
          end: "13:00"
        - title: Auditing classifiers
          author:
          - given: Moritz
            family: Hardt
          start: "13:00"
          end: "13:45"
        ---
        """.formatted(category, room);
  }

  static void importPage(Http http, String admin, String id, String date, String page) {
    Http.Response r = http.post("/api/workshops?id=" + id + "&date=" + date, "text/markdown", page,
        "Authorization", "Bearer " + admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** Talk title → id. */
  static Map<String, String> talkIds(Http http, String id) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonArray talks = http.get("/api/workshops/" + id).json().getJsonArray("talks");
    for (int i = 0; i < talks.size(); i++) {
      JsonObject t = talks.getJsonObject(i);
      out.put(t.getString("title"), t.getString("id"));
    }
    return out;
  }

  static void command(Http http, String admin, String id, JsonObject command) {
    Http.Response r = http.command(id, admin, command);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static JsonObject rename(String talkId, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId)
        .put("set", new JsonObject().put("title", title));
  }

  static void createUser(Http http, String admin, String username, String password, List<String> workshops) {
    JsonObject body = new JsonObject().put("username", username).put("password", password)
        .put("roles", new JsonArray().add("organizer")).put("workshops", new JsonArray(workshops));
    Http.Response r = http.postJson("/api/users", admin, body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
