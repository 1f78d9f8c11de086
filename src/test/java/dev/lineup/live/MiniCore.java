package dev.lineup.live;

import dev.lineup.api.Problems;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory core around the real {@link Decider}, for end-to-end tests of the browser module:
 * commands on {@code lineup.commands}, the snapshot and the log over REST. Tests may append an
 * event without publishing it, as if the message had been lost.
 */
final class MiniCore {

  private static final int PAGE = 3;

  private final Vertx vertx;
  private final Decider decider = new Decider((id, page, date) -> {
    throw new Rejection(Failure.INVALID, "no pages here");
  }, "Europe/Paris");
  private final TestAuthenticator auth = new TestAuthenticator();
  private final Map<String, Workshop> states = new HashMap<>();
  private final Map<String, List<JsonObject>> logs = new HashMap<>();
  private final MessageConsumer<JsonObject> consumer;

  MiniCore(Vertx vertx) {
    this.vertx = vertx;
    this.consumer = vertx.eventBus().consumer(Addresses.COMMANDS, this::onCommand);
  }

  /** GET /api/workshops/:id and /api/workshops/:id/events?after=N (pages of 3: paging is exercised). */
  void mount(Router router) {
    router.get("/api/workshops/:id/events").handler(ctx -> {
      long after = Long.parseLong(ctx.request().getParam("after", "0"));
      JsonArray page = new JsonArray();
      synchronized (this) {
        for (JsonObject e : logs.getOrDefault(ctx.pathParam("id"), List.of())) {
          if (e.getLong("seq") > after && page.size() < PAGE) page.add(e);
        }
      }
      ctx.json(page);
    });
    router.get("/api/workshops/:id").handler(ctx -> {
      JsonObject snapshot = snapshot(ctx.pathParam("id"));
      if (snapshot == null) ctx.response().setStatusCode(404).end();
      else ctx.json(snapshot);
    });
  }

  synchronized JsonObject snapshot(String id) {
    Workshop w = states.get(id);
    if (w == null || !w.exists()) return null;
    return toJson(w);
  }

  /** Decides and appends; publishes the event unless {@code publish} is false. */
  synchronized JsonObject execute(String workshop, JsonObject commandJson, String by, boolean publish) {
    JsonObject fields = commandJson.copy();
    // The bus body names its workshop by id; workshop.create's own "workshop" is the payload.
    if (fields.getValue("workshop") instanceof String) fields.remove("workshop");
    Command command;
    try {
      command = Json.MAPPER.readValue(fields.encode(), Command.class);
    } catch (java.io.IOException e) {
      throw new Rejection(Failure.INVALID, e.getMessage());
    }
    Workshop state = states.getOrDefault(workshop, Workshop.absent(workshop));
    EventData data = decider.decide(command, state, DecisionContext.current(by));
    Event event = new Event(workshop, state.version() + 1, by, Instant.now().toString(), command.commandId(), data);
    states.put(workshop, decider.evolve(state, event));
    JsonObject eventJson = new JsonObject(event.toMap());
    logs.computeIfAbsent(workshop, w -> new ArrayList<>()).add(eventJson);
    if (publish) vertx.eventBus().publish(Addresses.workshop(workshop), eventJson);
    return eventJson;
  }

  private void onCommand(Message<JsonObject> message) {
    auth.authenticate(message.headers().get("authorization")).onComplete(ar -> {
      if (ar.failed()) {
        Rejection r = (Rejection) ar.cause();
        message.fail(Problems.status(r.failure()), FakeCore.problem(Problems.status(r.failure()), r.detail()));
        return;
      }
      JsonObject body = message.body();
      try {
        JsonObject event = execute(body.getString("workshop"), body, ar.result().subject(), true);
        message.reply(new JsonObject().put("version", event.getLong("seq")).put("seq", event.getLong("seq"))
            .put("events", new JsonArray().add(event)));
      } catch (Rejection r) {
        message.fail(Problems.status(r.failure()), FakeCore.problem(Problems.status(r.failure()), r.detail()));
      }
    });
  }

  private static JsonObject toJson(Workshop w) {
    try {
      return new JsonObject(Json.MAPPER.writeValueAsString(w));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void close() {
    consumer.unregister();
  }
}
