package dev.lineup.live;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser stand-in speaking the bridge's JSON frames, every received frame queued for the test
 * thread: a raw WebSocket on {@code /eventbus/websocket}, or (as sockjs-client does under the
 * official bridge client) a SockJS session over {@code /eventbus/<server>/<session>/websocket}.
 */
final class BridgeTestClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  /** SockJS framing: "o" opens, "a[...]" carries messages, "h" beats, "c[...]" closes. */
  private final boolean sockJs;
  private final LinkedList<JsonObject> frames = new LinkedList<>();
  private volatile boolean closed;

  private BridgeTestClient(Vertx vertx, WebSocketClient client, WebSocket ws, boolean sockJs) {
    this.client = client;
    this.ws = ws;
    this.sockJs = sockJs;
    ws.binaryMessageHandler(b -> received(new JsonObject(b)));
    ws.textMessageHandler(this::onText);
    // Like the official client: a ping every 5 s, or the server closes a silent socket after 10 s.
    long pinger = vertx.setPeriodic(PING_MILLIS, id -> {
      if (!closed) ping();
    });
    ws.closeHandler(v -> {
      closed = true;
      vertx.cancelTimer(pinger);
    });
  }

  private static final long PING_MILLIS = 5_000;

  static BridgeTestClient connect(Vertx vertx, int port) {
    return connect(vertx, port, null, 0);
  }

  /** A SockJS session on the WebSocket transport, as sockjs-client opens it. */
  static BridgeTestClient connectSockJs(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    String session = UUID.randomUUID().toString().substring(0, 8);
    WebSocket ws = await(client.connect(port, "localhost", "/eventbus/042/" + session + "/websocket")
        .toCompletionStage().toCompletableFuture());
    return new BridgeTestClient(vertx, client, ws, true);
  }

  /**
   * @param origin        the Origin header to send, or null for none
   * @param receiveBuffer SO_RCVBUF of the client socket, 0 for the system's; small ones make a
   *                      paused client back up quickly
   */
  static BridgeTestClient connect(Vertx vertx, int port, String origin, int receiveBuffer) {
    WebSocketClientOptions clientOptions = new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 22);
    if (receiveBuffer > 0) clientOptions.setReceiveBufferSize(receiveBuffer);
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI("/eventbus/websocket");
    if (origin != null) connect.addHeader("Origin", origin);
    WebSocket ws = await(client.connect(connect).toCompletionStage().toCompletableFuture());
    return new BridgeTestClient(vertx, client, ws, false);
  }

  void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  void unregister(String address) {
    write(new JsonObject().put("type", "unregister").put("address", address));
  }

  /** A send frame; with a reply address when {@code replyAddress} is not null. */
  void send(String address, Object body, String token, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body);
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    if (replyAddress != null) frame.put("replyAddress", replyAddress);
    write(frame);
  }

  /** Sends a request and waits for the frame (rec or err) on its reply address. */
  JsonObject request(String address, Object body, String token) {
    String replyAddress = UUID.randomUUID().toString();
    send(address, body, token, replyAddress);
    return next(f -> replyAddress.equals(f.getString("address")), Duration.ofSeconds(10));
  }

  void publish(String address, Object body) {
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  void ping() {
    write(new JsonObject().put("type", "ping"));
  }

  void write(JsonObject frame) {
    writeRaw(frame.encode());
  }

  void writeRaw(String text) {
    String message = sockJs ? new JsonArray().add(text).encode() : text;
    await(ws.writeTextMessage(message).toCompletionStage().toCompletableFuture());
  }

  private void onText(String text) {
    if (!sockJs) {
      received(new JsonObject(text));
    } else if (text.startsWith("a")) {
      new JsonArray(text.substring(1)).forEach(m -> received(new JsonObject((String) m)));
    } else if (text.startsWith("c")) {
      closed = true;
    }
  }

  /** Stops reading from the socket: the server's writes back up as behind a stalled browser. */
  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  boolean isClosed() {
    return closed;
  }

  /** The next frame, or an AssertionError after the timeout. */
  JsonObject next(Duration timeout) {
    return next(f -> true, timeout);
  }

  /** The first frame that matches, waiting for it; frames before it stay for later calls. */
  JsonObject next(Predicate<JsonObject> match, Duration timeout) {
    JsonObject frame = take(match, timeout);
    if (frame == null) throw new AssertionError("no matching frame within " + timeout);
    return frame;
  }

  /** Whatever frame arrives within the time, or null. */
  JsonObject poll(Duration timeout) {
    return take(f -> true, timeout);
  }

  /** Takes matching frames until {@code count} or the time is up. */
  List<JsonObject> collect(Predicate<JsonObject> match, int count, Duration timeout) {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      JsonObject frame = take(match, Duration.ofNanos(left));
      if (frame != null) out.add(frame);
    }
    return out;
  }

  private synchronized void received(JsonObject frame) {
    frames.add(frame);
    notifyAll();
  }

  private synchronized JsonObject take(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        for (Iterator<JsonObject> it = frames.iterator(); it.hasNext(); ) {
          JsonObject frame = it.next();
          if (match.test(frame)) {
            it.remove();
            return frame;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) return null;
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      try {
        await(ws.close().toCompletionStage().toCompletableFuture());
      } catch (AssertionError ignored) {
        // already gone
      }
    }
    client.close();
  }

  static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e.getCause() != null ? e.getCause() : e);
    }
  }
}
