package dev.lineup.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Back-pressure for one socket: the bytes written and not yet flushed are counted; a socket past
 * {@link LiveOptions#socketQueueBytes()} is lagging: it gets no more published frames (they are
 * dropped, not queued, their addresses remembered) until it drained to half; then the owner is
 * told which addresses lost frames. A socket still lagging after {@link LiveOptions#lagTimeoutMs()}
 * is given up. Runs on the socket's event loop only.
 */
final class SocketQueue {

  private static final Logger LOG = LoggerFactory.getLogger(SocketQueue.class);

  private final Vertx vertx;
  private final SockJSSocket sock;
  private final LiveOptions options;
  private final Counters counters;
  private final Consumer<Set<String>> onDrained;
  private final Runnable onGivenUp;
  private final Set<String> missed = new LinkedHashSet<>();
  private long queuedBytes;
  private boolean lagging;
  private long lagTimer = -1;
  private boolean closed;

  /**
   * @param onDrained the addresses that lost frames, once a lagging socket drained
   * @param onGivenUp a socket that stayed behind for the lag timeout
   */
  SocketQueue(Vertx vertx, SockJSSocket sock, LiveOptions options, Counters counters,
              Consumer<Set<String>> onDrained, Runnable onGivenUp) {
    this.vertx = vertx;
    this.sock = sock;
    this.options = options;
    this.counters = counters;
    this.onDrained = onDrained;
    this.onGivenUp = onGivenUp;
  }

  /** A published frame on {@code address}: written, or dropped (false) while behind; the caller counts deliveries. */
  boolean offer(String address, Buffer frame) {
    if (closed) return false;
    if (lagging) {
      missed.add(address);
      counters.dropped.increment();
      return false;
    }
    if (queuedBytes > 0 && (queuedBytes + frame.length() > options.socketQueueBytes() || sock.writeQueueFull())) {
      startLagging(address);
      counters.dropped.increment();
      return false;
    }
    write(frame);
    return true;
  }

  /**
   * A frame that is always written (replies, acknowledgements, errors), and counted until
   * flushed: the SockJS session flushes at once, whatever the peer reads.
   *
   * @return completes once written to the connection (or failed)
   */
  Future<Void> write(Buffer frame) {
    if (closed) return Future.succeededFuture();
    int size = frame.length();
    queuedBytes += size;
    counters.queuedBytes.addAndGet(size);
    return sock.write(frame).onComplete(ar -> {
      queuedBytes -= size;
      counters.queuedBytes.addAndGet(-size);
      if (lagging && !closed && queuedBytes <= options.socketQueueBytes() / 2) drained();
    });
  }

  /** The socket no longer listens there: nothing to announce for it. */
  void forget(String address) {
    missed.remove(address);
  }

  void close() {
    closed = true;
    stopLagging();
    missed.clear();
  }

  private void startLagging(String address) {
    lagging = true;
    missed.add(address);
    counters.laggingEpisodes.increment();
    counters.laggingNow.incrementAndGet();
    lagTimer = vertx.setTimer(options.lagTimeoutMs(), t -> {
      lagTimer = -1;
      if (lagging && !closed) {
        LOG.info("closing a live socket that stayed {} ms behind", options.lagTimeoutMs());
        onGivenUp.run();
      }
    });
  }

  private void drained() {
    stopLagging();
    Set<String> lost = new LinkedHashSet<>(missed);
    missed.clear();
    onDrained.accept(lost);
  }

  private void stopLagging() {
    if (!lagging) return;
    lagging = false;
    counters.laggingNow.decrementAndGet();
    if (lagTimer != -1) vertx.cancelTimer(lagTimer);
    lagTimer = -1;
  }
}
