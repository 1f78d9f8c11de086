package dev.lineup.reliability;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One workshop must never hurt the others: a page of 500 talks all at 09:00–17:00 in one room,
 * imported over HTTP, leaves bounded warnings and a small snapshot, while another workshop's
 * commands keep succeeding and /health stays up (and truthful).
 */
class WorkshopIsolationTest {

  private static final int TALKS = 500;

  @RegisterExtension
  static final TestNode node = TestNode.extension();
  private static final Http http = node.http;

  /** A Jekyll page of {@code talks} talks, all 09:00–17:00, each with a speaker of its own. */
  static String allDayPage(int talks) {
    StringBuilder page = new StringBuilder("---\ntitle: \"Everything at once\"\nlayout: multitrack\n"
        + "categories:\n- isolation\nroom: Room 1\ntalks:\n");
    for (int i = 0; i < talks; i++) {
      page.append("- title: \"Talk number ").append(i).append("\"\n  author:\n  - given: Speaker\n    family: Number")
          .append(i).append("\n  start: \"09:00\"\n  end: \"17:00\"\n");
    }
    return page.append("---\n").toString();
  }

  private static JsonObject rename(String talkId, String title) {
    return new JsonObject().put("type", "talk.update").put("talkId", talkId).put("set", new JsonObject().put("title", title));
  }

  @Test
  void fiveHundredTalksAtOnceHurtNoOtherWorkshop() {
    String admin = node.adminToken();
    JsonObject other = new JsonObject().put("id", "bystander").put("title", "Bystander").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    assertThat(http.postJson("/api/workshops", admin, other).status()).isEqualTo(201);
    String keynote = http.get("/api/workshops/bystander").json().getJsonArray("talks").getJsonObject(0).getString("id");

    // Warmed up first (classes loaded, code compiled), so that the probe measures the design.
    assertThat(http.post("/api/workshops?id=warm-up&date=2026-11-25", "text/markdown", allDayPage(100),
        "Authorization", "Bearer " + admin).status()).isEqualTo(201);

    // A probe on the pipeline's context: how late its timer fires is how long something held it.
    Context pipeline = node.lineup().workshops().context();
    AtomicLong longestBlockMs = new AtomicLong();
    AtomicLong lastTick = new AtomicLong(System.nanoTime());
    AtomicLong probe = new AtomicLong(-1);
    pipeline.runOnContext(v -> probe.set(node.lineup().vertx().setPeriodic(5, id -> {
      long now = System.nanoTime();
      longestBlockMs.accumulateAndGet((now - lastTick.getAndSet(now)) / 1_000_000 - 5, Math::max);
    })));

    // Meanwhile: another organizer keeps editing their own workshop, and /health is polled.
    AtomicBoolean importing = new AtomicBoolean(true);
    List<Integer> bystanderStatuses = new ArrayList<>();
    List<Integer> healthStatuses = new ArrayList<>();
    CompletableFuture<Void> bystander = CompletableFuture.runAsync(() -> {
      for (int i = 0; importing.get() || i < 5; i++) {
        bystanderStatuses.add(http.command("bystander", admin, rename(keynote, "Keynote " + i)).status());
        healthStatuses.add(http.get("/health").status());
      }
    });

    String page = allDayPage(TALKS);
    Http.Response imported = http.post("/api/workshops?id=everything&date=2026-11-26", "text/markdown", page,
        "Authorization", "Bearer " + admin);
    importing.set(false);
    Await.result(bystander, Duration.ofSeconds(60));
    node.lineup().vertx().cancelTimer(probe.get());

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    JsonObject everything = http.get("/api/workshops/everything").json();
    assertThat(everything.getJsonArray("talks")).hasSize(TALKS);
    JsonArray warnings = everything.getJsonArray("warnings");
    assertThat(warnings.size()).isLessThanOrEqualTo(dev.lineup.schedule.Warnings.MAX_SERVED);
    assertThat(warnings.getJsonObject(0).getString("message")).isEqualTo(TALKS + " talks overlap 09:00–17:00 in Room 1");
    assertThat(warnings.getJsonObject(0).getJsonArray("talkIds")).hasSize(TALKS);

    JsonObject stored = Await.value("the snapshot written", Duration.ofSeconds(20), () -> {
      JsonObject doc = Await.result(node.lineup().workshops().store().client()
          .findOne("workshops", new JsonObject().put("_id", "everything"), null), Duration.ofSeconds(10));
      return doc != null && doc.getLong("version", 0L) >= 1 ? doc : null;
    });
    int snapshotBytes = stored.encode().length();
    assertThat(snapshotBytes).as("snapshot bytes").isLessThan(1_000_000);

    assertThat(bystanderStatuses).as("the other workshop's commands meanwhile").isNotEmpty().containsOnly(200);
    assertThat(healthStatuses).as("/health meanwhile").containsOnly(200);
    Figures.write("workshop-isolation", Map.of("talks, all 09:00-17:00 in one room", TALKS,
        "page bytes", page.length(), "warnings served", warnings.size(), "snapshot bytes", snapshotBytes,
        "other workshop's commands meanwhile (all 200)", bystanderStatuses.size(),
        "longest hold of the pipeline's event loop ms", longestBlockMs.get()));
  }
}
