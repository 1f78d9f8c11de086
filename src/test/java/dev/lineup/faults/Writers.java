package dev.lineup.faults;

import dev.lineup.bus.Addresses;
import dev.lineup.support.Await;
import dev.lineup.support.BridgeClient;
import dev.lineup.support.Http;
import dev.lineup.support.LineupProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Organizers writing one workshop through given nodes, over REST or over the bridge, each
 * command with a commandId of its own. A command that got no answer (a node killed, cut off, a
 * store too slow: 503) is sent again with the same commandId, first to the same node and then to
 * the next one, as a client that lost the answer does; the log must hold it once. What every
 * command got is kept for {@link Logs#check}.
 */
final class Writers implements AutoCloseable {

  /** One writer: where it writes, how, and the talk it renames. */
  record Writer(String name, int node, boolean overBridge, String talkId) {
  }

  private static final Duration ANSWER = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final List<LineupProcess> nodes;
  private final String workshop;
  private final String token;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicBoolean held = new AtomicBoolean();
  private final AtomicInteger idle = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Future<?>> running = new ArrayList<>();
  /** commandId → seq of its acknowledgement. */
  final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  /** Sent at least once and never acknowledged (the last attempt of a writer told to stop). */
  final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  final AtomicInteger attemptsWithoutAnswer = new AtomicInteger();
  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicInteger overBridge = new AtomicInteger();
  /** Answers that are neither an acknowledgement nor "unavailable": none may come. */
  final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());

  /** A command answered with a refusal: a bug here, not a fault. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  Writers(Vertx vertx, List<LineupProcess> nodes, String workshop, String token) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.workshop = workshop;
    this.token = token;
  }

  void start(Writer w) {
    running.add(pool.submit(() -> write(w)));
  }

  /** Acknowledgements so far, for waiting on progress. */
  int acknowledgedCount() {
    return acknowledged.size();
  }

  private void write(Writer w) {
    int node = w.node();
    BridgeClient bridge = null;
    String pending = null;
    int failuresHere = 0;
    for (int n = 0; !stop.get(); ) {
      if (held.get()) {
        idle.incrementAndGet();
        while (held.get() && !stop.get()) Await.pause(Duration.ofMillis(50)); // the test holds its writers
        idle.decrementAndGet();
        continue;
      }
      String commandId = pending != null ? pending : w.name() + "-" + n++;
      JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", w.talkId())
          .put("commandId", commandId).put("set", new JsonObject().put("title", commandId));
      long seq;
      try {
        if (w.overBridge()) {
          if (bridge == null || bridge.isClosed()) bridge = connect(node);
          seq = sendOverBridge(bridge, command);
        } else {
          seq = send(nodes.get(node).http, command);
        }
      } catch (Refused r) {
        refused.add(r.getMessage());
        pending = null;
        continue;
      } catch (RuntimeException | AssertionError noAnswer) {
        seq = -1;
      }
      if (seq > 0) {
        acknowledged.put(commandId, seq);
        unanswered.remove(commandId);
        pending = null;
        failuresHere = 0;
        continue;
      }
      attemptsWithoutAnswer.incrementAndGet();
      unanswered.add(commandId);
      pending = commandId;
      if (++failuresHere >= 2) { // this node does not answer: the next one
        node = (node + 1) % nodes.size();
        failuresHere = 0;
        if (bridge != null) bridge.close();
        bridge = null;
      }
      Await.pause(Duration.ofMillis(200)); // a client's back-off before it retries
    }
    if (bridge != null) bridge.close();
  }

  private BridgeClient connect(int node) {
    LineupProcess n = nodes.get(node);
    return BridgeClient.connect(vertx, n.host(), n.port(), BridgeClient.Options.defaults().onFrame(f -> { }));
  }

  /** The seq acknowledged, or -1: no answer, or 503. */
  private long send(Http http, JsonObject command) {
    Http.Response r = http.command(workshop, token, command);
    if (r.status() == 200) return r.json().getLong("seq");
    if (r.status() == 503) {
      unavailable.incrementAndGet();
      return -1;
    }
    throw new Refused("command " + command.getString("commandId") + " answered " + r.status() + " " + r.body());
  }

  private long sendOverBridge(BridgeClient bridge, JsonObject command) {
    JsonObject reply = bridge.request(Addresses.COMMANDS, command.copy().put("workshop", workshop), token, ANSWER);
    overBridge.incrementAndGet();
    if ("rec".equals(reply.getString("type"))) return reply.getJsonObject("body").getLong("seq");
    if (reply.getInteger("failureCode", 0) == 503) {
      unavailable.incrementAndGet();
      return -1;
    }
    throw new Refused("command " + command.getString("commandId") + " refused over the bridge: " + reply.encode());
  }

  /** Every writer idle after its current attempt (until {@link #release()}): nobody writes now. */
  void hold() {
    held.set(true);
    Await.until("every writer idle", Duration.ofSeconds(60), () -> idle.get() == running.size());
  }

  void release() {
    held.set(false);
  }

  /** Stops every writer after its current attempt and waits for them. */
  void stop() throws Exception {
    stop.set(true);
    for (Future<?> f : running) f.get(90, TimeUnit.SECONDS);
    pool.shutdown();
  }

  @Override
  public void close() {
    stop.set(true);
    pool.shutdownNow();
  }
}
