package dev.lineup.workshops;

import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Event;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent commands share inserts (one round trip for the commands of a workshop, and for those
 * of several workshops), and the log stays what it was with one insert per command: every
 * acknowledged command in it exactly once, seqs without a gap, a seq taken by another writer
 * decided again on top of that writer's event.
 */
class GroupAppendTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension();

  private static final Pattern SAMPLE = Pattern.compile("^lineup_store_append_documents_(count|max)\\S*\\s+(\\S+)", Pattern.MULTILINE);

  private static List<String> create(String id, int talks) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < talks; i++) {
      list.add(new JsonObject().put("title", "Talk " + i).put("start", String.format("%02d:00", 9 + i))
          .put("end", String.format("%02d:30", 9 + i)));
    }
    Http.Response r = node.http.postJson("/api/workshops", node.adminToken(),
        new JsonObject().put("id", id).put("title", "Group " + id).put("date", "2026-11-26").put("talks", list));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    r.json().getJsonArray("talks").forEach(t -> ids.add(((JsonObject) t).getString("id")));
    return ids;
  }

  private static String rename(String talk, String title, String commandId) {
    return new JsonObject().put("type", "talk.update").put("talkId", talk).put("commandId", commandId)
        .put("set", new JsonObject().put("title", title)).encode();
  }

  private static Future<CommandResult> submit(String workshop, String json, String by) {
    return node.lineup().workshops().submit(workshop, CommandParser.parse(json, workshop), by);
  }

  private static <T> List<T> all(List<Future<T>> futures) throws Exception {
    Future.all(futures).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return futures.stream().map(Future::result).toList();
  }

  private static JsonArray events(String workshop, long after) {
    return node.http.get("/api/workshops/" + workshop + "/events?after=" + after).array();
  }

  /** The documents-per-insert summary of /metrics: [inserts, most documents in one]. */
  private static double[] inserts() {
    String text = node.http.get("/metrics", "Authorization", "Bearer " + node.adminToken()).body();
    double[] out = new double[2];
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) out[m.group(1).equals("count") ? 0 : 1] = Double.parseDouble(m.group(2));
    return out;
  }

  /** The events after {@code after}: seqs after..after+n without a gap, each commandId once. */
  private static JsonArray assertGapFree(String workshop, long after, int n) {
    JsonArray log = events(workshop, after);
    assertThat(log.stream().map(e -> ((JsonObject) e).getLong("seq")).toList())
        .containsExactlyElementsOf(LongStream.rangeClosed(after + 1, after + n).boxed().toList());
    Set<String> ids = new HashSet<>();
    log.forEach(e -> assertThat(ids.add(((JsonObject) e).getString("commandId"))).as("commandId once").isTrue());
    return log;
  }

  @Test
  void concurrentCommandsOfOneWorkshopShareInsertsAndKeepTheLogGapFree() throws Exception {
    List<String> talks = create("group-hot", 4);
    long before = events("group-hot", 0).size();
    double insertsBefore = inserts()[0];
    int n = 64;
    List<Future<CommandResult>> sent = new ArrayList<>();
    List<String> commandIds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String commandId = UUID.randomUUID().toString();
      commandIds.add(commandId);
      sent.add(submit("group-hot", rename(talks.get(i % 4), "Title " + i, commandId), "organizer-" + (i % 8)));
    }
    // The same command twice at once: one event, the same answer.
    String again = commandIds.get(0);
    Future<CommandResult> repeated = submit("group-hot", rename(talks.get(0), "Title 0", again), "organizer-0");
    List<CommandResult> results = all(sent);

    assertThat(results.stream().map(CommandResult::seq).toList())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(before + 1, before + n).boxed().toList());
    assertThat(repeated.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).seq())
        .isEqualTo(results.get(0).seq());
    JsonArray log = assertGapFree("group-hot", before, n);
    for (int i = 0; i < n; i++) {
      JsonObject event = log.getJsonObject((int) (results.get(i).seq() - before - 1));
      assertThat(event.getString("commandId")).isEqualTo(commandIds.get(i));
    }
    double[] after = inserts();
    assertThat(after[0] - insertsBefore).as("inserts for %d commands", n).isLessThan(n);
    assertThat(after[1]).as("most documents in one insert").isGreaterThan(1);
  }

  @Test
  void commandsOfSeveralWorkshopsShareOneInsert() throws Exception {
    int workshops = 8;
    int each = 8;
    List<List<String>> talks = new ArrayList<>();
    for (int w = 0; w < workshops; w++) talks.add(create("group-w" + w, 2));
    List<Future<CommandResult>> sent = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (int w = 0; w < workshops; w++) {
        sent.add(submit("group-w" + w, rename(talks.get(w).get(i % 2), "T" + i, UUID.randomUUID().toString()), "o-" + i));
      }
    }
    all(sent);
    for (int w = 0; w < workshops; w++) assertGapFree("group-w" + w, 1, each);
    // A round of one workshop holds at most its own 8 commands: more in one insert are several workshops'.
    assertThat(inserts()[1]).as("most documents in one insert").isGreaterThan(each);
  }

  @Test
  void aSeqTakenByAnotherWriterIsDecidedAgainOnTopOfItsEvent() throws Exception {
    List<String> talks = create("group-taken", 2);
    Http.Response first = node.http.command("group-taken", node.adminToken(),
        new JsonObject(rename(talks.get(0), "Mine", UUID.randomUUID().toString())));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonObject last = events("group-taken", 0).getJsonObject(1);
    long v = last.getLong("seq");
    // Another node's event at the next seq, which this node has not seen (nobody published it).
    JsonObject foreign = last.copy().put("seq", v + 1).put("by", "other-node").put("commandId", UUID.randomUUID().toString());
    foreign.getJsonObject("data").getJsonObject("set").put("title", "Theirs");
    node.lineup().workshops().store().append(Event.parse(foreign.encode()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    int n = 16;
    List<Future<CommandResult>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(submit("group-taken", rename(talks.get(1), "Second " + i, UUID.randomUUID().toString()), "organizer"));
    }
    List<CommandResult> results = all(sent);

    assertThat(results.stream().map(CommandResult::seq).toList())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(v + 2, v + 1 + n).boxed().toList());
    JsonArray log = assertGapFree("group-taken", v, n + 1);
    assertThat(log.getJsonObject(0).getString("by")).isEqualTo("other-node");
    JsonObject state = node.http.get("/api/workshops/group-taken").json();
    assertThat(state.getLong("version")).isEqualTo(v + 1 + n);
    assertThat(state.getJsonArray("talks").getJsonObject(0).getString("title")).isEqualTo("Theirs");
  }
}
