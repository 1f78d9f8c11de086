package dev.lineup;

import dev.lineup.auth.Auth;
import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.auth.PasswordHasher;
import dev.lineup.cluster.Hazelcast;
import dev.lineup.cluster.Rejoin;
import dev.lineup.config.Settings;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SiteArchive;
import dev.lineup.http.ApiRoutes;
import dev.lineup.http.HostGuard;
import dev.lineup.http.HttpOptions;
import dev.lineup.http.HttpVerticle;
import dev.lineup.live.LiveBridge;
import dev.lineup.live.LiveOptions;
import dev.lineup.schedule.Decider;
import dev.lineup.store.ConnectionStrings;
import dev.lineup.store.Durability;
import dev.lineup.store.EmbeddedStore;
import dev.lineup.store.EventStore;
import dev.lineup.store.GroupCommit;
import dev.lineup.stream.EventStreams;
import dev.lineup.stream.StreamOptions;
import dev.lineup.webhooks.WebhookOptions;
import dev.lineup.webhooks.Webhooks;
import dev.lineup.workshops.CommandConsumer;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import dev.lineup.workshops.WorkshopsOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running Lineup node, composed from its parts: Vert.x (clustered or not), the store
 * (embedded or MongoDB), keys and users, the workshop pipeline, the command consumer, the HTTP
 * servers. {@link Main} starts one; tests start several in one JVM.
 */
public final class Lineup {

  private static final Logger LOG = LoggerFactory.getLogger(Lineup.class);
  private static final long STORE_WATCH_MILLIS = 1_000;
  private static final long STOP_STEP_SECONDS = 30;

  private final Vertx vertx;
  private final EmbeddedStore embedded;
  private final Workshops workshops;
  private final JwtAuthenticator authenticator;
  private final int httpPort;
  private final String httpDeployment;
  private final Webhooks webhooks;

  private Lineup(Vertx vertx, EmbeddedStore embedded, Workshops workshops,
                 JwtAuthenticator authenticator, int httpPort, String httpDeployment, Webhooks webhooks) {
    this.vertx = vertx;
    this.webhooks = webhooks;
    this.embedded = embedded;
    this.workshops = workshops;
    this.authenticator = authenticator;
    this.httpPort = httpPort;
    this.httpDeployment = httpDeployment;
  }

  /** Starts a node as the settings say (see config/lineup.yaml). */
  public static Future<Lineup> start(Settings settings) {
    Settings.Store store = settings.store();
    // Looked at before the store opens (which makes the file). Blocking, as the opening is.
    boolean firstStart = !store.embedded() || EmbeddedStore.fresh(store.dataDir());
    // The embedded store opens (a file, a port) on a thread of its own while Vert.x is built:
    // neither needs the other.
    CompletableFuture<EmbeddedStore> opening = store.embedded()
        ? CompletableFuture.supplyAsync(() -> EmbeddedStore.start(store.dataDir(), store.embeddedPort(),
            store.embeddedPassword()), task -> new Thread(task, "lineup-store-open").start())
        : CompletableFuture.completedFuture(null);
    return vertx(settings)
        .onFailure(t -> opening.thenAccept(opened -> {
          if (opened != null) opened.close();
        }))
        .compose(vertx -> new Startup(vertx, settings, opening, firstStart).run());
  }

