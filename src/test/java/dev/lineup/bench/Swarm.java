package dev.lineup.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many browser stand-ins speaking the bridge's frames on a raw WebSocket ({@code /eventbus/websocket}),
 * each registered on one address. Every event frame is timed on arrival (before parsing) and
 * recorded by the index in its {@code commandId} ({@code <prefix><k>}) and by its {@code seq}.
 */
final class Swarm implements AutoCloseable {

  static final String LAGGING = "lineup.lagging";
  static final String CLOSING = "lineup.closing";

  /** What the members speak. */
  enum Protocol {
    /** The bridge's frames on SockJS's raw WebSocket ({@code /eventbus/websocket}): Lineup and the stock bridge. */
    BRIDGE("{\"type\":\"rec\""),
    /** Engine.IO 4 / Socket.IO 5 packets on {@code /socket.io/} (WebSocket transport): the Socket.IO baseline. */
    SOCKET_IO("42[\"rec\",");

    /** How an event frame begins. */
    final String recPrefix;

    Protocol(String recPrefix) {
      this.recPrefix = recPrefix;
    }
  }

  private final Vertx vertx;
  private final Protocol protocol;
  private final WebSocketClient client;
  final List<Member> members = new ArrayList<>();
  private volatile String prefix = "";
  private volatile int expected;
  private long pingTimer = -1;

  Swarm(Vertx vertx) {
    this(vertx, Protocol.BRIDGE);
  }

  Swarm(Vertx vertx, Protocol protocol) {
    this.vertx = vertx;
    this.protocol = protocol;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(100_000).setConnectTimeout(30_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    // The bridges close sockets silent for 10 s: every member pings every 4 s, as the JS client does (5 s).
    // A Socket.IO server pings its clients instead; they answer (see onText).
    if (protocol == Protocol.BRIDGE) {
      pingTimer = vertx.setPeriodic(4_000, t -> {
        for (Member m : members) m.ping();
      });
    }
  }

  /** One connection. */
  final class Member {
    final int index;
    String address;
    volatile WebSocket ws;
    volatile boolean closed;
    private long[] recvAt = new long[0];
    private final BitSet seqs = new BitSet();
    private long maxSeq;
    private int received;
    private int foreign;
    private boolean lagging;
    private int errors;
    /** Why the server said it closes this member (Lineup only), or null. */
    private String closingReason;

    Member(int index) {
      this.index = index;
    }

    Future<Void> connect(int port, String address) {
      return connect(port, List.of(address));
    }

    /** One connection registered on every address (a meeting's programme page follows each of its workshops). */
    Future<Void> connect(int port, List<String> addresses) {
      String address = addresses.get(0);
      this.address = address;
      closed = false;
      String uri = protocol == Protocol.BRIDGE ? "/eventbus/websocket"
          : "/socket.io/?EIO=4&transport=websocket&address=" + address;
      return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
          .compose(socket -> {
            ws = socket;
            socket.textMessageHandler(this::onText);
            socket.binaryMessageHandler(b -> onText(b.toString()));
            socket.closeHandler(v -> closed = true);
            if (protocol == Protocol.SOCKET_IO) return Future.succeededFuture();
            Future<Void> written = Future.succeededFuture();
            for (String a : addresses) {
              written = socket.writeTextMessage(new JsonObject().put("type", "register").put("address", a).encode());
            }
            return written;
          });
    }

    void ping() {
      WebSocket s = ws;
      if (s != null && !closed) s.writeTextMessage("{\"type\":\"ping\"}");
    }

    /**
     * Reads the few fields it needs by scanning the frame's text rather than parsing it: one
     * machine runs the servers and thousands of clients, and the clients must not be what is
     * measured. The frames are JSON as the servers encode them (no spaces, {@code body} an object).
     */
    private void onText(String text) {
      long now = System.nanoTime();
      if (protocol == Protocol.SOCKET_IO && !text.startsWith(protocol.recPrefix)) {
        // Engine.IO's open packet: join the default namespace (the server joins the room then);
        // its ping: pong. The namespace's "connected" answer needs nothing.
        if (text.startsWith("0{")) ws.writeTextMessage("40");
        else if (text.equals("2")) ws.writeTextMessage("3");
        return;
      }
      if (!text.startsWith(protocol.recPrefix)) {
        synchronized (this) {
          errors++;
        }
        return;
      }
      synchronized (this) {
        if (text.contains(LAGGING)) {
          lagging = true;
          return;
        }
        if (text.contains(CLOSING)) {
          closingReason = string(text, "\"reason\":\"");
          return;
        }
        long seq = number(text, "\"seq\":");
        if (seq > 0) {
          seqs.set((int) seq);
          maxSeq = Math.max(maxSeq, seq);
        }
        String commandId = string(text, "\"commandId\":\"");
        String p = prefix;
        int k = -1;
        if (commandId != null && !p.isEmpty() && commandId.startsWith(p)) {
          try {
            k = Integer.parseInt(commandId.substring(p.length()));
          } catch (NumberFormatException notOurs) {
            k = -1;
          }
        }
        if (k >= 0) {
          if (k < recvAt.length && recvAt[k] == 0) {
            recvAt[k] = now;
            received++;
          }
        } else {
          foreign++;
        }
      }
    }

    synchronized void reset(int size) {
      recvAt = new long[size];
      received = 0;
      foreign = 0;
      lagging = false;
      errors = 0;
    }

    synchronized long recvAt(int k) {
      return k < recvAt.length ? recvAt[k] : 0;
    }

    synchronized int received() {
      return received;
    }

    synchronized boolean lagging() {
      return lagging;
    }

    synchronized String closingReason() {
      return closingReason;
    }

    synchronized int errors() {
      return errors;
    }

    /** Marks seqs learnt from elsewhere (a GET of the log). */
    synchronized void learn(long seq) {
      seqs.set((int) seq);
      maxSeq = Math.max(maxSeq, seq);
    }

    /** The highest seq s such that every seq from 1 to s was seen. */
    synchronized long contiguousSeq() {
      int firstMissing = seqs.nextClearBit(1);
      return firstMissing - 1;
    }

    synchronized boolean hasAll(int size) {
      return received >= size;
    }

    Future<Void> close() {
      WebSocket s = ws;
      closed = true;
      if (s == null || s.isClosed()) return Future.succeededFuture();
      return s.close().recover(t -> Future.succeededFuture());
    }
  }

  /** The number after {@code key} in {@code text}, or -1. */
  static long number(String text, String key) {
    int i = text.indexOf(key);
    if (i < 0) return -1;
    i += key.length();
    long v = 0;
    int start = i;
    while (i < text.length() && Character.isDigit(text.charAt(i))) v = v * 10 + (text.charAt(i++) - '0');
    return i == start ? -1 : v;
  }

  /** The string after {@code key} (which ends with the opening quote), or null. */
  static String string(String text, String key) {
    int i = text.indexOf(key);
    if (i < 0) return null;
    i += key.length();
    int end = text.indexOf('"', i);
    return end < 0 ? null : text.substring(i, end);
  }

  /** Connects {@code count} new members, {@code parallel} handshakes at a time, each registered on {@code address}. */
  Future<Void> connect(int count, int port, String address, int parallel) {
    return connect(count, port, List.of(address), parallel);
  }

  /** Connects {@code count} new members, each registered on every one of {@code addresses}. */
  Future<Void> connect(int count, int port, List<String> addresses, int parallel) {
    List<Member> fresh = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Member m = new Member(members.size() + i);
      fresh.add(m);
    }
    members.addAll(fresh);
    return connectAll(fresh, port, addresses, parallel);
  }

