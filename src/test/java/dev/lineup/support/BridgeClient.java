package dev.lineup.support;

import dev.lineup.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The tests' browser stand-in on the bridge, speaking its JSON frames: a raw WebSocket on
 * {@code /eventbus/websocket}, or (as sockjs-client does under the official client) a SockJS
 * session over {@code /eventbus/<server>/<session>/websocket}. Pings every few seconds as the
 * official client does, so that the server does not close it as silent.
 *
 * <p>Replies to {@link #request} and registration acknowledgements ({@link #listen}) are taken
 * aside; every other frame goes to the {@code onFrame} handler when one is given (on the client's
 * event loop), else into a queue that {@link #next}, {@link #collect} and {@link #poll} read.
 */
public final class BridgeClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final long PING_MILLIS = 3_000;

  /** How to connect. */
  public record Options(String origin, int receiveBuffer, boolean sockJs, Consumer<JsonObject> onFrame,
                        long pingMillis) {

    public static Options defaults() {
      return new Options(null, 0, false, null, PING_MILLIS);
    }

    /** The Origin header to send (null: none, as a non-browser client). */
    public Options withOrigin(String value) {
      return new Options(value, receiveBuffer, sockJs, onFrame, pingMillis);
    }

    /** SO_RCVBUF of the client socket; a small one makes a paused client back the server up quickly. */
    public Options withReceiveBuffer(int bytes) {
      return new Options(origin, bytes, sockJs, onFrame, pingMillis);
    }

    /** A SockJS session on the WebSocket transport, as sockjs-client opens one. */
    public Options overSockJs() {
      return new Options(origin, receiveBuffer, true, onFrame, pingMillis);
    }

    /** Every frame that is neither a reply nor an acknowledgement, on the client's event loop. */
    public Options onFrame(Consumer<JsonObject> handler) {
      return new Options(origin, receiveBuffer, sockJs, handler, pingMillis);
    }

    /** Pings this often (what keeps presence alive under a short TTL). */
    public Options pingEvery(Duration period) {
      return new Options(origin, receiveBuffer, sockJs, onFrame, period.toMillis());
    }
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket ws;
  private final boolean sockJs;
  private final Consumer<JsonObject> onFrame;
  private final long pinger;
  private final LinkedList<JsonObject> frames = new LinkedList<>();
  private final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonObject>> acknowledgements = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket ws, Options options) {
    this.vertx = vertx;
    this.client = client;
    this.ws = ws;
    this.sockJs = options.sockJs();
    this.onFrame = options.onFrame();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> received(new JsonObject(b)));
    pinger = vertx.setPeriodic(options.pingMillis(), id -> {
      if (!closed) ws.writeTextMessage(frameText(new JsonObject().put("type", "ping")));
    });
    ws.closeHandler(v -> {
      closed = true;
      vertx.cancelTimer(pinger);
    });
  }

  public static BridgeClient connect(Vertx vertx, int port) {
    return connect(vertx, port, Options.defaults());
  }

  public static BridgeClient connect(Vertx vertx, int port, Options options) {
    return connect(vertx, "localhost", port, options);
  }

  /** A bridge connection to a node on another host (e.g. in a network namespace of its own). */
  public static BridgeClient connect(Vertx vertx, String host, int port, Options options) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22)
        .setReceiveBufferSize(options.receiveBuffer() > 0 ? options.receiveBuffer() : -1));
    String uri = options.sockJs()
        ? "/eventbus/042/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket"
        : "/eventbus/websocket";
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri);
    if (options.origin() != null) connect.addHeader("Origin", options.origin());
    Future<WebSocket> opened = client.connect(connect);
    try {
      return new BridgeClient(vertx, client, Await.result(opened, WAIT), options);
    } catch (RuntimeException | Error e) {
      client.close();
      throw e;
    }
  }

  // ---- frames out -----------------------------------------------------------------------

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  public void register(String address, String token) {
    write(withToken(new JsonObject().put("type", "register").put("address", address), token));
  }

  /** Registers and waits for the acknowledgement that the registration is in effect. */
  public void listen(String address) {
    listen(address, null);
  }

  /** As {@link #listen(String)}, with a token in the frame's headers; a refusal fails the test. */
  public void listen(String address, String token) {
    CompletableFuture<JsonObject> ack = new CompletableFuture<>();
    acknowledgements.put(address, ack);
    try {
      register(address, token);
      JsonObject frame = Await.result(ack, WAIT);
      if (!"rec".equals(frame.getString("type"))) throw new AssertionError("registration on " + address + " refused: " + frame.encode());
    } finally {
      acknowledgements.remove(address);
    }
  }

  public void unregister(String address) {
    write(new JsonObject().put("type", "unregister").put("address", address));
  }

  /** A send frame; with a reply address when {@code replyAddress} is not null. */
  public void send(String address, Object body, String token, String replyAddress) {
    JsonObject frame = withToken(new JsonObject().put("type", "send").put("address", address).put("body", body), token);
    if (replyAddress != null) frame.put("replyAddress", replyAddress);
    write(frame);
  }

  /** A request as the official client sends one; the answer is the rec or err frame on its reply address. */
  public JsonObject request(String address, Object body, String token) {
    return request(address, body, token, WAIT);
  }

  public JsonObject request(String address, Object body, String token, Duration timeout) {
    String replyAddress = UUID.randomUUID().toString();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    replies.put(replyAddress, reply);
    try {
      send(address, body, token, replyAddress);
      return Await.result(reply, timeout);
    } finally {
      replies.remove(replyAddress);
    }
  }

  public void publish(String address, Object body) {
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  /**
   * A request the bridge refuses at once (a presence announcement that is not an object); frames
   * of one socket are handled in order, so once its answer is here every frame sent before it
   * has been handled.
   */
  public void barrier() {
    JsonObject answer = request(Addresses.presence("barrier"), "not an announcement", null);
    if (!Integer.valueOf(400).equals(answer.getInteger("failureCode"))) throw new AssertionError("barrier answered " + answer.encode());
  }

  public void ping() {
    write(new JsonObject().put("type", "ping"));
  }

  public void write(JsonObject frame) {
    writeRaw(frame.encode());
  }

  /** A text message as it is (SockJS framing added when on SockJS). */
  public void writeRaw(String text) {
    Await.result(ws.writeTextMessage(sockJs ? new JsonArray().add(text).encode() : text), WAIT);
  }

  private String frameText(JsonObject frame) {
    return sockJs ? new JsonArray().add(frame.encode()).encode() : frame.encode();
  }

  private static JsonObject withToken(JsonObject frame, String token) {
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    return frame;
  }

  // ---- frames in ------------------------------------------------------------------------

  /** SockJS framing: "o" opens, "a[...]" carries messages, "h" beats, "c[...]" closes. */
  private void onText(String text) {
    if (!sockJs) {
      received(new JsonObject(text));
    } else if (text.startsWith("a")) {
      new JsonArray(text.substring(1)).forEach(m -> received(new JsonObject((String) m)));
    } else if (text.startsWith("c")) {
      closed = true;
    }
  }

  private void received(JsonObject frame) {
    String address = frame.getString("address");
    CompletableFuture<JsonObject> reply = address == null ? null : replies.remove(address);
    if (reply != null) {
      reply.complete(frame);
      return;
    }
    CompletableFuture<JsonObject> ack = address == null ? null : acknowledgements.get(address);
    if (ack != null && (isAcknowledgement(frame) || "err".equals(frame.getString("type")))) {
      ack.complete(frame);
      return;
    }
    if (onFrame != null) {
      onFrame.accept(frame);
      return;
    }
    synchronized (frames) {
      frames.add(frame);
      frames.notifyAll();
    }
  }

  /** {@code {type: "rec", address, body: {type: "lineup.registered"}}}. */
  public static boolean isAcknowledgement(JsonObject frame) {
    return "rec".equals(frame.getString("type")) && frame.getValue("body") instanceof JsonObject body
        && Addresses.Notice.REGISTERED.equals(body.getString("type"));
  }

  /** A rec frame on that address. */
  public static Predicate<JsonObject> recOn(String address) {
    return f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"));
  }

  /** The next queued frame that matches, waiting for it; frames before it stay for later calls. */
  public JsonObject next(Predicate<JsonObject> match, Duration timeout) {
    return Await.value("a matching frame", timeout, () -> take(match));
  }

  public JsonObject next(Duration timeout) {
    return next(f -> true, timeout);
  }

  /** Exactly {@code count} matching frames, in order of arrival, within the time. */
  public List<JsonObject> collect(Predicate<JsonObject> match, int count, Duration timeout) {
    List<JsonObject> out = new ArrayList<>();
    try {
      Await.until(count + " matching frames", timeout, () -> {
        for (JsonObject f = take(match); f != null && out.size() < count; f = out.size() < count ? take(match) : null) {
          out.add(f);
        }
        return out.size() >= count;
      });
    } catch (AssertionError e) {
      String last = out.isEmpty() ? "none" : out.get(out.size() - 1).encode();
      throw new AssertionError(e.getMessage() + "; got " + out.size() + ", the last " + last + (closed ? "; closed" : ""), e);
    }
    return out;
  }

  /**
   * Whatever frame arrives within the time, or null: for asserting that nothing arrives, the one
   * wait that must last its whole time.
   */
  public JsonObject poll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (frames) {
      while (frames.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return null;
        try {
          TimeUnit.NANOSECONDS.timedWait(frames, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return frames.removeFirst();
    }
  }

  private JsonObject take(Predicate<JsonObject> match) {
    synchronized (frames) {
      for (Iterator<JsonObject> it = frames.iterator(); it.hasNext(); ) {
        JsonObject frame = it.next();
        if (match.test(frame)) {
          it.remove();
          return frame;
        }
      }
      return null;
    }
  }

  // ---- the socket -----------------------------------------------------------------------

  /** Stops reading from the socket: the server's writes back up as behind a stalled browser. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    if (!closed) {
      try {
        ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // already gone, or a stalled peer that never answers the close
      }
    }
    client.close();
  }
}
