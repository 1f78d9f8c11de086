package dev.lineup.auth;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.store.DuplicateKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The users who may ask for a token: collection {@code users}, documents
 * {@code {_id: username, hash, roles, workshops, disabled, tokenVersion}}. Queries are built from
 * validated strings only, never from client JSON, so no {@code $}-operator can reach MongoDB.
 *
 * <p>{@code tokenVersion} is the time (epoch milliseconds) of the user's last revocation: creation,
 * a password change or reset, being disabled. Tokens issued at login carry it ({@code tv}) and stop
 * verifying when it moves; because it is a time it only grows, also across a delete and re-create of
 * the same name. Every change is announced through {@code onChange} (the {@link SubjectCache}), so
 * every node drops what it remembered about the user.
 */
public final class UserStore {

  public static final String COLLECTION = "users";
  public static final String ADMIN_USER = "admin";
  public static final int MIN_PASSWORD_LENGTH = 8;
  /** Bounds the work a login can cause; no human types more. */
  public static final int MAX_PASSWORD_LENGTH = 1024;
  /** Lower case only, so that "Admin" and "admin" cannot be two users. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
  public static final Set<String> ROLES = Set.of(Principal.ADMIN, Principal.ORGANIZER, Principal.DISPLAY);

  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
  private static final Pattern WORKSHOP_ID = Pattern.compile(Addresses.WORKSHOP_ID_PATTERN);
  private static final String BAD_CREDENTIALS = "invalid username or password";

  /** A user as the store has it, without the hash. */
  public record User(Principal principal, boolean disabled, long tokenVersion) {
    public String username() {
      return principal.subject();
    }
  }

  private final MongoClient mongo;
  private final PasswordHasher hasher;
  private final Consumer<String> onChange;
  private final LongSupplier clock;
  /**
   * Verified against for unknown users, so that they take as long as a wrong password. Made on
   * first need: a slow hash at every start would slow every start.
   */
  private Future<String> decoyHash;

  public UserStore(MongoClient mongo, PasswordHasher hasher) {
    this(mongo, hasher, username -> { }, System::currentTimeMillis);
  }

  /** @param onChange told the username after every change to a user (password, disabled, deleted) */
  UserStore(MongoClient mongo, PasswordHasher hasher, Consumer<String> onChange, LongSupplier clock) {
    this.mongo = mongo;
    this.hasher = hasher;
    this.onChange = onChange;
    this.clock = clock;
  }

  private synchronized Future<String> decoyHash() {
    if (decoyHash == null || decoyHash.failed()) decoyHash = hasher.hash(UUID.randomUUID().toString());
    return decoyHash;
  }

  /** Creates {@code admin} (roles [admin], workshops ["*"]) unless it exists; never changes it. */
  public Future<Void> ensureAdmin(String password) {
    return ensureAdmin(password, null);
  }

  /**
   * As {@link #ensureAdmin(String)}, with the password's hash begun ahead (by this store's
   * {@link PasswordHasher}) while the node was starting; null: hashed once the admin is known to be missing.
   */
  public Future<Void> ensureAdmin(String password, Future<String> hashAhead) {
    return mongo.findOne(COLLECTION, byName(ADMIN_USER), new JsonObject())
        .compose(existing -> {
          if (existing != null) {
            LOG.info("User {} exists; the admin password setting is not applied again", ADMIN_USER);
            return Future.succeededFuture();
          }
          return create(ADMIN_USER, password, List.of(Principal.ADMIN), List.of(Principal.ALL_WORKSHOPS), hashAhead)
              .onSuccess(v -> LOG.info("Created user {}", ADMIN_USER))
              // Another node created it at the same moment: that is the state we wanted.
              .recover(e -> isConflict(e) ? Future.succeededFuture() : Future.failedFuture(e));
        });
  }

  /** True when some enabled user has the admin role (a node without one cannot be administered). */
  public Future<Boolean> hasAdmin() {
    return mongo.count(COLLECTION, enabledAdmins()).map(n -> n > 0);
  }

  public Future<User> login(String username, String password) {
    return login(username, password, PasswordHasher.Lane.OPEN);
  }

  /**
   * The user whose password matches; else {@link Failure#UNAUTHENTICATED} with the same message and
   * about the same time whether the user is unknown or the password wrong. A disabled user with the
   * right password gets {@link Failure#FORBIDDEN}. The hash is checked on {@code lane}.
   */
  public Future<User> login(String username, String password, PasswordHasher.Lane lane) {
    if (password == null || password.length() > MAX_PASSWORD_LENGTH) {
      return Future.failedFuture(badCredentials());
    }
    if (hasher.full(lane)) return Future.failedFuture(PasswordHasher.busy());
    if (username == null || !USERNAME.matcher(username).matches()) {
      return verifyDecoy(password, lane);
    }
    return mongo.findOne(COLLECTION, byName(username), new JsonObject())
        .compose(doc -> doc == null ? verifyDecoy(password, lane) : verifyUser(doc, password, lane));
  }

