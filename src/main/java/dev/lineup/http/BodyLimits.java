package dev.lineup.http;

import dev.lineup.auth.Authenticator;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * How large a request body may be, from whom, and how slowly it may come, per route. Runs before
 * every {@code /api/*} route and reads the body for it:
 * <ol>
 *   <li>the route's limit: declared with {@link #allow} by the code that mounts the route, else
 *       the default; a {@code Content-Length} above it is refused (413) before anything is read,
 *       a streamed body as soon as it passes it;</li>
 *   <li>a body larger than the default is read only for a verified bearer token: the token of the
 *       {@code Authorization} header is checked first (401 otherwise, nothing read); whether its
 *       holder may do what the route does is the route's own check;</li>
 *   <li>the whole body must have arrived within the timeout (408 otherwise).</li>
 * </ol>
 * A refused request's connection is closed after the answer, so that the rest of its body is
 * never read.
 */
public final class BodyLimits {

  private record Limit(HttpMethod method, Pattern path, int maxBytes) {
  }

  private final Authenticator authenticator;
  private final int defaultMaxBytes;
  private final long timeoutMs;
  private final List<Limit> declared = new CopyOnWriteArrayList<>();
  private final Map<Integer, BodyHandler> readers = new ConcurrentHashMap<>();

  public BodyLimits(Authenticator authenticator, int defaultMaxBytes, long timeoutMs) {
    this.authenticator = authenticator;
    this.defaultMaxBytes = defaultMaxBytes;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Declares the limit of a route's bodies (larger or smaller than the default); the first
   * declaration matching a request wins.
   *
   * @param pathRegex matches the whole request path, as the route's own regex
   */
  public BodyLimits allow(HttpMethod method, String pathRegex, int maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("maxBytes < 0");
    declared.add(new Limit(method, Pattern.compile(pathRegex), maxBytes));
    return this;
  }

  /** The limit of a request's body. */
  int limitFor(HttpMethod method, String path) {
    for (Limit limit : declared) {
      if (limit.method().equals(method) && limit.path().matcher(path).matches()) return limit.maxBytes();
    }
    return defaultMaxBytes;
  }

  /** The handler to put before the routes. */
  public Handler<RoutingContext> handler() {
    return this::handle;
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    int limit = limitFor(request.method(), request.path());
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declaredLength;
      try {
        declaredLength = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        ctx.fail(Rejection.invalid("Content-Length", "is not a number of bytes"));
        return;
      }
      if (declaredLength > limit) {
        ctx.fail(tooLarge(limit));
        return;
      }
    }
    if (limit > defaultMaxBytes && hasBody(request)) {
      request.pause();
      authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)).onComplete(ar -> {
        if (ar.failed()) ctx.fail(ar.cause());
        else read(ctx, limit);
      });
    } else {
      read(ctx, limit);
    }
  }

  private Future<?> authenticate(String authorization) {
    try {
      return authenticator.authenticate(authorization);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void read(RoutingContext ctx, int limit) {
    if (!ctx.request().isEnded()) {
      long timer = ctx.vertx().setTimer(timeoutMs, t -> {
        if (ctx.request().isEnded() || ctx.response().ended()) return;
        ctx.request().pause(); // nothing more is read: the body can no longer complete under the answer
        ctx.fail(new Rejection(Failure.TIMED_OUT, "the body did not arrive within " + timeoutMs + " ms"));
      });
      ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    }
    // A client that waits for leave to send its body gets it only now, past the checks.
    if ("100-continue".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.EXPECT)) && !ctx.request().isEnded()) {
      ctx.response().writeContinue();
    }
    readers.computeIfAbsent(limit, max -> BodyHandler.create(false).setBodyLimit(max)).handle(ctx);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) return !length.trim().equals("0");
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static Rejection tooLarge(int limit) {
    return new Rejection(Failure.TOO_LARGE, "a body here is at most " + limit + " bytes");
  }
}
