package dev.lineup.live;

import dev.lineup.api.Problems;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Stands in for the command core on {@code lineup.commands}: verifies the token as the real one
 * will, appends one event per command, publishes it on the workshop's address and replies
 * {@code {version, seq, events}}; a command of type "fail" is refused with 409.
 */
final class FakeCore {

  final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
  private final Vertx vertx;
  private final TestAuthenticator auth = new TestAuthenticator();
  private final Map<String, Long> versions = new HashMap<>();
  private final MessageConsumer<JsonObject> consumer;

  FakeCore(Vertx vertx) {
    this.vertx = vertx;
    this.consumer = vertx.eventBus().consumer(Addresses.COMMANDS, this::handle);
  }

  private void handle(Message<JsonObject> message) {
    String authorization = message.headers().get("authorization");
    authorizations.add(String.valueOf(authorization));
    auth.authenticate(authorization).onComplete(ar -> {
      if (ar.failed()) {
        Rejection r = (Rejection) ar.cause();
        message.fail(Problems.status(r.failure()), problem(Problems.status(r.failure()), r.detail()));
        return;
      }
      JsonObject command = message.body();
      if ("fail".equals(command.getString("type"))) {
        message.fail(409, problem(409, "changed since version 0"));
        return;
      }
      String workshop = command.getString("workshop");
      long seq = versions.merge(workshop, 1L, Long::sum);
      JsonObject event = new JsonObject().put("workshop", workshop).put("seq", seq)
          .put("type", command.getString("type").replace(".move", ".moved"))
          .put("by", ar.result().subject()).put("at", Instant.now().toString())
          .put("commandId", command.getString("commandId")).put("data", command.getJsonObject("data", new JsonObject()));
      vertx.eventBus().publish(Addresses.workshop(workshop), event);
      message.reply(new JsonObject().put("version", seq).put("seq", seq).put("events", new JsonArray().add(event)));
    });
  }

  static String problem(int status, String detail) {
    return new JsonObject().put("status", status).put("title", "refused").put("detail", detail).encode();
  }

  void close() {
    consumer.unregister();
  }
}
