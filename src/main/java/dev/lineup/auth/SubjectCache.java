package dev.lineup.auth;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Whether a token signed by Lineup still belongs to a live subject: a user who exists, is enabled
 * and has not had their password changed or reset since the token was issued; a service account
 * that was not revoked. The store's answer is kept per subject for a short while
 * ({@code auth_cache_seconds}), and dropped at once on every node of the cluster when the subject
 * changes: whoever changes a user or an account publishes its subject on
 * {@link Addresses#AUTH_SUBJECT_CHANGED}, and each node's cache listens there.
 *
 * <p>Tokens minted by the token CLI for a subject that is no user (a screen, a script) carry no
 * {@code tv} and are not bound to a record: they expire, or the secret is rotated.
 */
final class SubjectCache {

  private static final Logger LOG = LoggerFactory.getLogger(SubjectCache.class);
  private static final int MAX_ENTRIES = 10_000;

  /** What the store says about one subject now: a user, a service account, or neither. */
  record Subject(UserStore.User user, ServiceAccounts.Account account) {
    static final Subject NONE = new Subject(null, null);
  }

  private record Entry(Future<Subject> subject, long loadedAt) {
  }

  private final Vertx vertx;
  private final Function<String, Future<Subject>> loader;
  private final long ttlMillis;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private MessageConsumer<String> consumer;

  SubjectCache(Vertx vertx, Function<String, Future<Subject>> loader, long ttlMillis, LongSupplier clock) {
    this.vertx = vertx;
    this.loader = loader;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  /** Listens for changes made on any node; completes once the registration is in effect. */
  Future<Void> listen() {
    consumer = vertx.eventBus().<String>consumer(Addresses.AUTH_SUBJECT_CHANGED, message -> entries.remove(message.body()));
    return consumer.completion();
  }

  Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Drops this node's copy at once, and tells every node (this one included) to drop theirs. */
  void changed(String subject) {
    entries.remove(subject);
    vertx.eventBus().publish(Addresses.AUTH_SUBJECT_CHANGED, subject);
  }

  /** Succeeds when the token with these verified claims may still be used; else a 401 saying why. */
  Future<Void> check(String subject, JsonObject claims) {
    return SharedFutures.onCallerContext(current(subject)).compose(s -> {
      String refusal = refusal(subject, s, claims);
      return refusal == null ? Future.succeededFuture()
          : Future.failedFuture(new Rejection(Failure.UNAUTHENTICATED, refusal));
    });
  }

  private static String refusal(String subject, Subject s, JsonObject claims) {
    if (subject.startsWith(ServiceAccounts.SUBJECT_PREFIX)) {
      if (s.account() == null) return "service account " + subject + " is revoked";
      if (!s.account().tokenId().equals(claims.getValue("jti"))) return "this token of " + subject + " was revoked";
      return null;
    }
    Object tv = claims.getValue("tv");
    if (tv != null && !(tv instanceof Number)) return "tv is not a number";
    UserStore.User user = s.user();
    if (user == null) return tv == null ? null : "user " + subject + " no longer exists";
    if (user.disabled()) return "user " + subject + " is disabled";
    boolean current = tv != null
        ? ((Number) tv).longValue() == user.tokenVersion()
        // Issued before tokens carried tv (or by the token CLI): valid if issued after the last change.
        : issuedAtMillis(claims) + 999 >= user.tokenVersion();
    return current ? null : "token revoked: the password of " + subject + " was changed or reset since";
  }

  private static long issuedAtMillis(JsonObject claims) {
    Object iat = claims.getValue("iat");
    return iat instanceof Number n ? n.longValue() * 1000 : Long.MIN_VALUE / 2;
  }

  /** The cached answer while fresh; else a new store read (the last answer if the store fails). */
  private Future<Subject> current(String subject) {
    long now = clock.getAsLong();
    Entry entry = entries.compute(subject, (key, old) -> old != null && fresh(old, now) ? old : load(key, old, now));
    if (entries.size() > MAX_ENTRIES) trim(now);
    return entry.subject;
  }

  private boolean fresh(Entry entry, long now) {
    return !entry.subject.failed() && now - entry.loadedAt < ttlMillis;
  }

  private Entry load(String subject, Entry previous, long now) {
    Future<Subject> loaded = loader.apply(subject).recover(e -> {
      if (previous != null && previous.subject.succeeded()) {
        LOG.warn("cannot read {} from the store ({}); using what was read {} ms ago", subject, e.toString(),
            now - previous.loadedAt);
        return Future.succeededFuture(previous.subject.result());
      }
      return Future.failedFuture(Rejection.retryAfter(Failure.UNAVAILABLE,
          "cannot check this token's user right now (the store is unavailable)", 1));
    });
    return new Entry(loaded, now);
  }

  private void trim(long now) {
    entries.values().removeIf(e -> !fresh(e, now));
    if (entries.size() > MAX_ENTRIES) entries.clear();
  }
}
