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

  /**
   * Sessions as the 2018 healthcare page writes them: a timed entry without speakers, then talks
   * with no time of their own (a chair and the talks), then a break, then another session.
   */
  static String sessionPage(String category, String room) {
    return """
        ---
        title: "Healthcare AI"
        layout: multitrack
        categories:
        - %s
        room: "%s"
        show_abstracts: false
        talks:
        - title: "Challenge 1: Are we asking the right questions for maximum societal impact from health-related machine learning?"
          author:
          - family:
            given:
          start: "09:30"
          end: "11:00"
        - title: "Chair:"
          author:
          - family: Buchan
            given: Iain
          start: ""
          end: ""
        - title: "Patient-centred research in a complex health data world"
          author:
          - given: John
            family: Holmes
          start: ""
          end: ""
        - title: "Going the last mile: why deep learning is not enough"
          author:
          - given: Enrico
            family: Coiera
          start: ""
          end: ""
        - title: "Coffee Break"
          start: "11:00"
          end: "11:30"
        - title: "Challenge 2: Are we borrowing strength sufficiently across silos of inference?"
          author:
          - given:
            family:
          start: "11:30"
          end: "13:00"
        - title: "Chair:"
          author:
          - given: Danielle
            family: Belgrave
          start: ""
          end: ""
        - title: "Smartphone-based digital phenotyping"
          author:
          - given: Jukka-Pekka
            family: Onnela
          start: ""
          end: ""
        ---
        """.formatted(category, room);
  }

  /** Long words everywhere: a room, a workshop title, talk titles and speaker lists that must still fit. */
  static String longPage(String category) {
    String longTitle = "Why over-parameterized deep networks generalize although classical learning theory says "
        + "they should not: implicit regularization, flat minima, margins, compression and the double descent curve revisited";
    String nextTitle = "Expressivity of depth: separations between shallow and deep architectures, old and new";
    return """
        ---
        title: "Theory of Deep Learning: Foundations, Open Problems and the Road Ahead for the Next Decade"
        layout: multitrack
        categories:
        - %s
        room: "Auditorium Maximum, Building C, ground floor"
        talks:
        - title: "%s"
          author:
          - given: Ada
            family: Lovelace-Byron
          - given: Grace Brewster
            family: Murray Hopper
          - given: Alan Mathison
            family: Turing
          - given: Emmy
            family: Noether
          - given: Sofia
            family: Kovalevskaya
          - given: Srinivasa
            family: Ramanujan Aiyangar
          start: "09:30"
          end: "10:00"
        - title: "%s"
          author:
          - given: Andrey Nikolaevich
            family: Kolmogorov
          - given: Vladimir Igorevich
            family: Arnold
          - given: Kurt
            family: Gödel
          start: "10:00"
          end: "10:30"
        - title: "Challenge: Are we asking the right questions for maximum societal impact from health-related machine learning? Fitting more complex functions to a previously published objective is not a good use of machine learning effort; problems need better selection, framing and evaluation metrics."
          author:
          - given:
            family:
          start: "10:30"
          end: "12:00"
        - title: "Chair:"
          author:
          - given: Iain
            family: Buchan
        - title: "Patient-centred research in a complex health data world: a new role for ML."
          author:
          - given: John
            family: Holmes
        - title: "Learning from patient-contributed social and mobile data: for the patients, the researchers, the clinicians, or for all?"
          author:
          - given: Myra
            family: Spiliopoulou
        - title: "Going the last mile: why deep learning is not enough."
          author:
          - given: Enrico
            family: Coiera
        - title: "Doctors and Interpreters: Interpretability in healthcare machine learning, the view from the clinic"
          author:
          - given: Alfredo
            family: Vellido
        ---
        """.formatted(category, longTitle, nextTitle);
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

  static JsonObject shift(String from, int minutes) {
    return new JsonObject().put("type", "schedule.shift").put("from", from).put("minutes", minutes);
  }

  /** Reverts change {@code seq} (an undo); returns nothing, fails on a refusal. */
  static void revert(Http http, String admin, String id, long seq) {
    command(http, admin, id, new JsonObject().put("type", "change.revert").put("seq", seq));
  }

  /** The workshop's version (the seq of its last event). */
  static long version(Http http, String id) {
    return http.get("/api/workshops/" + id).json().getLong("version");
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
