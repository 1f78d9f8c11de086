package dev.lineup.live;

import io.vertx.core.Context;
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
 * encoded to a frame once and the same buffer handed to every subscribed socket. The subscribers
 * are grouped by event loop: per message, each loop gets one task that writes to all its sockets
 * (the consumer's own loop writes at once), instead of one task per socket. Tasks on one loop run
 * in order, so seq order is kept.
 */
final class Fanout {

  private static final Group[] NO_GROUPS = new Group[0];
  private static final BridgeSocket[] NO_SOCKETS = new BridgeSocket[0];

  private final Vertx vertx;
  private final Counters counters;
  private final Map<String, Topic> topics = new HashMap<>();

  Fanout(Vertx vertx, Counters counters) {
    this.vertx = vertx;
    this.counters = counters;
  }

  /** The consumer of one address and who listens through it, by event loop. */
  private final class Topic {
    final String address;
    final MessageConsumer<Object> consumer;
    /** Replaced, never changed in place: the delivery path reads it without a lock. */
    volatile Group[] groups = NO_GROUPS;
    int size;

    Topic(String address) {
      this.address = address;
      this.consumer = vertx.eventBus().consumer(address, this::deliver);
    }

    private void deliver(Message<Object> message) {
      Group[] targets = groups;
      if (targets.length == 0) return;
      Buffer frame = Frames.rec(address, message.body(), message.headers());
      Long seq = seqOf(message.body());
      Thread here = Thread.currentThread();
      for (Group group : targets) {
        if (group.thread == here) group.deliver(frame, seq);
        else group.context.runOnContext(v -> group.deliver(frame, seq));
      }
    }
  }

  /** The sockets of one topic on one event loop. */
  private final class Group {
    final String address;
    final Context context;
    final Thread thread;
    /** Replaced, never changed in place. */
    volatile BridgeSocket[] sockets = NO_SOCKETS;

    Group(String address, Context context, Thread thread) {
      this.address = address;
      this.context = context;
      this.thread = thread;
    }

    /**
     * On the group's event loop: the same frame to each socket. The counter is updated once, and
     * before the writes (a browser may read its frame before the loop ends), then corrected by the
     * frames not written.
     */
    void deliver(Buffer frame, Long seq) {
      BridgeSocket[] targets = sockets;
      counters.deliveries.add(targets.length);
      int skipped = 0;
      for (BridgeSocket socket : targets) {
        if (!socket.deliver(address, frame, seq)) skipped++;
      }
      if (skipped > 0) counters.deliveries.add(-skipped);
    }
  }

  /**
   * Adds a socket to the address's consumer (made on first use).
   *
   * @return completes once the consumer's registration is in effect, across the cluster too
   */
  synchronized Future<Void> subscribe(String address, BridgeSocket socket) {
    Topic topic = topics.computeIfAbsent(address, Topic::new);
    Group group = null;
    for (Group g : topic.groups) {
      if (g.thread == socket.thread()) group = g;
    }
    if (group == null) {
      group = new Group(address, socket.context(), socket.thread());
      Group[] old = topic.groups;
      Group[] next = Arrays.copyOf(old, old.length + 1);
      next[old.length] = group;
      topic.groups = next;
    }
    BridgeSocket[] old = group.sockets;
    BridgeSocket[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = socket;
    group.sockets = next;
    topic.size++;
    return topic.consumer.completion();
  }

  synchronized void unsubscribe(String address, BridgeSocket socket) {
    Topic topic = topics.get(address);
    if (topic == null) return;
    for (Group group : topic.groups) {
      if (group.thread != socket.thread()) continue;
      BridgeSocket[] old = group.sockets;
      int i = indexOf(old, socket);
      if (i < 0) return;
      BridgeSocket[] next = new BridgeSocket[old.length - 1];
      System.arraycopy(old, 0, next, 0, i);
      System.arraycopy(old, i + 1, next, i, old.length - i - 1);
      group.sockets = next;
      topic.size--;
      if (next.length == 0) {
        topic.groups = Arrays.stream(topic.groups).filter(g -> g != group).toArray(Group[]::new);
      }
    }
    if (topic.size == 0) {
      topics.remove(address);
      topic.consumer.unregister();
    }
  }

  private static int indexOf(BridgeSocket[] sockets, BridgeSocket socket) {
    for (int i = 0; i < sockets.length; i++) {
      if (sockets[i] == socket) return i;
    }
    return -1;
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
