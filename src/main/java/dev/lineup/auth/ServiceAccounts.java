package dev.lineup.auth;

import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Programs that call Lineup (a conference app, a signage server): collection
 * {@code service_accounts}, documents {@code {_id: name, roles, workshops, tokenId, expiresAt,
 * createdAt, createdBy}}. An account has one token, shown once when it is created, whose subject is
 * {@code service:<name>} (so the event log's {@code by} names the account) and whose {@code jti} is
 * the account's {@code tokenId}. Revoking deletes the document, so the token fails its check on
 * every node (announced at once through {@code onChange}, and still after a restart); an account
 * created again under the same name gets a new {@code tokenId}, so the old token stays dead.
 */
public final class ServiceAccounts {

  public static final String COLLECTION = "service_accounts";
  public static final String SUBJECT_PREFIX = "service:";
  /** As for the token CLI: long enough for a screen on a wall, short enough to expire one day. */
  public static final int MAX_DAYS = 366;

  /** One account, as listed (never with its token). */
  public record Account(String name, Principal principal, Instant expiresAt, Instant createdAt, String createdBy,
                        String tokenId) {
    public JsonObject json() {
      return new JsonObject().put("name", name)
          .put("subject", principal.subject())
          .put("roles", new JsonArray(principal.roles().stream().sorted().toList()))
          .put("workshops", new JsonArray(principal.workshops().stream().sorted().toList()))
          .put("expiresAt", expiresAt.toString())
          .put("createdAt", createdAt.toString())
          .put("createdBy", createdBy);
    }
  }

  private final MongoClient mongo;
  private final Consumer<String> onChange;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();

  ServiceAccounts(MongoClient mongo, Consumer<String> onChange, LongSupplier clock) {
    this.mongo = mongo;
    this.onChange = onChange;
    this.clock = clock;
  }

  public static String subject(String name) {
    return SUBJECT_PREFIX + name;
  }

  /**
   * A new account expiring in {@code days}. {@link Failure#INVALID} naming each bad field,
   * {@link Failure#CONFLICT} when the name is taken.
   */
  public Future<Account> create(String name, List<String> roles, List<String> workshops, Integer days,
                                String createdBy) {
    List<String> scopes = workshops == null ? List.of() : workshops;
    List<FieldError> errors = new ArrayList<>();
    UserStore.validateName("name", name, errors);
    UserStore.validateGrants(roles, scopes, errors);
    if (days == null || days < 1 || days > MAX_DAYS) {
      errors.add(new FieldError("expiresInDays", "a whole number of days from 1 to " + MAX_DAYS));
    }
    if (!errors.isEmpty()) return Future.failedFuture(Rejection.invalid(errors));
    Instant now = Instant.ofEpochMilli(clock.getAsLong()).truncatedTo(ChronoUnit.SECONDS);
    Account account = new Account(name,
        Principal.of(subject(name), List.copyOf(new LinkedHashSet<>(roles)), List.copyOf(new LinkedHashSet<>(scopes))),
        now.plus(days, ChronoUnit.DAYS), now, createdBy, newTokenId());
    JsonObject doc = new JsonObject().put("_id", name)
        .put("roles", new JsonArray(List.copyOf(account.principal.roles())))
        .put("workshops", new JsonArray(List.copyOf(account.principal.workshops())))
        .put("tokenId", account.tokenId)
        .put("expiresAt", account.expiresAt.getEpochSecond())
        .put("createdAt", account.createdAt.getEpochSecond())
        .put("createdBy", createdBy);
    return mongo.insert(COLLECTION, doc)
        .recover(e -> Future.failedFuture(UserStore.isDuplicateKey(e)
            ? new Rejection(Failure.CONFLICT, "service account " + name + " exists; revoke it first")
            : e))
        .onSuccess(id -> onChange.accept(subject(name)))
        .map(account);
  }

  /** Every account, by name. */
  public Future<List<Account>> list() {
    return mongo.findWithOptions(COLLECTION, new JsonObject(), new FindOptions().setSort(new JsonObject().put("_id", 1)))
        .map(docs -> docs.stream().map(ServiceAccounts::accountOf).toList());
  }

  /** Revokes (deletes) the account: its token stops working on every node. */
  public Future<Void> revoke(String name) {
    if (name == null || !UserStore.USERNAME.matcher(name).matches()) return Future.failedFuture(noSuchAccount(name));
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", name))
        .compose(result -> result.getRemovedCount() == 0 ? Future.failedFuture(noSuchAccount(name))
            : Future.<Void>succeededFuture())
        .onSuccess(v -> onChange.accept(subject(name)));
  }

  /** The account for token checks; null when there is none. */
  Future<Account> find(String name) {
    if (!UserStore.USERNAME.matcher(name).matches()) return Future.succeededFuture(null);
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", name), new JsonObject())
        .map(doc -> doc == null ? null : accountOf(doc));
  }

  private static Account accountOf(JsonObject doc) {
    String name = doc.getString("_id");
    return new Account(name,
        Principal.of(subject(name), UserStore.strings(doc.getJsonArray("roles")), UserStore.strings(doc.getJsonArray("workshops"))),
        Instant.ofEpochSecond(doc.getLong("expiresAt", 0L)), Instant.ofEpochSecond(doc.getLong("createdAt", 0L)),
        doc.getString("createdBy", ""), doc.getString("tokenId", ""));
  }

  private String newTokenId() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Rejection noSuchAccount(String name) {
    return Rejection.notFound("no service account " + name);
  }
}