  /** (Re)connects the given members. */
  Future<Void> connectAll(List<Member> list, int port, String address, int parallel) {
    return connectAll(list, port, List.of(address), parallel);
  }

  private Future<Void> connectAll(List<Member> list, int port, List<String> address, int parallel) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> chains = new ArrayList<>();
    for (int c = 0; c < Math.min(parallel, list.size()); c++) {
      Promise<Void> chain = Promise.promise();
      chains.add(chain.future());
      step(list, next, port, address, chain);
    }
    return Future.all(chains).mapEmpty();
  }

  private void step(List<Member> list, AtomicInteger next, int port, List<String> address, Promise<Void> chain) {
    int i = next.getAndIncrement();
    if (i >= list.size()) {
      chain.tryComplete();
      return;
    }
    list.get(i).connect(port, address).onComplete(ar -> {
      if (ar.failed()) {
        chain.tryFail(ar.cause());
        return;
      }
      step(list, next, port, address, chain);
    });
  }

  /** Starts a new run: events whose commandId is {@code prefix + k}, k below {@code size}, are timed. */
  void newRun(String prefix, int size) {
    for (Member m : members) m.reset(size);
    this.expected = size;
    this.prefix = prefix;
  }

  /** Waits until every member has every event of the run, or the time is up; true when complete. */
  boolean awaitAll(long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (members.stream().allMatch(m -> m.hasAll(expected))) return true;
      Child.sleep(20);
    }
    return false;
  }

  Future<Void> closeAll() {
    List<Future<Void>> all = new ArrayList<>();
    for (Member m : members) all.add(m.close());
    return Future.all(all).mapEmpty();
  }

  @Override
  public void close() {
    vertx.cancelTimer(pingTimer);
    try {
      closeAll().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort
    }
    client.close();
  }
}
