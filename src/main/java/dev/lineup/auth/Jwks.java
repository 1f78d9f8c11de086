package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity provider's signing keys, from its JWKS document: fetched at start (a node that cannot
 * reach it still starts, and says why in {@code /health}), refreshed as its {@code Cache-Control:
 * max-age} says (bounded by the min/max refresh settings), and at once — at most once per min
 * refresh interval — when a token names a {@code kid} not in the set, so a rotation needs no restart.
 *
 * <p>A token is verified by the one key its {@code kid} names, if that key fits the token's
 * {@code alg}; never by another. An unknown {@code kid} after the refresh, or no key set at all
 * (never fetched, or older than the max-stale setting), is a 401.
 */
final class Jwks {

  private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
  /** When the provider says nothing about caching. */
  private static final long DEFAULT_MAX_AGE_SECONDS = 300;
  private static final int MAX_DOCUMENT_BYTES = 1 << 20;
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int IDLE_TIMEOUT_MS = 10_000;

  /** A fetched document: its usable keys by id, and when it was fetched and should be refreshed. */
  private record KeySet(Map<String, Jwk> keys, long fetchedAt, long refreshAt) {
  }

  private final Vertx vertx;
  private final ProviderOptions options;
  private final LongSupplier clock;
  private final HttpClientAgent client;
  /** Every fetch runs here, so a response's handlers are set on the thread that delivers its body. */
  private final Context context;
  private volatile KeySet keys;
  private volatile String lastError;
  private volatile long lastAttempt = Long.MIN_VALUE / 2;
  private Future<KeySet> inFlight;
  private long timer = -1;
  private boolean closed;

  Jwks(Vertx vertx, ProviderOptions options, LongSupplier clock) {
    this.vertx = vertx;
    this.options = options;
    this.clock = clock;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
    this.context = vertx.getOrCreateContext();
  }

  /** The first fetch; succeeds also when it failed (the node starts; {@link #status()} says why). */
  Future<Void> start() {
    return refresh().<Void>mapEmpty().otherwiseEmpty();
  }

  void close() {
    synchronized (this) {
      closed = true;
      if (timer >= 0) vertx.cancelTimer(timer);
    }
    client.close();
  }

  /** The key {@code kid} names, when it may verify {@code alg}; else a 401 saying why. */
  Future<Jwk> key(String kid, String alg) {
    KeySet set = usable();
    Jwk key = set == null ? null : set.keys.get(kid);
    if (key != null) return fitting(key, alg);
    boolean mayRefresh = clock.getAsLong() - lastAttempt >= options.minRefreshSeconds() * 1000L;
    Future<KeySet> refreshed;
    synchronized (this) {
      refreshed = inFlight != null ? inFlight : mayRefresh ? refresh() : null;
    }
    if (refreshed == null) return Future.failedFuture(missing(kid, set));
    return SharedFutures.onCallerContext(refreshed.otherwise((KeySet) null)).compose(ignored -> {
      KeySet now = usable();
      Jwk found = now == null ? null : now.keys.get(kid);
      return found != null ? fitting(found, alg) : Future.failedFuture(missing(kid, now));
    });
  }

  /** For {@code /health}: where the keys come from, how many, how old, and the last error. */
  JsonObject status() {
    KeySet set = keys;
    KeySet usable = usable();
    JsonObject status = new JsonObject().put("jwks", options.jwksUrl()).put("usable", usable != null)
        .put("keys", usable == null ? 0 : usable.keys.size());
    if (set != null) status.put("fetchedAt", Instant.ofEpochMilli(set.fetchedAt).toString());
    if (lastError != null) status.put("error", lastError);
    if (usable == null) {
      status.put("effect", "tokens of the identity provider are refused (401) until its keys can be fetched;"
          + " reads and Lineup's own tokens are not affected");
    }
    return status;
  }

  private Future<Jwk> fitting(Jwk key, String alg) {
    String refusal = key.refusal(alg);
    return refusal == null ? Future.succeededFuture(key) : Future.failedFuture(unauthenticated(refusal));
  }

  private Rejection missing(String kid, KeySet set) {
    if (set == null) {
      return unauthenticated("the identity provider's keys cannot be fetched"
          + (lastError == null ? "" : " (" + lastError + ")") + "; its tokens are refused");
    }
    return unauthenticated("unknown key id " + kid + ": not in the identity provider's JWKS");
  }

  /** The current key set, unless it is older than its refresh time plus the max-stale allowance. */
  private KeySet usable() {
    KeySet set = keys;
    if (set == null) return null;
    return clock.getAsLong() > set.refreshAt + options.maxStaleSeconds() * 1000L ? null : set;
  }