  /**
   * Vert.x with Prometheus metrics; clustered over Hazelcast when configured. Without Vert.x's
   * HTTP server metrics: their socket metric is taken when a connection is accepted, and a connection
   * accepted in the instant between the port's bind and the creation of those metrics throws on its
   * first request and hangs until the idle timeout (seen once in ~30 starts, a /health poll at start).
   */
  private static Future<Vertx> vertx(Settings settings) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .setEnabled(true));
    return settings.cluster().enabled()
        ? Hazelcast.clusteredVertx(options, settings.cluster())
        : Future.succeededFuture(Vertx.builder().with(options).build());
  }

  /**
   * The store client's configuration: the embedded store's connection (durable by its own group
   * commit), or LINEUP_MONGO_URI with w=majority and journaling unless it names a write concern.
   */
  public static JsonObject mongoConfig(Settings.Store store, String embeddedUri) {
    String uri = embeddedUri != null ? ConnectionStrings.withTimeouts(embeddedUri, store.timeoutMillis())
        : ConnectionStrings.forMongo(store.mongoUri(), store.timeoutMillis());
    return new JsonObject().put("connection_string", uri).put("db_name", store.mongoDb());
  }

  /** The key and claim rules of the settings; also what {@code lineup token} signs with. Blocking: reads key files. */
  public static AuthOptions authOptions(Settings settings) {
    return AuthOptions.fromConfig(settings.config());
  }

  /** The start of a node, step by step; what one step makes, the next ones use. */
  private static final class Startup {

    private final Vertx vertx;
    private final Settings settings;
    private EmbeddedStore embedded;
    private MongoClient mongo;
    private JwtAuthenticator keys;
    private Auth auth;
    private PasswordHasher hasher;
    private Future<String> adminHash;
    private Future<HostGuard> hosts;
    private Workshops workshops;
    private final long began = System.nanoTime();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    private final CompletionStage<EmbeddedStore> opening;
    private final boolean firstStart;

    /**
     * @param opening    the embedded store being opened (null in it when a MongoDB is configured)
     * @param firstStart true when the admin may well be missing (a fresh embedded data folder, or a MongoDB)
     */
    Startup(Vertx vertx, Settings settings, CompletionStage<EmbeddedStore> opening, boolean firstStart) {
      this.vertx = vertx;
      this.settings = settings;
      this.opening = opening;
      this.firstStart = firstStart;
    }

    /**
     * What does not depend on each other runs at once: the admin's password hash (the slowest
     * step of a first start) and the lookup of this machine's names from the beginning, the store and
     * the keys together, the admin and the workshops together. The HTTP servers listen last: a node
     * that answers /health serves.
     */
    Future<Lineup> run() {
      hosts = timed("hosts", HostGuard.lookUp(vertx, HttpOptions.fromConfig(settings.config()).publicOrigins()));
      return timed("admin hash begun", hashAdminAhead())
          .compose(v -> Future.join(timed("store", startEmbeddedStore()).compose(s -> timed("store client", connectStore())),
              timed("keys", readKeys())))
          .compose(v -> timed("auth", startAuth()))
          .compose(v -> Future.all(timed("admin", ensureAdmin()),
              timed("workshops", openWorkshops().compose(w -> loadWorkshopsAhead()).compose(w -> watchCluster()))))
          .compose(v -> timed("http", serveHttp()))
          .onSuccess(node -> LOG.info("start-up steps (ms since the node began starting): {}", steps))
          .onFailure(t -> abort());
    }

    /** Notes when {@code step} ended, for the log line that says where a start spent its time. */
    private <T> Future<T> timed(String step, Future<T> future) {
      return future.onSuccess(v -> {
        synchronized (steps) {
          steps.put(step, (System.nanoTime() - began) / 1_000_000);
        }
      });
    }

    /**
     * With an admin password on a first start (a fresh embedded data folder, or a MongoDB, where
     * the admin may be missing), its hash begins now, on the hashing pool, while the rest starts;
     * it is used only if the admin is missing.
     */
    private Future<Void> hashAdminAhead() {
      try {
        hasher = Auth.hasher(vertx, settings.config());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
      String password = settings.adminPassword();
      if (firstStart && password != null && !password.isBlank()) adminHash = hasher.hash(password);
      return Future.succeededFuture();
    }

    /** The embedded store, unless a MongoDB is configured. Blocking: opens a file, binds a port. */
    private Future<Void> startEmbeddedStore() {
      return Future.fromCompletionStage(opening, vertx.getOrCreateContext())
          .onSuccess(opened -> embedded = opened)
          .mapEmpty();
    }

    /** Keys are files (the data folder's secret, an identity provider's keys): read off the event loop. */
    private Future<Void> readKeys() {
      return vertx.executeBlocking(() -> authOptions(settings), false)
          .compose(options -> JwtAuthenticator.create(vertx, options))
          .onSuccess(created -> keys = created)
          .mapEmpty();
    }

    /** The store client; made on a worker (it loads the driver), beside the reading of the keys. */
    private Future<Void> connectStore() {
      Settings.Store store = settings.store();
      String uri = embedded != null ? embedded.connectionString() : store.mongoUri();
      return vertx.executeBlocking(() -> MongoClient.createShared(vertx,
              mongoConfig(store, embedded != null ? embedded.connectionString() : null), "lineup-" + uri), false)
          .onSuccess(client -> mongo = client)
          .mapEmpty();
    }

    /** Users, service accounts, login throttling and the authenticator every call goes through. */
    private Future<Void> startAuth() {
      return Auth.start(vertx, keys, mongo, settings.config(), hasher).onSuccess(started -> auth = started).mapEmpty();
    }

    private Future<Void> openWorkshops() {
      Context context = vertx.getOrCreateContext();
      Durability durability = embedded != null
          ? new GroupCommit(vertx, context, embedded::commit) : Durability.byWriteConcern();
      Decider decider = new Decider(new JekyllPages(), settings.schedules().timezone());
      Settings.Schedules schedules = settings.schedules();
      WorkshopsOptions options = WorkshopsOptions.defaults()
          .withHistoryEvery(schedules.historySnapshotEvery())
          .withTailSize(schedules.eventsInMemory())
          .withSizeBounds(schedules.maxEventBytes(), schedules.maxSnapshotBytes());
      return EventStore.open(mongo, settings.store().timeoutMillis())
          .onSuccess(store -> workshops = new Workshops(vertx, context, store, durability, decider, options))
          .mapEmpty();
    }

    /** Loading ahead lets meeting-wide warnings see every workshop; one not loaded now loads on first use. */
    private Future<Void> loadWorkshopsAhead() {
      return workshops.loadAll()
          .onSuccess(n -> LOG.info("{} workshop(s) loaded", n))
          .<Void>mapEmpty()
          .otherwise(t -> {
            LOG.warn("workshops not loaded ahead ({}); they load on first use", t.toString());
            return null;
          })
          .onSuccess(v -> workshops.watchStore(STORE_WATCH_MILLIS));
    }

    /** Clustered: after a partition heals, this node's browsers and workshops catch up on what the other side wrote. */
    private Future<Void> watchCluster() {
      if (settings.cluster().enabled()) {
        Rejoin.watch(vertx, workshops, settings.cluster().mergeMillis());
      }
      return Future.succeededFuture();
    }

    /** Creates the admin from the configured password; says loudly when nobody can sign in to change anything. */
    private Future<Void> ensureAdmin() {
      return auth.ensureAdmin(settings.adminPassword(), adminHash);
    }

    private Future<Lineup> serveHttp() {
      JwtAuthenticator authenticator = auth.authenticator();
      CommandGateway gateway = new CommandGateway(authenticator, workshops);
      CommandConsumer.register(vertx, gateway);
      LiveBridge live = LiveBridge.create(vertx, LiveOptions.fromConfig(settings.config()), authenticator);
      MeterRegistry registry = BackendRegistries.getDefaultNow();
      if (registry != null) live.bindMetrics(registry);
      MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
      EventStreams streams = new EventStreams(vertx, workshops, StreamOptions.fromConfig(settings.config()), meters);
      Webhooks webhooks = Webhooks.create(vertx, workshops.store(), workshops, gateway,
          WebhookOptions.fromConfig(settings.config()), meters);
      HttpOptions http = sharedPort(HttpOptions.fromConfig(settings.config()));
      Settings.Sites sites = settings.sites();
      ApiRoutes routes = new ApiRoutes(workshops, gateway, auth, live, streams, webhooks, http,
          new ApiRoutes.SiteOptions(sites.maxBytes(),
              new SiteArchive.Limits(sites.maxEntries(), sites.maxExpandedBytes(), http.maxPageBytes()),
              settings.schedules().exportDefaultMinutes()));
      AtomicInteger port = new AtomicInteger();
      int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      return Future.all(webhooks.start(), hosts)
          .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(routes, http, hosts.result(), port::set),
              new DeploymentOptions().setInstances(instances)))
          .map(id -> new Lineup(vertx, embedded, workshops, authenticator, port.get(), id, webhooks));
    }

    /** Port 0 would give each server instance a random port of its own; -1 is one random port they share. */
    private static HttpOptions sharedPort(HttpOptions http) {
      if (http.port() != 0) return http;
      return new HttpOptions(-1, http.publicOrigins(), http.maxBodyBytes(), http.maxTokenBodyBytes(),
          http.maxCommandBytes(), http.maxPageBytes(), http.bodyTimeoutMs(), http.idleTimeoutSeconds(),
          http.maxFrameBytes());
    }

    /** A node that failed to start releases its threads and its store; Vert.x cannot close from its own loop. */
    private void abort() {
      new Thread(() -> {
        vertx.close();
        if (embedded != null) embedded.close();
      }, "lineup-abort").start();
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public Workshops workshops() {
    return workshops;
  }

  public JwtAuthenticator authenticator() {
    return authenticator;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The embedded store's port, or -1 when an external MongoDB is used. */
  public int storePort() {
    return embedded == null ? -1 : embedded.port();
  }

  /**
   * Stops the node in order, each step waiting for the one before: the HTTP servers stop accepting
   * and finish the requests in flight (commands waiting for durability among them) while the store
   * is still there; webhook deliveries stop; then Vert.x closes (store client, cluster membership); then the embedded store
   * commits and closes. Never fails: a step that goes wrong is logged and the next one runs.
   */
  public Future<Void> stop() {
    LOG.info("stopping: no new requests; finishing those in flight");
    Promise<Void> stopped = Promise.promise();
    vertx.undeploy(httpDeployment)
        .timeout(STOP_STEP_SECONDS, TimeUnit.SECONDS)
        .onFailure(t -> LOG.warn("HTTP servers did not stop cleanly: {}", t.toString()))
        .transform(ar -> webhooks.stop().timeout(STOP_STEP_SECONDS, TimeUnit.SECONDS))
        .onFailure(t -> LOG.warn("webhook deliveries did not stop cleanly: {}", t.toString()))
        // Vert.x cannot close from its own event loop: the rest runs on a thread of its own.
        .onComplete(ar -> new Thread(() -> {
          closeVertxAndStore();
          stopped.complete();
        }, "lineup-stop").start());
    return stopped.future();
  }

  private void closeVertxAndStore() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_STEP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (embedded != null) embedded.close();
    LOG.info("stopped");
  }
}
