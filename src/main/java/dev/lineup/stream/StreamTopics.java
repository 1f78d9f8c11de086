package dev.lineup.stream;

import dev.lineup.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One event-bus consumer per workshop for all of this node's streams, however many follow it (in
 * a cluster every consumer is a registration every node must learn of): each message is encoded
 * once and handed to every stream on its own event loop, in arrival order.
 */
final class StreamTopics {

  private static final EventStream[] NONE = new EventStream[0];

  /** A message of a workshop's address: an event (with its seq) or a notice (seq null). */
  record Published(String workshop, Long seq, String type, String json) {
  }

  private final Vertx vertx;
  private final Map<String, Topic> topics = new HashMap<>();

  StreamTopics(Vertx vertx) {
    this.vertx = vertx;
  }

  private final class Topic {
    final String workshop;
    final MessageConsumer<JsonObject> consumer;
    /** Replaced, never changed in place: deliveries read it without a lock. */
    volatile EventStream[] subscribers = NONE;

    Topic(String workshop) {
      this.workshop = workshop;
      this.consumer = vertx.eventBus().consumer(Addresses.workshop(workshop), msg -> deliver(msg.body()));
    }

    private void deliver(JsonObject body) {
      EventStream[] targets = subscribers;
      if (targets.length == 0 || body == null || !(body.getValue("type") instanceof String type)) return;
      Long seq = body.getValue("seq") instanceof Number n ? n.longValue() : null;
      Published published = new Published(workshop, seq, type, body.encode());
      for (EventStream stream : targets) stream.onPublished(published);
    }
  }

  /** Follows {@code workshop} for {@code stream}; completes once the consumer's registration is in effect. */
  synchronized Future<Void> subscribe(String workshop, EventStream stream) {
    Topic topic = topics.computeIfAbsent(workshop, Topic::new);
    EventStream[] old = topic.subscribers;
    EventStream[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = stream;
    topic.subscribers = next;
    return topic.consumer.completion();
  }

  synchronized void unsubscribe(String workshop, EventStream stream) {
    Topic topic = topics.get(workshop);
    if (topic == null) return;
    EventStream[] next = Arrays.stream(topic.subscribers).filter(s -> s != stream).toArray(EventStream[]::new);
    topic.subscribers = next;
    if (next.length == 0) {
      topics.remove(workshop);
      topic.consumer.unregister();
    }
  }
}
