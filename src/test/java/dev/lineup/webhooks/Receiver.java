package dev.lineup.webhooks;

import dev.lineup.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests: a real HTTP server on a random port that records every POST and
 * answers as told (fail the next N, a fixed status, a redirect, or no answer at all).
 */
final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  record Delivery(String signature, String event, String deliveryId, String contentType, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    long seq() {
      return json().getLong("seq");
    }

    /** Checks the signature as a receiver would, with its own HMAC, and a five-minute window. */
    boolean verifies(String secret) {
      Map<String, String> parts = new java.util.HashMap<>();
      for (String p : signature.split(",")) {
        int eq = p.indexOf('=');
        parts.put(p.substring(0, eq), p.substring(eq + 1));
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((parts.get("t") + "." + body).getBytes(StandardCharsets.UTF_8)));
        long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(parts.get("t")));
        return expected.equals(parts.get("v1")) && age < 300;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  /** Every request, answered well or not. */
  final List<Delivery> requests = new CopyOnWriteArrayList<>();
  /** The requests answered with a 2xx. */
  final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  /** The next this many requests are answered 500. */
  final AtomicInteger failNext = new AtomicInteger();
  /** Every request answered with this status (0: 204, unless failNext says otherwise). */
  volatile int status;
  /** Requests are read and never answered. */
  volatile boolean hang;

  private Receiver(HttpServer server) {
    this.server = server;
  }

  static Receiver start(Vertx vertx) {
    Receiver[] self = new Receiver[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Receiver r = self[0];
      Delivery d = new Delivery(req.getHeader("Lineup-Signature"), req.getHeader("Lineup-Event"),
          req.getHeader("Lineup-Delivery"), req.getHeader("Content-Type"), body.toString(StandardCharsets.UTF_8));
      r.requests.add(d);
      if (r.hang) return;
      int answer = r.failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : r.status == 0 ? 204 : r.status;
      if (answer >= 200 && answer < 300) r.accepted.add(d);
      if (answer >= 300 && answer < 400) req.response().putHeader("Location", "http://127.0.0.1:1/elsewhere");
      req.response().setStatusCode(answer).end(answer >= 400 ? "receiver says no" : "");
    }));
    self[0] = new Receiver(server);
    Await.result(server.listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    return self[0];
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/lineup";
  }

  /** The seqs accepted, in the order they arrived. */
  List<Long> acceptedSeqs() {
    return accepted.stream().map(Delivery::seq).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
