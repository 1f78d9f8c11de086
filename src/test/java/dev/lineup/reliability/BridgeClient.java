package dev.lineup.reliability;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A browser stand-in on the raw bridge WebSocket ({@code /eventbus/websocket}), for the reliability
 * tests: every received frame goes to a handler (on the client's event loop). Pings every few
 * seconds as the official client does, so that the server does not close it as silent.
 * (The live package's BridgeTestClient is package-private; this one is the reliability suite's own.)
 */
final class BridgeClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final long pinger;
  private final Vertx vertx;
  private volatile boolean closed;
  private final java.util.Map<String, CompletableFuture<JsonObject>> pending = new java.util.concurrent.ConcurrentHashMap<>();

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket ws, Consumer<JsonObject> onFrame) {
    this.vertx = vertx;
    this.client = client;
    this.ws = ws;
    Consumer<JsonObject> dispatch = frame -> {
      String address = frame.getString("address");
      CompletableFuture<JsonObject> reply = address == null ? null : pending.remove(address);
      if (reply != null) reply.complete(frame);
      else onFrame.accept(frame);
    };
    ws.textMessageHandler(text -> dispatch.accept(new JsonObject(text)));
    ws.binaryMessageHandler(b -> dispatch.accept(new JsonObject(b)));
    ws.closeHandler(v -> closed = true);
    pinger = vertx.setPeriodic(3_000, t -> {
      if (!closed) ws.writeTextMessage("{\"type\":\"ping\"}");
    });
  }

  /**
   * @param receiveBuffer SO_RCVBUF of the client socket, 0 for the system's; a small one makes a
   *                      paused client back the server up quickly
   */
  static BridgeClient connect(Vertx vertx, int port, int receiveBuffer, Consumer<JsonObject> onFrame) {
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22);
    if (receiveBuffer > 0) options.setReceiveBufferSize(receiveBuffer);
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI("/eventbus/websocket");
    WebSocket ws = await(client.connect(connect).toCompletionStage().toCompletableFuture());
    return new BridgeClient(vertx, client, ws, onFrame);
  }

  void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  /**
   * A frame the bridge refuses ({@code err access_denied}); frames of one socket are handled in
   * order, so its answer means every frame before it (a register) has been handled.
   */
  void barrier() {
    write(new JsonObject().put("type", "send").put("address", "lineup.barrier").putNull("body"));
  }

  /**
   * A request over the bridge, as the official client sends one: a send frame with a reply address
   * and the token in its headers; the answer is the rec or err frame on that address.
   */
  JsonObject request(String address, JsonObject body, String token, long timeoutMs) throws Exception {
    String replyAddress = java.util.UUID.randomUUID().toString();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(replyAddress, reply);
    write(new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress)
        .put("headers", new JsonObject().put("authorization", "Bearer " + token)));
    try {
      return reply.get(timeoutMs, TimeUnit.MILLISECONDS);
    } finally {
      pending.remove(replyAddress);
    }
  }

  void write(JsonObject frame) {
    await(ws.writeTextMessage(frame.encode()).toCompletionStage().toCompletableFuture());
  }

  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  boolean isClosed() {
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

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e.getCause() != null ? e.getCause() : e);
    }
  }
}
