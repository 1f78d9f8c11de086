package dev.lineup.live;

import dev.lineup.api.Problems;
import dev.lineup.auth.Principal;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One browser connection: reads its frames (register, unregister, send, publish, ping), writes
 * events and replies to it. Everything here runs on the socket's own event loop.
 *
 * <p>Backpressure: the bytes written and not yet flushed are counted; a socket past
 * {@link LiveOptions#socketQueueBytes()} is lagging: it gets no more events (the frames are
 * dropped, not queued) until it drained to half, then one {@code lineup.lagging} frame on each
 * workshop address that lost events, with the last seq it got, so that it fetches what it missed.
 * A socket still lagging after {@link LiveOptions#lagTimeoutMs()} is closed.
 */
final class BridgeSocket {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeSocket.class);
  private static final Pattern WORKSHOP = Pattern.compile(Addresses.workshopRegex());
  private static final Pattern PRESENCE = Pattern.compile(Addresses.presenceRegex());
  private static final String PRESENCE_PREFIX = Addresses.presence("");
  /** The official client's reply addresses are UUIDs; the stock bridge allows no longer ones. */
  private static final int MAX_REPLY_ADDRESS_LENGTH = 36;
  private static final int MAX_ADDRESS_LENGTH = 200;
  private static final int MAX_EDITING_VALUE_LENGTH = 128;

  private final LiveBridge bridge;
  private final LiveOptions options;
  private final SockJSSocket sock;
  private final Context context;
  private final Thread thread;
  private final String id = UUID.randomUUID().toString();

  private final Set<String> registrations = new LinkedHashSet<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final Set<String> presentIn = new LinkedHashSet<>();
  private final Set<String> missed = new LinkedHashSet<>();
  private long queuedBytes;
  private boolean lagging;
  private long lagTimer = -1;
  private int pendingRequests;
  private long lastHeardMs = System.currentTimeMillis();
  private final long idleTimer;
  private boolean closed;

  BridgeSocket(LiveBridge bridge, SockJSSocket sock) {
    this.bridge = bridge;
    this.options = bridge.options();
    this.sock = sock;
    this.context = Vertx.currentContext();
    this.thread = Thread.currentThread();
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

  /** A published message on an address this socket registered; {@code seq} null if not an event. */
  void deliver(String address, Buffer frame, Long seq) {
    if (closed || !registrations.contains(address)) return;
    if (lagging) {
      missed.add(address);
      bridge.counters().dropped.increment();
      return;
    }
    if (queuedBytes > 0 && (queuedBytes + frame.length() > options.socketQueueBytes() || sock.writeQueueFull())) {
      startLagging(address);
      bridge.counters().dropped.increment();
      return;
    }
    write(frame);
    bridge.counters().deliveries.increment();
    if (seq != null) lastSeq.put(address, seq);
  }

  /** Every write is counted until flushed: the SockJS session flushes at once, whatever the peer reads. */
  private void write(Buffer frame) {
    int size = frame.length();
    queuedBytes += size;
    bridge.counters().queuedBytes.addAndGet(size);
    sock.write(frame).onComplete(ar -> {
      queuedBytes -= size;
      bridge.counters().queuedBytes.addAndGet(-size);
      if (lagging && !closed && queuedBytes <= options.socketQueueBytes() / 2) catchUp();
    });
  }

  private void startLagging(String address) {
    lagging = true;
    missed.add(address);
    bridge.counters().laggingEpisodes.increment();
    bridge.counters().laggingNow.incrementAndGet();
    lagTimer = bridge.vertx().setTimer(options.lagTimeoutMs(), t -> {
      lagTimer = -1;
      if (lagging && !closed) {
        LOG.info("closing a live socket that stayed {} ms behind", options.lagTimeoutMs());
        bridge.counters().closedForLag.increment();
        close();
      }
    });
  }

  /** Drained: tell the browser what it missed, then deliver again. */
  private void catchUp() {
    stopLagging();
    for (String address : missed) {
      if (!registrations.contains(address)) continue;
      if (WORKSHOP.matcher(address).matches()) {
        write(Frames.lagging(address, lastSeq.get(address)));
      } else {
        write(presenceFrame(address));
      }
    }
    missed.clear();
  }

  private void stopLagging() {
    if (!lagging) return;
    lagging = false;
    bridge.counters().laggingNow.decrementAndGet();
    if (lagTimer != -1) bridge.vertx().cancelTimer(lagTimer);
    lagTimer = -1;
  }

  private void sendError(String body) {
    if (!closed) write(Frames.err(body));
  }

  // ---- inbound --------------------------------------------------------------------------

  private void onFrame(Buffer data) {
    lastHeardMs = System.currentTimeMillis();
    if (!presentIn.isEmpty()) bridge.presence().touch(id);
    if (data.length() > options.maxFrameSize()) {
      sendError(Frames.FRAME_TOO_LARGE);
      close();
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      sendError(Frames.INVALID_JSON);
      return;
    }
    String type = frame.getValue("type") instanceof String s ? s : null;
    if (type == null) {
      sendError(Frames.MISSING_TYPE);
      return;
    }
    if (type.equals("ping")) return;
    String address = frame.getValue("address") instanceof String s ? s : null;
    if (address == null) {
      sendError(Frames.MISSING_ADDRESS);
      return;
    }
    switch (type) {
      case "register" -> register(address);
      case "unregister" -> unregister(address);
      case "send" -> send(address, frame);
      // Nothing may be published from a browser: it would reach every node and every socket.
      case "publish" -> sendError(Frames.ACCESS_DENIED);
      default -> sendError(Frames.INVALID_TYPE);
    }
  }

  private static boolean isReadable(String address) {
    return WORKSHOP.matcher(address).matches() || PRESENCE.matcher(address).matches();
  }

  private void register(String address) {
    if (address.length() > MAX_ADDRESS_LENGTH) {
      sendError(Frames.MAX_ADDRESS_LENGTH_REACHED);
      return;
    }
    if (!isReadable(address)) {
      sendError(Frames.ACCESS_DENIED);
      return;
    }
    if (registrations.contains(address)) {
      sendError(Frames.ADDRESS_ALREADY_REGISTERED);
      return;
    }
    if (registrations.size() >= options.maxRegistrationsPerSocket()) {
      sendError(Frames.MAX_HANDLERS_REACHED);
      return;
    }
    registrations.add(address);
    bridge.fanout().subscribe(address, this);
    // A new presence listener sees who is there now, not only the next change.
    if (PRESENCE.matcher(address).matches()) write(presenceFrame(address));
  }

  private void unregister(String address) {
    if (!isReadable(address)) {
      sendError(Frames.ACCESS_DENIED);
      return;
    }
    if (registrations.remove(address)) {
      bridge.fanout().unsubscribe(address, this);
      lastSeq.remove(address);
      missed.remove(address);
    }
  }

  private void send(String address, JsonObject frame) {
    String replyAddress = frame.getValue("replyAddress") instanceof String s ? s : null;
    if (replyAddress != null && replyAddress.length() > MAX_REPLY_ADDRESS_LENGTH) {
      sendError(Frames.INVALID_REPLY_ADDRESS);
      return;
    }
    String authorization = authorizationOf(frame);
    if (Addresses.COMMANDS.equals(address)) {
      command(frame.getValue("body"), authorization, replyAddress);
    } else if (PRESENCE.matcher(address).matches()) {
      presence(address.substring(PRESENCE_PREFIX.length()), frame.getValue("body"), authorization, replyAddress);
    } else {
      sendError(Frames.ACCESS_DENIED);
    }
  }

  private static String authorizationOf(JsonObject frame) {
    Object headers = frame.getValue("headers");
    if (headers instanceof JsonObject h && h.getValue("authorization") instanceof String value) {
      return value;
    }
    return null;
  }

  /** Forwarded to the core, which verifies the token itself; its reply or failure relayed as is. */
  private void command(Object body, String authorization, String replyAddress) {
    if (pendingRequests >= options.maxPendingRequestsPerSocket()) {
      sendError(Frames.MAX_HANDLERS_REACHED);
      return;
    }
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(options.replyTimeoutMs());
    if (authorization != null) delivery.addHeader("authorization", authorization);
    pendingRequests++;
    bridge.vertx().eventBus().<Object>request(Addresses.COMMANDS, body, delivery)
        .onComplete(ar -> onSocketThread(() -> {
          pendingRequests--;
          if (closed || replyAddress == null) return;
          if (ar.succeeded()) {
            Message<Object> reply = ar.result();
            write(Frames.rec(replyAddress, reply.body(), reply.headers()));
          } else {
            write(Frames.failure(replyAddress, ar.cause()));
          }
        }));
  }

  /** The identity comes from the verified token; whatever the body claims besides is ignored. */
  private void presence(String workshop, Object body, String authorization, String replyAddress) {
    JsonObject editing;
    try {
      editing = editingOf(body);
    } catch (IllegalArgumentException e) {
      refuse(replyAddress, new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, e.getMessage()));
      return;
    }
    Future<Principal> verified;
    try {
      verified = bridge.authenticator().authenticate(authorization);
    } catch (RuntimeException e) {
      verified = Future.failedFuture(e);
    }
    verified.onComplete(ar -> onSocketThread(() -> {
      if (closed) return;
      if (ar.failed()) {
        refuse(replyAddress, asReplyException(ar.cause()));
        return;
      }
      presentIn.add(workshop);
      bridge.presence().set(workshop, id, ar.result(), editing);
      if (replyAddress != null) {
        write(Frames.rec(replyAddress, bridge.presence().list(workshop), null));
      }
    }));
  }

  /** With a reply address the failure goes there, as a request's would; else a plain err frame. */
  private void refuse(String replyAddress, ReplyException failure) {
    if (replyAddress != null) {
      write(Frames.failure(replyAddress, failure));
    } else {
      sendError(Frames.ACCESS_DENIED);
    }
  }

  private static ReplyException asReplyException(Throwable cause) {
    if (cause instanceof Rejection r) {
      return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Problems.status(r.failure()), r.detail());
    }
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 401, "authentication failed");
  }

  /** {@code {editing: {talkId, field}}} or {@code {editing: null}} (or no body: present, editing nothing). */
  static JsonObject editingOf(Object body) {
    if (body == null) return null;
    if (!(body instanceof JsonObject json)) throw new IllegalArgumentException("body must be an object");
    Object value = json.getValue("editing");
    if (value == null) return null;
    if (!(value instanceof JsonObject editing)) {
      throw new IllegalArgumentException("editing must be an object {talkId, field} or null");
    }
    JsonObject clean = new JsonObject();
    for (String key : new String[] {"talkId", "field"}) {
      Object v = editing.getValue(key);
      if (v == null) continue;
      if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_EDITING_VALUE_LENGTH) {
        throw new IllegalArgumentException("editing." + key + " must be a short string");
      }
      clean.put(key, s);
    }
    if (clean.isEmpty()) throw new IllegalArgumentException("editing names neither talkId nor field");
    return clean;
  }

  private Buffer presenceFrame(String address) {
    String workshop = address.substring(PRESENCE_PREFIX.length());
    return Frames.rec(address, bridge.presence().list(workshop), null);
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
      close();
    }
  }

  private void close() {
    onClosed();
    sock.close();
  }

  private void onClosed() {
    if (closed) return;
    closed = true;
    bridge.vertx().cancelTimer(idleTimer);
    stopLagging();
    for (String address : registrations) bridge.fanout().unsubscribe(address, this);
    registrations.clear();
    if (!presentIn.isEmpty()) bridge.presence().removeSocket(id);
    presentIn.clear();
    bridge.counters().socketsOpen.decrementAndGet();
  }
}
