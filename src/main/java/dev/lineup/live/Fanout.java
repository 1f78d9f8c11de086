package dev.lineup.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One event-bus consumer per address per bridge, however many sockets listen: each message is
 * encoded to a frame once and the same buffer handed to every subscribed socket. Sockets live on
 * several event loops; a socket on the consumer's own thread gets the frame at once, any other
 * through its own context (FIFO per event loop, so seq order is kept).
 */
final class Fanout {

  private static final BridgeSocket[] NONE = new BridgeSocket[0];

  private final Vertx vertx;
  private final Map<String, Topic> topics = new HashMap<>();

  Fanout(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The consumer of one address and who listens through it. */
  private final class Topic {
    final String address;
    final MessageConsumer<Object> consumer;
    /** Replaced, never changed in place: the delivery path reads it without a lock. */
    volatile BridgeSocket[] subscribers = NONE;

    Topic(String address) {
      this.address = address;
      this.consumer = vertx.eventBus().consumer(address, this::deliver);
    }

    private void deliver(Message<Object> message) {
      BridgeSocket[] targets = subscribers;
      if (targets.length == 0) return;
      Buffer frame = Frames.rec(address, message.body(), message.headers());
      Long seq = seqOf(message.body());
      Thread here = Thread.currentThread();
      for (BridgeSocket socket : targets) {
        if (socket.thread() == here) {
          socket.deliver(address, frame, seq);
        } else {
          socket.context().runOnContext(v -> socket.deliver(address, frame, seq));
        }
      }
    }
  }

  /**
   * Adds a socket to the address's consumer (made on first use).
   *
   * @return completes once the consumer's registration is in effect, across the cluster too
   */
  synchronized Future<Void> subscribe(String address, BridgeSocket socket) {
    Topic topic = topics.computeIfAbsent(address, Topic::new);
    BridgeSocket[] old = topic.subscribers;
    BridgeSocket[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = socket;
    topic.subscribers = next;
    return topic.consumer.completion();
  }

  synchronized void unsubscribe(String address, BridgeSocket socket) {
    Topic topic = topics.get(address);
    if (topic == null) return;
    BridgeSocket[] next = Arrays.stream(topic.subscribers).filter(s -> s != socket)
        .toArray(BridgeSocket[]::new);
    topic.subscribers = next;
    if (next.length == 0) {
      topics.remove(address);
      topic.consumer.unregister();
    }
  }

  synchronized int topicCount() {
    return topics.size();
  }

  synchronized void close() {
    topics.values().forEach(t -> t.consumer.unregister());
    topics.clear();
  }

  /** Workshop events carry their seq; anything else (presence lists) has none. */
  private static Long seqOf(Object body) {
    if (body instanceof JsonObject json && json.getValue("seq") instanceof Number n) {
      return n.longValue();
    }
    return null;
  }
}
