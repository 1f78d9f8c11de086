package dev.lineup.workshops;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command whose event or resulting workshop would exceed a size bound is refused with 413
 * naming the bound; nothing is appended, nothing retried, and the other workshops go on.
 */
class SizeBoundsTest {

  private static final int MAX_EVENT = 40_000;
  private static final int MAX_SNAPSHOT = 250_000;

  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("max_event_bytes", MAX_EVENT, "max_snapshot_bytes", MAX_SNAPSHOT));
  private static final Http http = node.http;

  private static void create(String id) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Bounded " + id).put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Opening").put("start", "09:00").put("end", "09:30")));
    assertThat(http.postJson("/api/workshops", node.adminToken(), body).status()).isEqualTo(201);
  }

  private static JsonObject addTalk(int abstractChars) {
    return new JsonObject().put("type", "talk.add").put("talk", new JsonObject().put("title", "Long")
        .put("start", "10:00").put("end", "11:00").put("abstract", "a".repeat(abstractChars)));
  }

  private static long version(String id) {
    return http.get("/api/workshops/" + id).json().getLong("version");
  }

  private static int eventCount(String id) {
    return http.get("/api/workshops/" + id + "/events?after=0").array().size();
  }

  private static double seqRetries() {
    return Arrays.stream(http.get("/metrics").body().split("\n"))
        .filter(l -> l.startsWith("lineup_commands_seq_retries_total")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void assertRefusedNaming(Http.Response r, String bound) {
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getString("detail")).contains(bound).contains("nothing was changed");
  }

  @Test
  void anEventAboveItsBoundIsRefusedAndNothingIsAppended() {
    create("big-event");
    long before = version("big-event");
    double retries = seqRetries();

    Http.Response r = http.command("big-event", node.adminToken(), addTalk(MAX_EVENT + 5_000));

    assertRefusedNaming(r, "max_event_bytes");
    assertThat(version("big-event")).isEqualTo(before);
    assertThat(eventCount("big-event")).isEqualTo((int) before);
    assertThat(seqRetries()).isEqualTo(retries);
  }

  @Test
  void aWorkshopThatWouldOutgrowItsBoundIsRefusedAndTheOthersGoOn() {
    create("growing");
    create("neighbour");
    double retries = seqRetries();
    int accepted = 0;
    Http.Response r;
    do {
      r = http.command("growing", node.adminToken(), addTalk(30_000));
      if (r.status() == 200) accepted++;
    } while (r.status() == 200 && accepted < 20);

    assertThat(accepted).as("talks added before the bound").isBetween(5, 9);
    assertRefusedNaming(r, "max_snapshot_bytes");
    assertThat(version("growing")).isEqualTo(1 + accepted);
    assertThat(eventCount("growing")).isEqualTo(1 + accepted);
    assertThat(seqRetries()).isEqualTo(retries);
    // Smaller changes still fit; the other workshop never noticed.
    assertThat(http.command("growing", node.adminToken(), addTalk(100)).status()).isEqualTo(200);
    assertThat(http.command("neighbour", node.adminToken(), addTalk(100)).status()).isEqualTo(200);
    assertThat(http.get("/health").status()).isEqualTo(200);
  }

  @Test
  void aPageTooLargeForTheBoundIsRefused() {
    StringBuilder page = new StringBuilder("---\ntitle: Too much\nlayout: multitrack\ntalks:\n");
    for (int i = 0; i < 12; i++) {
      page.append("- title: \"Talk ").append(i).append("\"\n  start: \"09:00\"\n  end: \"10:00\"\n  abstract: \"")
          .append("b".repeat(30_000)).append("\"\n");
    }
    page.append("---\n");

    Http.Response r = http.post("/api/workshops?id=too-much&date=2026-11-26", "text/markdown", page.toString(),
        "Authorization", "Bearer " + node.adminToken());

    assertRefusedNaming(r, "max_event_bytes");
    assertThat(http.get("/api/workshops/too-much").status()).isEqualTo(404);
  }
}
