package dev.lineup.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Closed-loop HTTP load on keep-alive connections: {@code concurrency} loops, each waits for its answer. */
final class HttpLoad {

  /** One request to make: method, URI, headers, body (null for none). */
  record Call(HttpMethod method, String uri, String authorization, String body) {
  }

  record Result(long ok, long failed, double seconds, Samples latencies) {
    double perSecond() {
      return ok / seconds;
    }
  }

  private HttpLoad() {
  }

  static HttpClientAgent client(Vertx vertx, int port, int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1")
            .setDefaultPort(port).setPipelining(false),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /** One call; the body of a 2xx answer, else a failed future naming the status. */
  static Future<Buffer> send(HttpClientAgent client, Call call) {
    // A request that hangs fails after 30 s (counted, logged) instead of stalling its loop forever.
    RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.uri())
        .setConnectTimeout(30_000).setIdleTimeout(30_000);
    if (call.authorization() != null) options.addHeader("Authorization", call.authorization());
    if (call.body() != null) options.addHeader("Content-Type", "application/json");
    return client.request(options)
        .compose(req -> call.body() == null ? req.send() : req.send(call.body()))
        .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2 ? Future.succeededFuture(body)
            : Future.failedFuture("HTTP " + resp.statusCode() + " " + body)));
  }

  /**
   * Runs {@code concurrency} loops for warm-up then measurement; loop {@code i} makes the calls
   * {@code calls.apply(i)} gives. Counts answers completed inside the measured window.
   */
  static Result closedLoop(HttpClientAgent client, int concurrency, IntFunction<Call> calls, long warmupMs, long measureMs) {
    long start = System.nanoTime();
    long from = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long end = from + TimeUnit.MILLISECONDS.toNanos(measureMs);
    Samples latencies = new Samples();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      loops.add(done.future());
      loop(client, calls, i, from, end, latencies, ok, failed, done);
    }
    try {
      Future.all(loops).toCompletionStage().toCompletableFuture().get(warmupMs + measureMs + 120_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("load did not finish", e);
    }
    return new Result(ok.get(), failed.get(), (end - from) / 1e9, latencies);
  }

  private static void loop(HttpClientAgent client, IntFunction<Call> calls, int i, long from, long end,
                           Samples latencies, AtomicLong ok, AtomicLong failed, Promise<Void> done) {
    long t0 = System.nanoTime();
    if (t0 >= end) {
      done.complete();
      return;
    }
    send(client, calls.apply(i)).onComplete(ar -> {
      long now = System.nanoTime();
      if (t0 >= from && now <= end) {
        if (ar.succeeded()) {
          ok.incrementAndGet();
          latencies.add(now - t0);
        } else {
          failed.incrementAndGet();
          if (failed.get() <= 3) org.slf4j.LoggerFactory.getLogger(HttpLoad.class).warn("request failed: {}", ar.cause().getMessage());
        }
      }
      loop(client, calls, i, from, end, latencies, ok, failed, done);
    });
  }
}