  /** One fetch at a time; callers arriving meanwhile share it. Reschedules the next one. */
  private synchronized Future<KeySet> refresh() {
    if (inFlight != null) return inFlight;
    lastAttempt = clock.getAsLong();
    Future<KeySet> fetch = fetch().andThen(ar -> {
      synchronized (this) {
        inFlight = null;
      }
      if (ar.succeeded()) {
        KeySet previous = keys;
        keys = ar.result();
        lastError = null;
        if (previous == null || !previous.keys.keySet().equals(ar.result().keys.keySet())) {
          LOG.info("JWKS {}: key ids {}", options.jwksUrl(), ar.result().keys.keySet());
        }
        schedule(ar.result().refreshAt - clock.getAsLong());
      } else {
        lastError = ar.cause().getMessage();
        LOG.warn("JWKS {} could not be fetched: {}", options.jwksUrl(), lastError);
        schedule(Math.max(1, options.minRefreshSeconds()) * 1000L);
      }
    });
    // A fetch completed already (on the fetching context, before this line) has cleared inFlight.
    inFlight = fetch.isComplete() ? null : fetch;
    return fetch;
  }

  private synchronized void schedule(long delayMillis) {
    if (closed) return;
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> refresh());
  }

  private Future<KeySet> fetch() {
    Promise<KeySet> fetched = Promise.promise();
    context.runOnContext(v -> fetchHere().onComplete(fetched));
    return fetched.future();
  }

  private Future<KeySet> fetchHere() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(options.jwksUrl())
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS)
        .addHeader(HttpHeaders.ACCEPT, "application/jwk-set+json, application/json");
    return client.request(request)
        .compose(req -> req.send())
        .compose(response -> response.statusCode() != 200
            ? response.body().transform(ignored -> Future.failedFuture("HTTP " + response.statusCode()))
            : bounded(response).map(body -> keySet(body, response.getHeader(HttpHeaders.CACHE_CONTROL))))
        .recover(e -> Future.failedFuture(new IllegalStateException(describe(e), e)));
  }

  private static Future<Buffer> bounded(HttpClientResponse response) {
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.length() < 19 && Long.parseLong(length.trim()) > MAX_DOCUMENT_BYTES) {
      return Future.failedFuture("the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    Promise<Buffer> body = Promise.promise();
    Buffer buffer = Buffer.buffer();
    response.handler(chunk -> {
      if (buffer.length() + chunk.length() > MAX_DOCUMENT_BYTES) {
        body.tryFail("the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        response.request().reset();
      } else {
        buffer.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(buffer));
    return body.future();
  }

  private KeySet keySet(Buffer body, String cacheControl) {
    JsonArray array;
    try {
      array = new JsonObject(body).getJsonArray("keys");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the document is not a JWKS (a JSON object with \"keys\")");
    }
    if (array == null) throw new IllegalArgumentException("the document has no \"keys\"");
    Map<String, Jwk> byId = new HashMap<>();
    Set<String> repeated = new HashSet<>();
    for (Object item : array) {
      if (!(item instanceof JsonObject json)) continue;
      Jwk key = Jwk.parse(json);
      if (key.kid() == null) {
        LOG.warn("JWKS {}: a key without kid is ignored (tokens must name their key)", options.jwksUrl());
      } else if ("enc".equals(json.getValue("use"))) {
        LOG.debug("JWKS {}: encryption key {} ignored", options.jwksUrl(), key.kid());
      } else if (byId.putIfAbsent(key.kid(), key) != null) {
        repeated.add(key.kid());
      }
    }
    for (String kid : repeated) {
      // Two signing keys under one id: which one a token means is ambiguous, so neither is used.
      LOG.warn("JWKS {}: key id {} appears more than once; its keys are not used", options.jwksUrl(), kid);
      byId.put(kid, new Jwk(kid, null, null, null, "its key id appears more than once in the JWKS"));
    }
    long now = clock.getAsLong();
    return new KeySet(Map.copyOf(byId), now, now + maxAgeSeconds(cacheControl) * 1000L);
  }

  /** {@code Cache-Control: max-age}, bounded by the min/max refresh settings. */
  long maxAgeSeconds(String cacheControl) {
    long seconds = DEFAULT_MAX_AGE_SECONDS;
    if (cacheControl != null) {
      String value = cacheControl.toLowerCase();
      Matcher m = MAX_AGE.matcher(value);
      if (value.contains("no-cache") || value.contains("no-store")) seconds = 0;
      else if (m.find()) seconds = Long.parseLong(m.group(1));
    }
    return Math.max(Math.max(1, options.minRefreshSeconds()), Math.min(options.maxRefreshSeconds(), seconds));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static Rejection unauthenticated(String reason) {
    return new Rejection(Failure.UNAUTHENTICATED, reason);
  }
}