  /** The user, or {@link Failure#NOT_FOUND}. */
  public Future<User> get(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) return Future.failedFuture(noSuchUser(username));
    return mongo.findOne(COLLECTION, byName(username), new JsonObject().put("hash", 0))
        .compose(doc -> doc == null ? Future.failedFuture(noSuchUser(username)) : Future.succeededFuture(userOf(doc)));
  }

  /** The user's current state for token checks: null when there is no such user. */
  Future<User> find(String username) {
    return mongo.findOne(COLLECTION, byName(username), new JsonObject().put("hash", 0))
        .map(doc -> doc == null ? null : userOf(doc));
  }

  /**
   * A new password (a reset by an admin, or the user's own change once the current one was checked):
   * every token issued before stops working. {@link Failure#INVALID} for a bad password,
   * {@link Failure#NOT_FOUND} for an unknown user.
   */
  public Future<User> setPassword(String username, String password) {
    List<FieldError> errors = new ArrayList<>();
    validatePassword("password", password, errors);
    if (!errors.isEmpty()) return Future.failedFuture(Rejection.invalid(errors));
    return hasher.hash(password).compose(hash -> change(username, new JsonObject().put("hash", hash)));
  }

  /**
   * Disables (every token stops working, logins are refused) or enables a user. Disabling the last
   * enabled admin is a {@link Failure#CONFLICT}: nobody could administer the node any more.
   */
  public Future<User> setDisabled(String username, boolean disabled) {
    Future<Void> allowed = disabled ? notTheLastAdmin(username, "disable") : Future.succeededFuture();
    return allowed.compose(v -> change(username, new JsonObject().put("disabled", disabled)));
  }

  /** Deletes a user (its tokens stop working); the last enabled admin cannot be deleted. */
  public Future<Void> delete(String username) {
    return notTheLastAdmin(username, "delete")
        .compose(v -> mongo.removeDocument(COLLECTION, byName(username)))
        .compose(result -> result.getRemovedCount() == 0 ? Future.failedFuture(noSuchUser(username))
            : Future.<Void>succeededFuture())
        .onSuccess(v -> onChange.accept(username));
  }

  /**
   * Stores a new user. {@link Failure#INVALID} naming each bad field ({@code username},
   * {@code password}, {@code roles[i]}, {@code workshops[i]}); {@link Failure#CONFLICT} when the
   * username is taken.
   */
  public Future<Void> create(String username, String password, List<String> roles, List<String> workshops) {
    return create(username, password, roles, workshops, null);
  }

  private Future<Void> create(String username, String password, List<String> roles, List<String> workshops,
                              Future<String> hashAhead) {
    List<String> scopes = workshops == null ? List.of() : workshops;
    List<FieldError> errors = validate(username, password, roles, scopes);
    if (!errors.isEmpty()) return Future.failedFuture(Rejection.invalid(errors));
    return (hashAhead != null ? hashAhead : hasher.hash(password))
        .compose(hash -> mongo.insert(COLLECTION, new JsonObject()
            .put("_id", username)
            .put("hash", hash)
            .put("roles", new JsonArray(List.copyOf(new LinkedHashSet<>(roles))))
            .put("workshops", new JsonArray(List.copyOf(new LinkedHashSet<>(scopes))))
            .put("disabled", false)
            .put("tokenVersion", clock.getAsLong())))
        .recover(e -> Future.failedFuture(DuplicateKey.is(e)
            ? new Rejection(Failure.CONFLICT, "user " + username + " exists")
            : e))
        // A user of this name may have been deleted a moment ago: no node may remember that one.
        .onSuccess(id -> onChange.accept(username))
        .mapEmpty();
  }

  /** Every user (username, roles, workshops, disabled), by username; never the hashes. */
  public Future<List<User>> list() {
    FindOptions options = new FindOptions()
        .setFields(new JsonObject().put("hash", 0))
        .setSort(new JsonObject().put("_id", 1));
    return mongo.findWithOptions(COLLECTION, new JsonObject(), options)
        .map(docs -> docs.stream().map(UserStore::userOf).toList());
  }

  /** Sets {@code fields} and moves the token version (so that earlier tokens stop working). */
  private Future<User> change(String username, JsonObject fields) {
    if (username == null || !USERNAME.matcher(username).matches()) return Future.failedFuture(noSuchUser(username));
    JsonObject update = new JsonObject().put("$set", fields.copy().put("tokenVersion", clock.getAsLong()));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, byName(username), update,
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(doc -> doc == null ? Future.failedFuture(noSuchUser(username)) : Future.succeededFuture(userOf(doc)))
        .onSuccess(user -> onChange.accept(username));
  }

  /** {@link Failure#CONFLICT} when {@code username} is the only enabled admin. */
  private Future<Void> notTheLastAdmin(String username, String action) {
    if (username == null || !USERNAME.matcher(username).matches()) return Future.failedFuture(noSuchUser(username));
    JsonObject others = enabledAdmins().put("_id", new JsonObject().put("$ne", username));
    JsonObject self = enabledAdmins().put("_id", username);
    return Future.all(mongo.count(COLLECTION, self), mongo.count(COLLECTION, others))
        .compose(counts -> (long) counts.resultAt(0) > 0 && (long) counts.resultAt(1) == 0
            ? Future.failedFuture(new Rejection(Failure.CONFLICT, "cannot " + action + " " + username
                + ": it is the only enabled admin; create or enable another admin first"))
            : Future.succeededFuture());
  }

  private static JsonObject enabledAdmins() {
    return new JsonObject().put("roles", Principal.ADMIN).put("disabled", new JsonObject().put("$ne", true));
  }

  private static List<FieldError> validate(String username, String password, List<String> roles,
      List<String> workshops) {
    List<FieldError> errors = new ArrayList<>();
    validateName("username", username, errors);
    validatePassword("password", password, errors);
    validateGrants(roles, workshops, errors);
    return errors;
  }

  /** A user's or a service account's name: {@link #USERNAME}. */
  static void validateName(String field, String name, List<FieldError> errors) {
    if (name == null || !USERNAME.matcher(name).matches()) {
      errors.add(new FieldError(field,
          "2–64 characters: lower-case letters, digits, '.', '_', '-'; starting with a letter or digit"));
    }
  }

  /** At least one known role; workshops are ids or {@code "*"}. */
  static void validateGrants(List<String> roles, List<String> workshops, List<FieldError> errors) {
    if (roles == null || roles.isEmpty()) {
      errors.add(new FieldError("roles", "at least one of " + sorted(ROLES)));
    } else {
      for (int i = 0; i < roles.size(); i++) {
        if (!ROLES.contains(roles.get(i))) {
          errors.add(new FieldError("roles[" + i + "]", "not one of " + sorted(ROLES)));
        }
      }
    }
    for (int i = 0; i < workshops.size(); i++) {
      String scope = workshops.get(i);
      if (!Principal.ALL_WORKSHOPS.equals(scope) && (scope == null || !WORKSHOP_ID.matcher(scope).matches())) {
        errors.add(new FieldError("workshops[" + i + "]", "neither a workshop id nor \"*\""));
      }
    }
  }

  static void validatePassword(String field, String password, List<FieldError> errors) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      errors.add(new FieldError(field, "at least " + MIN_PASSWORD_LENGTH + " characters"));
    } else if (password.length() > MAX_PASSWORD_LENGTH) {
      errors.add(new FieldError(field, "longer than " + MAX_PASSWORD_LENGTH + " characters"));
    }
  }

  private Future<User> verifyUser(JsonObject doc, String password, PasswordHasher.Lane lane) {
    String hash = doc.getString("hash");
    return hasher.verify(hash, password, lane)
        .recover(e -> {
          // A full hashing pool is the caller's 503; a hash that cannot be read is a wrong password.
          if (e instanceof Rejection) return Future.failedFuture(e);
          LOG.warn("Stored hash of user {} cannot be verified", doc.getString("_id"), e);
          return Future.succeededFuture(false);
        })
        .compose(ok -> {
          if (!ok) return Future.failedFuture(badCredentials());
          User user = userOf(doc);
          return user.disabled()
              ? Future.failedFuture(new Rejection(Failure.FORBIDDEN, "user " + user.username() + " is disabled"))
              : Future.succeededFuture(user);
        });
  }

  private Future<User> verifyDecoy(String password, PasswordHasher.Lane lane) {
    return decoyHash().compose(hash -> hasher.verify(hash, password, lane))
        .transform(ar -> Future.failedFuture(ar.failed() && ar.cause() instanceof Rejection ? ar.cause() : badCredentials()));
  }

  private static User userOf(JsonObject doc) {
    Principal principal = Principal.of(doc.getString("_id"), strings(doc.getJsonArray("roles")),
        strings(doc.getJsonArray("workshops")));
    Object version = doc.getValue("tokenVersion");
    return new User(principal, Boolean.TRUE.equals(doc.getValue("disabled")),
        version instanceof Number n ? n.longValue() : 0);
  }

  static List<String> strings(JsonArray array) {
    if (array == null) return List.of();
    List<String> result = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof String) result.add((String) item);
    }
    return result;
  }

  /** The query for one user, from a validated username: never client JSON. */
  private static JsonObject byName(String username) {
    return new JsonObject().put("_id", username);
  }

  private static Rejection noSuchUser(String username) {
    return Rejection.notFound("no user " + username);
  }

  private static Rejection badCredentials() {
    return new Rejection(Failure.UNAUTHENTICATED, BAD_CREDENTIALS);
  }

  private static boolean isConflict(Throwable e) {
    return e instanceof Rejection && ((Rejection) e).failure() == Failure.CONFLICT;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
