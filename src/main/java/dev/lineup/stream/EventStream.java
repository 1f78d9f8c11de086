package dev.lineup.stream;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Event;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One open event stream: the events of one workshop, or of every workshop of a meeting, written to
 * one HTTP response as Server-Sent Events. Everything here runs on the response's event loop.
 *
 * <p>No gap, no duplicate: each workshop's address is subscribed to first; what arrives while the
 * log is read (from the pipeline's memory or the store) is held, then sent after it, skipping the
 * seqs already sent. Live, an event whose seq is not the next one (two publishers, in a cluster)
 * sends the stream back to the log for what is missing.
 *
 * <p>Back-pressure as on the bridge: the bytes written and not yet flushed are counted; catching
 * up waits for the response to drain, and a live stream past {@link StreamOptions#queueBytes()} is
 * lagging: it gets one final {@code lineup.lagging} event (why, and the last id it got) and is
 * closed, so that the client reconnects with {@code Last-Event-ID}.
 */
final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** Events read from the log at once while catching up. */
  private static final int PAGE = 500;
  /** A gap this node cannot fill yet (it has not applied the missing events) is retried this often… */
  private static final long STALL_RETRY_MILLIS = 100;
  /** …this many times, then the stream closes and the client resumes, perhaps elsewhere. */
  private static final int MAX_STALLS = 100;

  /** Why a stream ended: a tag of {@code lineup_stream_closed_total}. */
  enum Close {
    CLIENT("client"), LAGGING("lagging"), SHUTDOWN("shutdown"), UNAVAILABLE("unavailable"), GAP("gap");

    final String tag;

    Close(String tag) {
      this.tag = tag;
    }
  }

  /** One workshop followed by this stream. */
  private static final class Followed {
    final String workshop;
    /** The seq of the last event written for this workshop. */
    long sent;
    boolean catchingUp;
    /** Live events that arrived while catching up, in arrival order. */
    final ArrayDeque<Held> held = new ArrayDeque<>();
    int stalls;

    Followed(String workshop, long after) {
      this.workshop = workshop;
      this.sent = after;
    }
  }

  private record Held(long seq, String type, String json) {
  }

  private final EventStreams streams;
  private final StreamOptions options;
  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final String client;
  private final boolean meeting;
  private final SortedMap<String, Followed> followed = new TreeMap<>();
  private final List<Runnable> afterDrain = new ArrayList<>();
  private long unflushedBytes;
  private long heldBytes;
  private long heartbeat = -1;
  private boolean closed;

  EventStream(EventStreams streams, HttpServerResponse response, String client, boolean meeting,
              Map<String, Long> after) {
    this.streams = streams;
    this.client = client;
    this.options = streams.options();
    this.vertx = streams.vertx();
    this.context = vertx.getOrCreateContext();
    this.response = response;
    this.meeting = meeting;
    after.forEach((workshop, seq) -> followed.put(workshop, new Followed(workshop, seq)));
  }

  /** Sends the headers, subscribes, then catches every workshop up; live events follow. */
  void open() {
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // The server compresses when a client accepts gzip; compressed, events would wait in the
        // deflater until enough follow. Proxies (nginx) are asked not to buffer either.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> finish(Close.CLIENT));
    response.exceptionHandler(t -> LOG.debug("event stream failed", t));
    response.drainHandler(v -> drained());
    write(SseFrames.retry(options.retryMillis()));
    List<Future<Void>> registered = new ArrayList<>();
    for (Followed f : followed.values()) {
      f.catchingUp = true;
      registered.add(streams.topics().subscribe(f.workshop, this));
    }
    // In a cluster a registration takes effect a little later: catch up only once it has, so that
    // nothing published in between is missed.
    Future.all(registered).onComplete(ar -> {
      if (closed) return;
      if (ar.failed()) {
        end(Close.UNAVAILABLE, "cannot follow the workshops now: " + ar.cause().getMessage());
        return;
      }
      followed.values().forEach(this::catchUp);
    });
    heartbeat = vertx.setPeriodic(options.heartbeatMillis(), t -> ping());
  }

  /** The address the client connected from (streams per address are bounded). */
  String client() {
    return client;
  }

  /** The node is stopping: end now rather than hold its shutdown; the client reconnects. */
  void shutdown() {
    end(Close.SHUTDOWN, "this node is stopping; reconnect with Last-Event-ID");
  }

  // ---- live ---------------------------------------------------------------------------------

  /** A message of a followed workshop, from any thread: handled on this stream's event loop. */
  void onPublished(StreamTopics.Published published) {
    onContext(() -> onMessage(published));
  }

  private void onMessage(StreamTopics.Published published) {
    Followed f = followed.get(published.workshop());
    if (closed || f == null) return;
    if (published.seq() == null) {
      // A notice (changes paused or resumed): its own event type, with no id.
      write(SseFrames.event(null, published.type(), published.json()));
      return;
    }
    long seq = published.seq();
    if (seq <= f.sent) return; // sent already (from the log, or a second publisher)
    String type = published.type();
    String json = published.json();
    if (!f.catchingUp && seq == f.sent + 1) {
      long before = f.sent;
      Buffer frame = frame(f, seq, type, json);
      // One event larger than the bound still goes out alone; the bound is on what piles up.
      if (unflushedBytes > 0 && unflushedBytes + frame.length() > options.queueBytes()) {
        f.sent = before; // not sent: the last id the client may have is the one before
        lagging("more than " + options.queueBytes() + " bytes written and not yet read");
        return;
      }
      send(frame);
      return;
    }
    if (heldBytes + json.length() > options.queueBytes()) {
      lagging("more than " + options.queueBytes() + " bytes of events arrived while catching up");
      return;
    }
    f.held.addLast(new Held(seq, type, json));
    heldBytes += json.length();
    // Not the next seq: fetch what is missing from the log first.
    if (!f.catchingUp) catchUp(f);
  }

  private void ping() {
    if (closed) return;
    // A client that reads nothing is found out by its heartbeats piling up too.
    if (unflushedBytes > options.queueBytes()) {
      lagging("more than " + options.queueBytes() + " bytes written and not yet read");
      return;
    }
    write(SseFrames.comment("ping"));
  }

  // ---- catching up --------------------------------------------------------------------------

  private void catchUp(Followed f) {
    f.catchingUp = true;
    streams.workshops().eventsAfter(f.workshop, f.sent, PAGE).onComplete(ar -> onContext(() -> caughtUp(f, ar)));
  }

  private void caughtUp(Followed f, AsyncResult<List<Event>> page) {
    if (closed) return;
    if (page.failed()) {
      end(Close.UNAVAILABLE, "the log of " + f.workshop + " cannot be read now; reconnect with Last-Event-ID");
      return;
    }
    boolean progress = false;
    for (Event e : page.result()) {
      if (e.seq() != f.sent + 1) continue;
      send(frame(f, e.seq(), e.type(), new JsonObject(e.toMap()).encode()));
      progress = true;
    }
    if (page.result().size() >= PAGE) {
      whenDrained(() -> catchUp(f));
      return;
    }
    // The log as this node knows it is sent; now what arrived meanwhile.
    while (!f.held.isEmpty()) {
      Held next = f.held.peekFirst();
      if (next.seq() > f.sent + 1) break;
      f.held.removeFirst();
      heldBytes -= next.json().length();
      if (next.seq() == f.sent + 1) {
        send(frame(f, next.seq(), next.type(), next.json()));
        progress = true;
      }
    }
    if (f.held.isEmpty()) {
      f.catchingUp = false;
      f.stalls = 0;
      return;
    }
    // A gap this node's pipeline has not filled yet (it follows the other nodes' events too).
    f.stalls = progress ? 0 : f.stalls + 1;
    if (f.stalls > MAX_STALLS) {
      end(Close.GAP, "events of " + f.workshop + " after seq " + f.sent + " are not here yet; reconnect with Last-Event-ID");
      return;
    }
    vertx.setTimer(progress ? 1 : STALL_RETRY_MILLIS, t -> whenDrained(() -> catchUp(f)));
  }

  // ---- writing ------------------------------------------------------------------------------

  /** The frame of an event; the stream is then at that seq for this workshop. */
  private Buffer frame(Followed f, long seq, String type, String json) {
    f.sent = seq;
    return SseFrames.event(currentId(f), type, json);
  }

  private String currentId(Followed f) {
    if (!meeting) return Long.toString(f.sent);
    StringBuilder sb = new StringBuilder();
    for (Followed each : followed.values()) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(each.workshop).append(':').append(each.sent);
    }
    return sb.toString();
  }

  private void send(Buffer frame) {
    write(frame);
    streams.metrics().sent();
  }

  /** Every write is counted until it is flushed to the connection. */
  private void write(Buffer data) {
    if (closed) return;
    int size = data.length();
    unflushedBytes += size;
    response.write(data).onComplete(ar -> unflushedBytes -= size);
  }

  private void whenDrained(Runnable next) {
    if (closed) return;
    if (!response.writeQueueFull()) {
      next.run();
    } else {
      afterDrain.add(next);
    }
  }

  private void drained() {
    List<Runnable> waiting = new ArrayList<>(afterDrain);
    afterDrain.clear();
    for (Runnable next : waiting) {
      if (!closed) next.run();
    }
  }

  // ---- ending -------------------------------------------------------------------------------

  private void lagging(String reason) {
    String last = currentId(followed.get(followed.firstKey()));
    JsonObject notice = new JsonObject().put("type", Addresses.Notice.LAGGING).put("reason", reason)
        .put("lastEventId", last);
    LOG.info("closing an event stream that fell behind: {}", reason);
    end(Close.LAGGING, SseFrames.event(null, Addresses.Notice.LAGGING, notice.encode()));
  }

  private void end(Close reason, String comment) {
    end(reason, SseFrames.comment("closing: " + comment));
  }

  /** Writes a last frame, ends the response, and closes the connection if it does not flush soon. */
  private void end(Close reason, Buffer last) {
    if (closed) return;
    finish(reason);
    if (response.ended() || response.closed()) return;
    long grace = vertx.setTimer(options.closeGraceMillis(), t -> {
      if (!response.closed()) response.reset();
    });
    response.end(last).onComplete(ar -> vertx.cancelTimer(grace));
  }

  /** Stops following: consumers, heartbeat, the client's slot and the metrics. Once. */
  private void finish(Close reason) {
    if (closed) return;
    closed = true;
    if (heartbeat != -1) vertx.cancelTimer(heartbeat);
    for (Followed f : followed.values()) {
      streams.topics().unsubscribe(f.workshop, this);
      f.held.clear();
    }
    afterDrain.clear();
    streams.closed(this, reason);
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
