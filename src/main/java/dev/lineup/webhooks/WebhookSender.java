package dev.lineup.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one signed event to a webhook's URL: resolved and checked again now, connected to the
 * checked address, with a time limit on the whole exchange, redirects not followed, and only the
 * first bytes of an answer kept (for the failure list).
 */
final class WebhookSender {

  static final String USER_AGENT = "Lineup-Webhooks/1";
  private static final int KEPT_ANSWER_BYTES = 200;

  /** A delivery that did not succeed: the answer's status if one came, and what went wrong. */
  static final class Failed extends RuntimeException {
    final Integer status;

    Failed(Integer status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Destinations destinations;
  private final HttpClient client;
  private final long timeoutMillis;

  WebhookSender(Vertx vertx, Destinations destinations, long timeoutMillis) {
    this.destinations = destinations;
    this.timeoutMillis = timeoutMillis;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
        .setIdleTimeout((int) Math.max(1, timeoutMillis / 1000)).setIdleTimeoutUnit(TimeUnit.SECONDS));
  }

  /** Succeeds on a 2xx answer; fails with {@link Failed} otherwise. */
  Future<Void> post(Webhook hook, String eventType, long seq, byte[] body) {
    return destinations.resolve(hook.url())
        .recover(t -> Future.failedFuture(new Failed(null, t.getMessage())))
        .compose(to -> {
          long now = System.currentTimeMillis() / 1000;
          RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
              .setServer(SocketAddress.inetSocketAddress(to.port(), to.address().getHostAddress()))
              .setHost(to.host()).setPort(to.port()).setSsl(to.ssl()).setURI(to.target())
              .setFollowRedirects(false).setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
              .putHeader(Signatures.HEADER, Signatures.header(hook.secret(), now, body))
              .putHeader("Lineup-Event", eventType)
              .putHeader("Lineup-Delivery", hook.id() + "/" + seq);
          Future<Void> exchange = client.request(request).compose(req -> send(req, body));
          return exchange.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
              .recover(t -> Future.failedFuture(t instanceof Failed ? t
                  : new Failed(null, describe(t))));
        });
  }

  private Future<Void> send(HttpClientRequest req, byte[] body) {
    return req.send(Buffer.buffer(body)).compose(response -> {
      Buffer kept = Buffer.buffer();
      response.handler(chunk -> {
        int room = KEPT_ANSWER_BYTES - kept.length();
        if (room > 0) kept.appendBuffer(chunk.length() > room ? chunk.getBuffer(0, room) : chunk);
      });
      return response.end().<Void>transform(ended -> {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return Future.succeededFuture();
        String answer = kept.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        if (status >= 300 && status < 400) {
          return Future.failedFuture(new Failed(status, "answered " + status + " (redirects are not followed)"
              + (response.getHeader(HttpHeaders.LOCATION) == null ? "" : " to " + response.getHeader(HttpHeaders.LOCATION))));
        }
        return Future.failedFuture(new Failed(status, "answered " + status + (answer.isEmpty() ? "" : ": " + answer)));
      });
    }).onFailure(t -> req.reset());
  }

  private String describe(Throwable t) {
    if (t instanceof TimeoutException) return "no answer within " + timeoutMillis + " ms";
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return "cannot deliver: " + message;
  }

  void close() {
    client.close();
  }
}
