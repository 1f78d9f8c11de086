package dev.lineup.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.support.Http;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What must hold for any input, in-process and over HTTP; shared by the fuzzing properties and the
 * regression corpus (src/test/resources/fuzz/).
 */
final class Oracle {

  static final Duration IN_PROCESS_LIMIT = Duration.ofSeconds(2);
  static final JekyllPages PAGES = new JekyllPages();
  static final Decider DECIDER = new Decider(PAGES, "Europe/Rome");
  static final String FIXTURE_PAGE = FuzzInputs.page("2018-04-03-mini-theory.md");
  /** The fixture page imported as workshop "fuzz", version 1: talks t1-1.., organizer o1-1. */
  static final Workshop FIXTURE = imported("fuzz", FIXTURE_PAGE);

  private Oracle() {
  }

  private static Workshop imported(String id, String page) {
    Workshop absent = Workshop.absent(id);
    EventData data = DECIDER.decide(new Command.ImportWorkshop(null, null, page, "2018-04-03", null, null), absent);
    return DECIDER.evolve(absent, new Event(id, 1, "fuzz", "2026-11-26T00:00:00Z", "c0", data));
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError("cannot write " + value, e);
    }
  }

  /**
   * Parse and decide one command text against the fixture workshop: a Rejection (4xx) or an event
   * that applies and survives the JSON round trips the store and the bus put it through; nothing
   * else escapes, nothing takes long, and the state is the same object value afterwards.
   */
  static String command(String text) {
    return command(text, FIXTURE);
  }

  /**
   * Strict: the event the node applies in memory equals the one it stored, read back; a restart
   * replays to exactly the state the node had. Holds for most input; see FuzzRegressionTest.KNOWN.
   */
  static void sameObjectAfterRoundTrip(String text) {
    Command command = CommandParser.parse(text, FIXTURE.id());
    EventData data = DECIDER.decide(command, FIXTURE, List.of());
    Event event = new Event(FIXTURE.id(), FIXTURE.version() + 1, "fuzz", "2026-11-26T00:00:00Z", "c", data);
    assertThat(Event.parse(json(event))).as("the stored event, read back").isEqualTo(event);
    assertThat(DECIDER.evolve(FIXTURE, Event.parse(json(event)))).as("the state replayed after a restart")
        .isEqualTo(DECIDER.evolve(FIXTURE, event));
  }

  static String command(String text, Workshop state) {
    Map<String, Object> before = Json.toMap(state);
    String outcome = assertTimeoutPreemptively(IN_PROCESS_LIMIT, () -> {
      Command command;
      EventData data;
      try {
        command = CommandParser.parse(text, state.id());
        data = DECIDER.decide(command, state, List.of());
      } catch (Rejection r) {
        assertThat(r.failure().status).as("status of %s", r.detail()).isBetween(400, 499);
        return "refused " + r.failure().status;
      }
      Event event = new Event(state.id(), state.version() + 1, "fuzz", "2026-11-26T00:00:00Z",
          command.commandId() == null ? "generated" : command.commandId(), data);
      // What the store and the bus hold reads back as the same JSON. (Not always as the same
      // object: "" in a person's field becomes null, see KNOWN in FuzzRegressionTest.)
      assertThat(Event.parse(json(event)).toMap()).as("event JSON round trip").isEqualTo(event.toMap());
      assertThat(Event.parse(new JsonObject(event.toMap()).encode()).toMap()).as("event as the bus carries it")
          .isEqualTo(event.toMap());
      Workshop next = DECIDER.evolve(state, event);
      assertThat(Json.toMap(Json.fromMap(Json.toMap(next), Workshop.class))).as("snapshot JSON round trip")
          .isEqualTo(Json.toMap(next));
      // The state a restart replays from the stored event is the state the node goes on with.
      Workshop replayed = DECIDER.evolve(state, Event.parse(json(event)));
      assertThat(Json.toMap(replayed)).as("replay of the stored event").isEqualTo(Json.toMap(next));
      return "accepted " + event.type();
    });
    assertThat(Json.toMap(state)).as("the state is unchanged").isEqualTo(before);
    return outcome;
  }

  /**
   * Read one page: a workshop or a Rejection (4xx) that is not a caught crash; an accepted page
   * imports through the decider and is written back as a page that reads again.
   */
  static String page(String page) {
    return assertTimeoutPreemptively(IN_PROCESS_LIMIT, () -> {
      Workshop w;
      try {
        w = PAGES.read("fuzz", page, null);
      } catch (Rejection r) {
        assertThat(r.failure().status).isBetween(400, 499);
        assertThat(r.detail()).as("a refusal, not a crash caught and relabelled").doesNotContain("cannot be read (");
        return "refused";
      }
      Workshop absent = Workshop.absent("fuzz");
      EventData data;
      try {
        data = DECIDER.decide(new Command.ImportWorkshop(null, null, page, "2018-04-03", null, null), absent);
      } catch (Rejection r) {
        assertThat(r.failure().status).isBetween(400, 499);
        return "read, import refused";
      }
      Event event = new Event("fuzz", 1, "fuzz", "2026-11-26T00:00:00Z", "c", data);
      assertThat(Event.parse(json(event)).toMap()).as("event JSON round trip").isEqualTo(event.toMap());
      Workshop imported = DECIDER.evolve(absent, event);
      String written = PAGES.write(imported);
      Workshop again = PAGES.read("fuzz", written, null);
      assertThat(again.talks()).as("talks after a round trip").hasSameSizeAs(w.talks());
      return "accepted";
    });
  }

  // ---- over HTTP ----------------------------------------------------------------------------

  private static long version(Http http, String workshop) {
    Http.Response r = http.get("/api/workshops/" + workshop);
    return r.status() == 200 ? r.json().getLong("version") : -1;
  }

  /** Recreates the fixture workshop over HTTP when a fuzzed command deleted it. */
  static void ensureWorkshop(Http http, String admin, String workshop) {
    if (version(http, workshop) >= 0) return;
    Http.Response r = http.post("/api/workshops?id=" + workshop + "&date=2018-04-03", "text/markdown", FIXTURE_PAGE,
        "Authorization", "Bearer " + admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** One command body over HTTP: no 5xx; a refusal changes nothing; an acceptance one version. */
  static int httpCommand(Http http, String admin, String workshop, String body) {
    ensureWorkshop(http, admin, workshop);
    long before = version(http, workshop);
    Http.Response r = http.post("/api/workshops/" + workshop + "/commands", "application/json", body,
        "Authorization", "Bearer " + admin);
    assertThat(r.status()).as("%s -> %s", body, r.body()).isLessThan(500);
    long after = version(http, workshop);
    if (r.status() == 200) {
      // A repeated commandId appends nothing; a delete leaves no workshop (-1).
      assertThat(after == -1 || after == before || after == before + 1).as("version %d -> %d", before, after).isTrue();
    } else {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(after).as("refused %s changed nothing", body).isEqualTo(before);
    }
    return r.status();
  }

  /** One page over HTTP: no 5xx; refused → nothing created; created → it and its exports serve. */
  static int httpPage(Http http, String admin, String id, String page) {
    Http.Response r = http.post("/api/workshops?id=" + id + "&date=2018-04-03", "text/markdown", page,
        "Authorization", "Bearer " + admin);
    assertThat(r.status()).as("page -> %s", r.body()).isLessThan(500);
    if (r.status() == 201) {
      for (String export : List.of("", ".md", "/schedule.xml", "/schedule.json", ".ics", "/events?after=0")) {
        Http.Response e = http.get("/api/workshops/" + id + export);
        assertThat(e.status()).as("GET %s of an accepted page: %s", export, e.body()).isEqualTo(200);
      }
    } else {
      assertThat(http.get("/api/workshops/" + id).status()).as("a refused page creates nothing").isEqualTo(404);
    }
    return r.status();
  }
}
