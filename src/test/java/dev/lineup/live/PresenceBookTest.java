package dev.lineup.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The presence bookkeeping of one node, with the entries other nodes send it. */
class PresenceBookTest {

  private static final JsonObject TITLE = new JsonObject().put("talkId", "t1").put("field", "title");
  private static final long TTL = 30_000;

  private final PresenceBook book = new PresenceBook();

  private static JsonArray subs(JsonObject list) {
    JsonArray out = new JsonArray();
    list.getJsonArray("present").forEach(e -> out.add(((JsonObject) e).getString("sub")));
    return out;
  }

  @Test
  void sinceChangesOnlyWithWhatIsEdited() {
    assertThat(book.set("w1", "s1", "alice", List.of("organizer"), TITLE, 1_000)).isTrue();
    String since = book.list("w1").getJsonArray("present").getJsonObject(0).getString("since");
    assertThat(book.set("w1", "s1", "alice", List.of("organizer"), TITLE.copy(), 5_000)).isFalse();
    assertThat(book.list("w1").getJsonArray("present").getJsonObject(0).getString("since")).isEqualTo(since);
    assertThat(book.set("w1", "s1", "alice", List.of("organizer"), null, 6_000)).isTrue();
    JsonObject entry = book.list("w1").getJsonArray("present").getJsonObject(0);
    assertThat(entry.getValue("editing")).isNull();
    assertThat(entry.getString("since")).isEqualTo("1970-01-01T00:00:06Z");
  }

  @Test
  void oneEntryPerUserPreferringTheTabThatEdits() {
    book.set("w1", "s1", "alice", List.of("organizer"), null, 2_000);
    book.set("w1", "s2", "alice", List.of("organizer"), TITLE, 1_000);
    book.set("w1", "s3", "bob", List.of("organizer"), null, 1_000);
    JsonObject list = book.list("w1");
    assertThat(subs(list)).containsExactly("alice", "bob");
    assertThat(list.getJsonArray("present").getJsonObject(0).getJsonObject("editing")).isEqualTo(TITLE);
    assertThat(book.list("w2").getJsonArray("present")).isEmpty();
  }

  @Test
  void silentSocketsExpireAndTouchingKeepsThemAlive() {
    book.set("w1", "s1", "alice", List.of(), null, 0);
    book.set("w1", "s2", "bob", List.of(), null, 0);
    book.touch("s1", 20_000);
    assertThat(book.expire(31_000, TTL)).containsExactly("w1");
    assertThat(subs(book.list("w1"))).containsExactly("alice");
    assertThat(book.removeSocket("s1")).containsExactly("w1");
    assertThat(book.localWorkshops()).isEmpty();
    assertThat(book.localEntryCount()).isZero();
  }

  @Test
  void otherNodesEntriesMergeAndExpireWhenTheNodeFallsSilent() {
    book.set("w1", "s1", "alice", List.of("organizer"), null, 0);
    JsonArray fromB = new JsonArray().add(new JsonObject().put("sub", "carol").put("roles", new JsonArray())
        .put("editing", TITLE).put("since", "1970-01-01T00:00:01Z"));
    assertThat(book.mergeRemote("node-b", "w1", fromB, 1_000)).isTrue();
    assertThat(book.mergeRemote("node-b", "w1", fromB.copy(), 11_000)).as("a refresh changes nothing").isFalse();
    assertThat(subs(book.list("w1"))).containsExactly("alice", "carol");
    assertThat(book.ownEntries("w1")).hasSize(1);

    book.touch("s1", 40_000);
    assertThat(book.expire(40_000, TTL)).as("refreshed at 11 s, alive until 41 s").isEmpty();
    assertThat(book.expire(42_000, TTL)).containsExactly("w1");
    assertThat(subs(book.list("w1"))).containsExactly("alice");
  }

  @Test
  void anEmptySnapshotRemovesTheNodesEntriesAtOnce() {
    JsonArray fromB = new JsonArray().add(new JsonObject().put("sub", "carol").put("since", "x"));
    book.mergeRemote("node-b", "w1", fromB, 0);
    assertThat(book.mergeRemote("node-b", "w1", new JsonArray(), 1)).isTrue();
    assertThat(book.list("w1").getJsonArray("present")).isEmpty();
    assertThat(book.mergeRemote("node-b", "w1", new JsonArray(), 2)).isFalse();
  }
}
