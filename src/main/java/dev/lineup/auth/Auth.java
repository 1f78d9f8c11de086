package dev.lineup.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Everything a node needs for who is who, put together once: the authenticator (Lineup's keys, the
 * provider's JWKS, the subject checks), users, service accounts, login throttling, the routes and
 * the health check. Shared by the node's HTTP server instances (every piece is thread-safe).
 */
public final class Auth {

  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);

  private final JwtAuthenticator authenticator;
  private final UserStore users;
  private final ServiceAccounts accounts;
  private final SubjectCache subjects;
  private final Jwks jwks;
  private final LoginThrottle throttle;
  private final ClientAddress clients;

  private Auth(Vertx vertx, JwtAuthenticator keys, MongoClient mongo, LoginOptions login, PasswordHasher hasher,
               LongSupplier clock) {
    AuthOptions options = keys.options();
    this.subjects = new SubjectCache(vertx, this::subject, login.subjectCacheSeconds() * 1000L, clock);
    this.users = new UserStore(mongo, hasher, subjects::changed, clock);
    this.accounts = new ServiceAccounts(mongo, subjects::changed, clock);
    this.jwks = options.provider().jwksUrl() == null ? null : new Jwks(vertx, options.provider(), clock);
    this.authenticator = keys.with(jwks, subjects);
    this.throttle = new LoginThrottle(login, clock);
    this.clients = ClientAddress.trusting(login.trustedProxies());
  }

  /**
   * The password hasher of the login settings of {@code config} (its own pools), made before the
   * rest of a node so that the admin's hash can begin first ({@link #ensureAdmin}).
   *
   * @throws IllegalArgumentException when a login setting is out of range
   */
  public static PasswordHasher hasher(Vertx vertx, JsonObject config) {
    LoginOptions login = LoginOptions.fromConfig(config);
    return new PasswordHasher(vertx, login.hashIterations(), login.hashThreads(), login.hashQueue());
  }

  /**
   * A node's auth on the store {@code mongo}, with the login settings of {@code config} and their
   * {@code hasher} ({@link #hasher}): listens for changes made on other nodes and makes the first
   * JWKS fetch (a failed one does not stop the node).
   */
  public static Future<Auth> start(Vertx vertx, JwtAuthenticator keys, MongoClient mongo, JsonObject config,
                                   PasswordHasher hasher) {
    Auth auth;
    try {
      auth = new Auth(vertx, keys, mongo, LoginOptions.fromConfig(config), hasher, System::currentTimeMillis);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<Void> keysFetched = auth.jwks == null ? Future.succeededFuture() : auth.jwks.start();
    return Future.all(auth.subjects.listen(), keysFetched).map(auth);
  }

  /** Every call's authenticator (REST, the bridge, the command consumer). */
  public JwtAuthenticator authenticator() {
    return authenticator;
  }

  public UserStore users() {
    return users;
  }

  /**
   * With a password: creates {@code admin} unless it exists (with {@code hashAhead}, the password's
   * hash begun earlier by {@link UserStore#hashAhead}, when not null). Without: says loudly when no
   * enabled admin exists, since nobody could then administer the node.
   */
  public Future<Void> ensureAdmin(String password, Future<String> hashAhead) {
    if (password != null && !password.isBlank()) return users.ensureAdmin(password, hashAhead);
    return users.hasAdmin()
        .onSuccess(has -> {
          if (!has) {
            LOG.warn("No admin user exists and LINEUP_ADMIN_PASSWORD is not set: nobody can sign in to"
                + " administer this node. Start it once with LINEUP_ADMIN_PASSWORD='<a good password>' to create"
                + " the user admin (or mint a token with: java -jar lineup.jar token --sub <you> --role admin).");
          }
        })
        .<Void>mapEmpty()
        .otherwise(e -> {
          LOG.warn("could not check for an admin user: {}", e.toString());
          return null;
        });
  }

  /** The routes of tokens, users and service accounts. Expects a BodyHandler before them. */
  public void mount(Router router) {
    new AuthRoutes(authenticator, users, throttle, clients).mount(router);
    new UserRoutes(authenticator, users).mount(router);
    new ServiceAccountRoutes(authenticator, accounts).mount(router);
  }

  /**
   * With a JWKS: the check {@code identity-provider}, which says whether the provider's keys are at
   * hand and, if not, why. It stays UP either way: reads and Lineup's own tokens are served without
   * them, and a node taken out of rotation for it would not serve those either.
   */
  public void registerHealth(HealthCheckHandler health) {
    if (jwks != null) health.register("identity-provider", promise -> promise.complete(Status.OK(jwks.status())));
  }

  private Future<SubjectCache.Subject> subject(String subject) {
    if (subject.startsWith(ServiceAccounts.SUBJECT_PREFIX)) {
      return accounts.find(subject.substring(ServiceAccounts.SUBJECT_PREFIX.length()))
          .map(account -> new SubjectCache.Subject(null, account));
    }
    if (!UserStore.USERNAME.matcher(subject).matches()) return Future.succeededFuture(SubjectCache.Subject.NONE);
    return users.find(subject).map(user -> new SubjectCache.Subject(user, null));
  }
}
