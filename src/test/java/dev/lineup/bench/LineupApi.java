package dev.lineup.bench;

import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.auth.Principal;
import dev.lineup.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Setting up a Lineup node under test over its public API, and tokens signed with its secret. */
final class LineupApi {

  final Http http;
  private final JwtAuthenticator tokens;
  final String admin;

  LineupApi(Vertx vertx, int port) {
    this.http = new Http("http://127.0.0.1:" + port);
    try {
      Path scratch = Files.createTempDirectory("lineup-bench-keys");
      this.tokens = JwtAuthenticator.create(vertx, new AuthOptions(Child.SECRET, scratch, "lineup", "lineup", 5, 240, List.of()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    this.admin = tokens.issue(Principal.of("bench-admin", List.of(Principal.ADMIN), List.of("*")), 240);
  }

  String organizer(String sub, List<String> workshops) {
    return tokens.issue(Principal.of(sub, List.of(Principal.ORGANIZER), workshops), 240);
  }

  /** A workshop of {@code talks} talks from 09:00, speakers of its own (no clashes across workshops). */
  static JsonObject workshop(String id, int talks) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < talks; i++) {
      int start = 9 * 60 + i * 30;
      list.add(new JsonObject().put("title", "Talk " + i + " of " + id)
          .put("start", String.format("%02d:%02d", start / 60, start % 60))
          .put("end", String.format("%02d:%02d", (start + 25) / 60, (start + 25) % 60))
          .put("abstract", "An abstract of a few words, as most real talks have, for talk " + i + ".")
          .put("authors", new JsonArray().add(new JsonObject().put("given", "Speaker" + i).put("family", "Of-" + id))));
    }
    return new JsonObject().put("id", id).put("title", "Benchmark workshop " + id).put("date", "2026-11-26")
        .put("room", "Room " + id).put("categories", new JsonArray().add("bench")).put("talks", list);
  }

  /** Creates the workshop; returns its talk ids. */
  List<String> create(String id, int talks) {
    Http.Response r = http.postJson("/api/workshops", admin, workshop(id, talks));
    if (r.status() != 201) throw new IllegalStateException("create " + id + ": " + r.status() + " " + r.body());
    List<String> ids = new ArrayList<>();
    r.json().getJsonArray("talks").forEach(t -> ids.add(((JsonObject) t).getString("id")));
    return ids;
  }

  static JsonObject edit(String talkId, int n, String commandId) {
    JsonObject c = new JsonObject().put("type", "talk.update").put("talkId", talkId)
        .put("set", new JsonObject().put("title", "Edited title number " + n));
    if (commandId != null) c.put("commandId", commandId);
    return c;
  }

  JsonObject lastEvent(String workshop) {
    JsonArray events = http.get("/api/workshops/" + workshop + "/events?after=0").array();
    return events.getJsonObject(events.size() - 1);
  }

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);

  /** Sum of a Prometheus counter's samples whose labels contain {@code labelPart}. */
  double metric(String name, String labelPart) {
    String text = http.get("/metrics", "Authorization", "Bearer " + admin).body();
    Matcher m = SAMPLE.matcher(text);
    double sum = 0;
    while (m.find()) {
      if (m.group(1).equals(name) && m.group(2).contains(labelPart)) sum += Double.parseDouble(m.group(3));
    }
    return sum;
  }
}
