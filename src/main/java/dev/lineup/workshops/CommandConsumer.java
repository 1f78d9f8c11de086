package dev.lineup.workshops;

import dev.lineup.api.Problems;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * {@code lineup.commands} on the event bus: the body is a command naming its {@code workshop},
 * the {@code authorization} header carries the bearer token. Replies as REST does; a failure
 * carries the HTTP status as failureCode and the problem JSON as message.
 */
public final class CommandConsumer {

  private CommandConsumer() {
  }

  public static MessageConsumer<Object> register(Vertx vertx, CommandGateway gateway) {
    return vertx.eventBus().consumer(Addresses.COMMANDS, msg -> handle(gateway, msg));
  }

  private static void handle(CommandGateway gateway, Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject body)) {
      fail(msg, Rejection.invalid("", "a command is a JSON object"));
      return;
    }
    Object named = body.getValue("workshop");
    String workshopId = named instanceof String s ? s
        : named instanceof JsonObject created ? created.getString("id") : null;
    gateway.submit(msg.headers().get("authorization"), workshopId, body.encode())
        .onSuccess(result -> msg.reply(new JsonObject(result.toMap())))
        .onFailure(t -> fail(msg, t));
  }

  private static void fail(Message<Object> msg, Throwable t) {
    var failure = Problems.replyException(t);
    msg.fail(failure.failureCode(), failure.getMessage());
  }
}
