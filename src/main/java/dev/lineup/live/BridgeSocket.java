package dev.lineup.live;

import dev.lineup.api.Problems;
import dev.lineup.auth.Principal;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One browser connection, relaying between its frames and the bus: each frame is read
 * ({@link Frames}), its address checked ({@link BridgeAccess}), the request decided
 * ({@link BridgePolicy}), then done: a registration, a command forwarded to the core, a presence
 * announcement. Frames are handled one after the other, in order. Published frames go out through
 * the socket's {@link SocketQueue}. A socket silent for {@link LiveOptions#pingTimeoutMs()} is
 * closed. Everything here runs on the socket's own event loop.
 */
final class BridgeSocket {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeSocket.class);
  /** How long a socket being closed may take to read why before it is closed anyway. */
  private static final long CLOSE_GRACE_MS = 2_000;

  private final LiveBridge bridge;
  private final LiveOptions options;
  private final SockJSSocket sock;
  private final Context context;
  private final Thread thread;
  private final String id = UUID.randomUUID().toString();
  private final SocketQueue queue;
  private final long idleTimer;

  /** Registered addresses and their channel. */
  private final Map<String, Channel> registrations = new HashMap<>();
  /** The last event seq written per workshop address: what a lagging notice says was seen. */
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final Set<String> presentIn = new LinkedHashSet<>();
  /** The frame being handled; the next one waits for it. */
  private Future<Void> inbound = Future.succeededFuture();
  private int pendingRequests;
  private long lastHeardMs = System.currentTimeMillis();
  private boolean closed;

  BridgeSocket(LiveBridge bridge, SockJSSocket sock) {
    this.bridge = bridge;
    this.options = bridge.options();
    this.sock = sock;
    this.context = Vertx.currentContext();
    this.thread = Thread.currentThread();
    this.queue = new SocketQueue(bridge.vertx(), sock, options, bridge.counters(), this::announceMissed,
        () -> closeFor(CloseReason.LAGGING));
    bridge.counters().socketsOpen.incrementAndGet();
    sock.handler(this::onFrame);
    sock.exceptionHandler(err -> LOG.debug("live socket failed", err));
    sock.closeHandler(v -> onClosed());
    long period = Math.max(options.pingTimeoutMs() / 2, 50);
    idleTimer = bridge.vertx().setPeriodic(period, t -> closeIfSilent());
  }

  Context context() {
    return context;
  }

  Thread thread() {
    return thread;
  }

  // ---- outbound -------------------------------------------------------------------------

  /**
   * A published message on an address this socket registered; {@code seq} null if not an event.
   *
   * @return whether it was written (not if closed, no longer registered or lagging)
   */
  boolean deliver(String address, Buffer frame, Long seq) {
    if (closed || !registrations.containsKey(address)) return false;
    if (!queue.offer(address, frame)) return false;
    if (seq != null) lastSeq.put(address, seq);
    return true;
  }

  /** Drained after lagging: tell the browser what it missed, so that it catches up. */
  private void announceMissed(Set<String> addresses) {
    for (String address : addresses) {
      Channel channel = registrations.get(address);
      if (channel == Channel.EVENTS) queue.write(Frames.lagging(address, lastSeq.get(address)));
      else if (channel == Channel.PRESENCE) queue.write(presenceList(address));
    }
  }

  private Buffer presenceList(String address) {
    return Frames.rec(address, bridge.presence().list(Addresses.workshopOf(address)), null);
  }

  // ---- inbound --------------------------------------------------------------------------

  /** In order: a frame whose check is still pending holds the next ones (and the socket's reading). */
  private void onFrame(Buffer data) {
    lastHeardMs = System.currentTimeMillis();
    if (!presentIn.isEmpty()) bridge.presence().touch(id);
    Future<Void> previous = inbound;
    Future<Void> handled = previous.isComplete() ? handle(data) : previous.transform(ar -> handle(data));
    inbound = handled;
    if (!handled.isComplete()) {
      sock.pause();
      handled.onComplete(ar -> {
        if (inbound == handled && !closed) sock.resume();
      });
    }
  }

  private Future<Void> handle(Buffer data) {
    if (closed) return Future.succeededFuture();
    Frames.Inbound frame;
    try {
      frame = Frames.read(data, options.maxFrameSize());
    } catch (Frames.Malformed e) {
      if (Frames.FRAME_TOO_LARGE.equals(e.body())) closeFor(CloseReason.TOO_LARGE);
      else queue.write(Frames.err(e.body()));
      return Future.succeededFuture();
    }
    return switch (frame.type()) {
      case PING -> Future.succeededFuture();
      case REGISTER -> register(frame);
      case UNREGISTER -> unregister(frame.address());
      case SEND -> send(frame);
      // Nothing may be published from a browser: it would reach every node and every socket.
      case PUBLISH -> denied();
    };
  }

  private Future<Void> denied() {
    queue.write(Frames.err(Frames.ACCESS_DENIED));
    return Future.succeededFuture();
  }

  private Future<Void> register(Frames.Inbound frame) {
    String address = frame.address();
    Channel channel = bridge.access().outbound(address).orElse(null);
    if (channel == null) return denied();
    if (registrations.containsKey(address)) {
      queue.write(Frames.err(Frames.ADDRESS_ALREADY_REGISTERED));
      return Future.succeededFuture();
    }
    if (registrations.size() >= options.maxRegistrationsPerSocket()) {
      queue.write(Frames.err(Frames.MAX_HANDLERS_REACHED));
      return Future.succeededFuture();
    }
    BridgeRequest request = new BridgeRequest(BridgeRequest.Action.REGISTER, channel, address,
        frame.authorization(), frame.body());
    return here(bridge.policy().check(request)).transform(ar -> {
      if (closed) return Future.succeededFuture();
      if (ar.failed()) {
        queue.write(Frames.failure(address, ar.cause()));
        return Future.succeededFuture();
      }
      registrations.put(address, channel);
      here(bridge.fanout().subscribe(address, this)).onComplete(done -> acknowledge(address, channel, done.cause()));
      return Future.succeededFuture();
    });
  }

  /**
   * The registration is in effect once the consumer's registration completed, across the cluster
   * too: from then on nothing published there is missed, so the browser catches up now.
   */
  private void acknowledge(String address, Channel channel, Throwable failure) {
    if (closed || registrations.get(address) != channel) return;
    if (failure != null) {
      LOG.warn("registration on {} failed: {}", address, failure.toString());
      unregister(address);
      queue.write(Frames.failure(address, new Rejection(Failure.UNAVAILABLE, "cannot listen on " + address + " now")));
      return;
    }
    queue.write(Frames.registered(address));
    // A new presence listener sees who is there now, not only the next change.
    if (channel == Channel.PRESENCE) queue.write(presenceList(address));
  }

  private Future<Void> unregister(String address) {
    if (bridge.access().outbound(address).isEmpty()) return denied();
    if (registrations.remove(address) != null) {
      bridge.fanout().unsubscribe(address, this);
      lastSeq.remove(address);
      queue.forget(address);
    }
    return Future.succeededFuture();
  }

  private Future<Void> send(Frames.Inbound frame) {
    Channel channel = bridge.access().inbound(frame.address()).orElse(null);
    if (channel == null) return denied();
    BridgeRequest request = new BridgeRequest(BridgeRequest.Action.SEND, channel, frame.address(),
        frame.authorization(), frame.body());
    if (channel == Channel.COMMANDS) {
      if (pendingRequests >= options.maxPendingRequestsPerSocket()) {
        queue.write(Frames.err(Frames.MAX_HANDLERS_REACHED));
        return Future.succeededFuture();
      }
      return here(bridge.policy().check(request)).transform(ar -> {
        if (ar.failed()) refuse(frame, ar.cause());
        else command(frame);
        return Future.succeededFuture();
      });
    }
    JsonObject editing;
    try {
      editing = Presence.editingOf(frame.body());
    } catch (Rejection r) {
      refuse(frame, r);
      return Future.succeededFuture();
    }
    return here(bridge.policy().check(request)).transform(ar -> {
      if (ar.failed()) refuse(frame, ar.cause());
      else announce(frame, ar.result(), editing);
      return Future.succeededFuture();
    });
  }

  /** Forwarded to the core with the frame's token; its reply or failure relayed as is. */
  private void command(Frames.Inbound frame) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(options.replyTimeoutMs());
    if (frame.authorization() != null) delivery.addHeader("authorization", frame.authorization());
    pendingRequests++;
    bridge.vertx().eventBus().<Object>request(Addresses.COMMANDS, frame.body(), delivery)
        .onComplete(ar -> onSocketThread(() -> {
          pendingRequests--;
          if (closed || frame.replyAddress() == null) return;
          if (ar.succeeded()) {
            Message<Object> reply = ar.result();
            queue.write(Frames.rec(frame.replyAddress(), reply.body(), reply.headers()));
          } else {
            queue.write(Frames.failure(frame.replyAddress(), ar.cause()));
          }
        }));
  }

  /** The identity comes from the verified token; whatever the body claims besides is ignored. */
  private void announce(Frames.Inbound frame, Principal who, JsonObject editing) {
    if (closed) return;
    String workshop = Addresses.workshopOf(frame.address());
    if (!presentIn.contains(workshop) && presentIn.size() >= options.maxPresencePerSocket()) {
      refuse(frame, Rejection.invalid("address", "one connection may be present in at most "
          + options.maxPresencePerSocket() + " workshops"));
      return;
    }
    presentIn.add(workshop);
    bridge.presence().set(workshop, id, who, editing);
    if (frame.replyAddress() != null) {
      queue.write(Frames.rec(frame.replyAddress(), bridge.presence().list(workshop), null));
    }
  }

  /** To the reply address when there is one, as a request's failure; else on the frame's address. */
  private void refuse(Frames.Inbound frame, Throwable cause) {
    if (closed) return;
    queue.write(Frames.failure(frame.replyAddress() != null ? frame.replyAddress() : frame.address(), cause));
  }

  /** The future, completed on this socket's event loop. */
  private <T> Future<T> here(Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> onSocketThread(() -> promise.handle(ar)));
    return promise.future();
  }

  private void onSocketThread(Runnable action) {
    if (Thread.currentThread() == thread) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------

  private void closeIfSilent() {
    if (!closed && System.currentTimeMillis() - lastHeardMs > options.pingTimeoutMs()) {
      LOG.debug("closing a live socket silent for more than {} ms", options.pingTimeoutMs());
      closeFor(CloseReason.IDLE);
    }
  }

  /**
   * Tells the browser why first (an err frame, and a notice on each workshop it follows, written
   * even while lagging), counts it, then closes.
   */
  private void closeFor(CloseReason reason) {
    if (closed) return;
    bridge.counters().closed(reason).increment();
    Future<Void> told = queue.write(Frames.err(reason.errorBody()));
    for (Map.Entry<String, Channel> r : registrations.entrySet()) {
      if (r.getValue() == Channel.EVENTS) told = queue.write(Frames.closing(r.getKey(), reason, lastSeq.get(r.getKey())));
    }
    onClosed();
    // A SockJS session drops what it has not written yet when closed: close once the notices are
    // out, or after a grace period for a peer that does not read.
    boolean[] done = {false};
    Runnable closeOnce = () -> {
      if (done[0]) return;
      done[0] = true;
      sock.close();
    };
    long grace = bridge.vertx().setTimer(CLOSE_GRACE_MS, t -> closeOnce.run());
    told.onComplete(ar -> {
      bridge.vertx().cancelTimer(grace);
      closeOnce.run();
    });
  }

  private void close() {
    onClosed();
    sock.close();
  }

  private void onClosed() {
    if (closed) return;
    closed = true;
    bridge.vertx().cancelTimer(idleTimer);
    queue.close();
    for (String address : registrations.keySet()) bridge.fanout().unsubscribe(address, this);
    registrations.clear();
    if (!presentIn.isEmpty()) bridge.presence().removeSocket(id);
    presentIn.clear();
    bridge.counters().socketsOpen.decrementAndGet();
  }
}
