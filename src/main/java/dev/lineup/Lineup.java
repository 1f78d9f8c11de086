package dev.lineup;

import dev.lineup.auth.Auth;
import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.cluster.Hazelcast;
import dev.lineup.cluster.Rejoin;
import dev.lineup.config.Settings;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SiteArchive;
import dev.lineup.http.ApiRoutes;
import dev.lineup.http.HttpVerticle;
import dev.lineup.live.LiveBridge;
import dev.lineup.live.LiveOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.lineup.http.HttpOptions;
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
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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
    return vertx(settings).compose(vertx -> new Startup(vertx, settings).run());
  }

  /** Vert.x with Prometheus metrics; clustered over Hazelcast when configured. */
  private static Future<Vertx> vertx(Settings settings) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
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
    private Workshops workshops;

    Startup(Vertx vertx, Settings settings) {
      this.vertx = vertx;
      this.settings = settings;
    }

    Future<Lineup> run() {
      return startEmbeddedStore()
          .compose(v -> readKeys())
          .compose(v -> connectStore())
          .compose(v -> startAuth())
          .compose(v -> openWorkshops())
          .compose(v -> loadWorkshopsAhead())
          .compose(v -> watchCluster())
          .compose(v -> ensureAdmin())
          .compose(v -> serveHttp())
          .onFailure(t -> abort());
    }

    /** The embedded store, unless a MongoDB is configured. Blocking: opens a file, binds a port. */
    private Future<Void> startEmbeddedStore() {
      Settings.Store store = settings.store();
      if (!store.embedded()) return Future.succeededFuture();
      return vertx.executeBlocking(() -> EmbeddedStore.start(store.dataDir(), store.embeddedPort(), store.embeddedPassword()))
          .onSuccess(started -> embedded = started)
          .mapEmpty();
    }

    /** Keys are files (the data folder's secret, an identity provider's keys): read off the event loop. */
    private Future<Void> readKeys() {
      return vertx.executeBlocking(() -> authOptions(settings))
          .compose(options -> JwtAuthenticator.create(vertx, options))
          .onSuccess(created -> keys = created)
          .mapEmpty();
    }

    private Future<Void> connectStore() {
      Settings.Store store = settings.store();
      String uri = embedded != null ? embedded.connectionString() : store.mongoUri();
      mongo = MongoClient.createShared(vertx, mongoConfig(store, embedded != null ? embedded.connectionString() : null),
          "lineup-" + uri);
      return Future.succeededFuture();
    }

    /** Users, service accounts, login throttling and the authenticator every call goes through. */
    private Future<Void> startAuth() {
      return Auth.start(vertx, keys, mongo, settings.config()).onSuccess(started -> auth = started).mapEmpty();
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
        Rejoin.watch(vertx, workshops.context(), workshops.store(), settings.cluster().mergeMillis());
      }
      return Future.succeededFuture();
    }

    /** Creates the admin from the configured password; says loudly when nobody can sign in to change anything. */
    private Future<Void> ensureAdmin() {
      return auth.ensureAdmin(settings.adminPassword());
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
      return webhooks.start()
          .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(routes, http, port::set),
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
