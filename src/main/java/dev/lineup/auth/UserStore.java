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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The users who may ask for a token: collection {@code users}, documents
 * {@code {_id: username, hash, roles, workshops}}. Queries are built from validated strings only,
 * never from client JSON, so no {@code $}-operator can reach MongoDB.
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

  private final MongoClient mongo;
  private final PasswordHasher hasher;
  /**
   * Verified against for unknown users, so that they take as long as a wrong password. Made on
   * first need: a slow hash at every start would slow every start.
   */
  private Future<String> decoyHash;

  public UserStore(MongoClient mongo, PasswordHasher hasher) {
    this.mongo = mongo;
    this.hasher = hasher;
  }

  private synchronized Future<String> decoyHash() {
    if (decoyHash == null || decoyHash.failed()) decoyHash = hasher.hash(UUID.randomUUID().toString());
    return decoyHash;
  }

  /** Creates {@code admin} (roles [admin], workshops ["*"]) unless it exists; never changes it. */
  public Future<Void> ensureAdmin(String password) {
    return mongo.findOne(COLLECTION, byName(ADMIN_USER), new JsonObject())
        .compose(existing -> {
          if (existing != null) {
            LOG.info("User {} exists; the admin password setting is not applied again", ADMIN_USER);
            return Future.succeededFuture();
          }
          return create(ADMIN_USER, password, List.of(Principal.ADMIN), List.of(Principal.ALL_WORKSHOPS))
              .onSuccess(v -> LOG.info("Created user {}", ADMIN_USER))
              // Another node created it at the same moment: that is the state we wanted.
              .recover(e -> isConflict(e) ? Future.succeededFuture() : Future.failedFuture(e));
        });
  }

  /**
   * The principal of a user whose password matches; else {@link Failure#UNAUTHENTICATED} with the
   * same message and about the same time whether the user is unknown or the password wrong.
   */
  public Future<Principal> login(String username, String password) {
    if (password == null || password.length() > MAX_PASSWORD_LENGTH) {
      return Future.failedFuture(badCredentials());
    }
    if (username == null || !USERNAME.matcher(username).matches()) {
      return verifyDecoy(password);
    }
    return mongo.findOne(COLLECTION, byName(username), new JsonObject())
        .compose(doc -> doc == null ? verifyDecoy(password) : verifyUser(doc, password));
  }

  /**
   * Stores a new user. {@link Failure#INVALID} naming each bad field ({@code username},
   * {@code password}, {@code roles[i]}, {@code workshops[i]}); {@link Failure#CONFLICT} when the
   * username is taken.
   */
  public Future<Void> create(String username, String password, List<String> roles, List<String> workshops) {
    List<String> scopes = workshops == null ? List.of() : workshops;
    List<FieldError> errors = validate(username, password, roles, scopes);
    if (!errors.isEmpty()) return Future.failedFuture(Rejection.invalid(errors));
    return hasher.hash(password)
        .compose(hash -> mongo.insert(COLLECTION, new JsonObject()
            .put("_id", username)
            .put("hash", hash)
            .put("roles", new JsonArray(List.copyOf(new LinkedHashSet<>(roles))))
            .put("workshops", new JsonArray(List.copyOf(new LinkedHashSet<>(scopes))))))
        .recover(e -> Future.failedFuture(DuplicateKey.is(e)
            ? new Rejection(Failure.CONFLICT, "user " + username + " exists")
            : e))
        .mapEmpty();
  }

  /** Every user (username as subject, roles, workshops), by username; never the hashes. */
  public Future<List<Principal>> list() {
    FindOptions options = new FindOptions()
        .setFields(new JsonObject().put("roles", 1).put("workshops", 1))
        .setSort(new JsonObject().put("_id", 1));
    return mongo.findWithOptions(COLLECTION, new JsonObject(), options)
        .map(docs -> docs.stream().map(UserStore::principalOf).toList());
  }

  private static List<FieldError> validate(String username, String password, List<String> roles,
      List<String> workshops) {
    List<FieldError> errors = new ArrayList<>();
    if (username == null || !USERNAME.matcher(username).matches()) {
      errors.add(new FieldError("username",
          "2–64 characters: lower-case letters, digits, '.', '_', '-'; starting with a letter or digit"));
    }
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      errors.add(new FieldError("password", "at least " + MIN_PASSWORD_LENGTH + " characters"));
    } else if (password.length() > MAX_PASSWORD_LENGTH) {
      errors.add(new FieldError("password", "longer than " + MAX_PASSWORD_LENGTH + " characters"));
    }
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
    return errors;
  }

  private Future<Principal> verifyUser(JsonObject doc, String password) {
    String hash = doc.getString("hash");
    return hasher.verify(hash, password)
        .recover(e -> {
          LOG.warn("Stored hash of user {} cannot be verified", doc.getString("_id"), e);
          return Future.succeededFuture(false);
        })
        .compose(ok -> ok ? Future.succeededFuture(principalOf(doc)) : Future.failedFuture(badCredentials()));
  }

  private Future<Principal> verifyDecoy(String password) {
    return decoyHash().compose(hash -> hasher.verify(hash, password))
        .transform(ignored -> Future.failedFuture(badCredentials()));
  }

  private static Principal principalOf(JsonObject doc) {
    return Principal.of(doc.getString("_id"), strings(doc.getJsonArray("roles")),
        strings(doc.getJsonArray("workshops")));
  }

  private static List<String> strings(JsonArray array) {
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
