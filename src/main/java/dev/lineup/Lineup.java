package dev.lineup;

import dev.lineup.auth.Auth;
import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtAuthenticator;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SiteArchive;
import dev.lineup.http.ApiRoutes;
import dev.lineup.live.LiveBridge;
import dev.lineup.live.LiveOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import dev.lineup.http.HttpOptions;
import dev.lineup.http.HttpVerticle;
import dev.lineup.schedule.Decider;
import dev.lineup.store.ConnectionStrings;
import dev.lineup.store.Durability;
import dev.lineup.store.EmbeddedStore;
import dev.lineup.store.EventStore;
import dev.lineup.store.GroupCommit;
import dev.lineup.workshops.CommandConsumer;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import dev.lineup.workshops.WorkshopsOptions;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running Lineup node, composed from its parts: Vert.x (clustered or not), the store
 * (embedded or MongoDB), keys and users, the workshop pipeline, the command consumer, the HTTP
 * servers. {@link Main} starts one; tests start several in one JVM.
 */
public final class Lineup {

  private static final Logger LOG = LoggerFactory.getLogger(Lineup.class);

  private final Vertx vertx;
  private final EmbeddedStore embedded;
  private final Workshops workshops;
  private final JwtAuthenticator authenticator;
  private final int httpPort;
  private final String httpDeployment;

  private Lineup(Vertx vertx, EmbeddedStore embedded, Workshops workshops,
                 JwtAuthenticator authenticator, int httpPort, String httpDeployment) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.workshops = workshops;
    this.authenticator = authenticator;
    this.httpPort = httpPort;
    this.httpDeployment = httpDeployment;
  }

  /** Starts a node as the configuration says (see config/lineup.yaml). */
  public static Future<Lineup> start(JsonObject config) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
    // The event bus's own TCP server listens (and is announced) on the cluster host; without it
    // Vert.x takes Hazelcast's public address "host:port" as a host name, and nodes never connect.
    if (config.getBoolean("cluster", false)) options.getEventBusOptions().setHost(config.getString("cluster_host"));
    Future<Vertx> vertx = config.getBoolean("cluster", false)
        ? Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(config))).buildClustered()
        : Future.succeededFuture(Vertx.builder().with(options).build());
    // A node that failed to start releases its threads; Vert.x cannot close from its own loop.
    return vertx.compose(v -> start(v, config).onFailure(t -> new Thread(v::close, "lineup-abort").start()));
  }

  /** Hazelcast with TCP-IP join on the listed members: no multicast, nothing discovered by chance. */
  static Config hazelcast(JsonObject config) {
    Config hz = new Config();
    hz.setClusterName(config.getString("cluster_name"));
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    NetworkConfig network = hz.getNetworkConfig();
    String host = config.getString("cluster_host");
    network.setPort(config.getInteger("cluster_port")).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
    for (String member : config.getString("cluster_members", "").split(",")) {
      if (!member.isBlank()) tcp.addMember(member.trim());
    }
    return hz;
  }

  private static Future<Lineup> start(Vertx vertx, JsonObject config) {
    AuthOptions authOptions = authOptions(config);
    Future<EmbeddedStore> embedded = config.getString("mongo_uri", "").isBlank()
        ? vertx.executeBlocking(() -> EmbeddedStore.start(Path.of(config.getString("data_dir")),
            config.getInteger("store_port", 0), config.getString("store_password", "")))
        : Future.succeededFuture(null);
    return JwtAuthenticator.create(vertx, authOptions).compose(keys -> embedded.compose(store -> {
      String uri = store != null ? store.connectionString() : config.getString("mongo_uri");
      int timeout = config.getInteger("store_timeout_ms", 2000);
      MongoClient mongo = MongoClient.createShared(vertx, new JsonObject()
          .put("connection_string", ConnectionStrings.withTimeouts(uri, timeout))
          .put("db_name", config.getString("mongo_db", "lineup")), "lineup-" + uri);
      Context context = vertx.getOrCreateContext();
      Durability durability = store != null ? new GroupCommit(vertx, context, store::commit)
          : Durability.byWriteConcern();
      Decider decider = new Decider(new JekyllPages(), config.getString("timezone"));
      String adminPassword = config.getString("admin_password", "");
      return Auth.start(vertx, keys, mongo, config).compose(auth -> EventStore.open(mongo, timeout)
          .map(eventStore -> new Workshops(vertx, context, eventStore, durability, decider,
              WorkshopsOptions.defaults().withHistoryEvery(config.getInteger("history_snapshot_every", 100))))
          .compose(workshops -> workshops.loadAll()
              .map(n -> {
                LOG.info("{} workshop(s) loaded", n);
                return workshops;
              })
              // Loading ahead is an optimisation: a workshop not loaded now loads on first use.
              .otherwise(t -> {
                LOG.warn("workshops not loaded ahead ({}); they load on first use", t.toString());
                return workshops;
              })
              .onSuccess(w -> w.watchStore(1_000)))
          .compose(workshops -> auth.ensureAdmin(adminPassword).map(workshops))
          .compose(workshops -> {
            JwtAuthenticator authenticator = auth.authenticator();
            CommandGateway gateway = new CommandGateway(authenticator, workshops);
            CommandConsumer.register(vertx, gateway);
            LiveBridge live = LiveBridge.create(vertx, LiveOptions.fromConfig(config), authenticator);
            MeterRegistry registry = BackendRegistries.getDefaultNow();
            if (registry != null) live.bindMetrics(registry);
            HttpOptions http = HttpOptions.fromConfig(config);
            ApiRoutes routes = new ApiRoutes(workshops, gateway, auth, live, http,
                new ApiRoutes.SiteOptions(config.getInteger("max_site_bytes"),
                    new SiteArchive.Limits(config.getInteger("max_site_entries"),
                        config.getLong("max_site_expanded_bytes"), config.getInteger("max_page_bytes")),
                    config.getInteger("export_default_minutes")));
            AtomicInteger port = new AtomicInteger();
            int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            return vertx.deployVerticle(() -> new HttpVerticle(routes, http, port::set),
                    new DeploymentOptions().setInstances(instances))
                .map(id -> new Lineup(vertx, store, workshops, authenticator, port.get(), id));
          }));
    }));
  }

  /** The key and claim rules of the configuration; also what {@code lineup token} signs with. */
  public static AuthOptions authOptions(JsonObject config) {
    return AuthOptions.fromConfig(config);
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

  /** Stops the node, on a thread of its own: Vert.x cannot await its own close from its event loops. */
  public CompletableFuture<Void> stop() {
    return CompletableFuture.runAsync(this::stopInOrder, runnable -> new Thread(runnable, "lineup-stop").start());
  }

  /**
   * In order, each step waiting for the one before: the HTTP servers stop accepting and finish the
   * requests in flight (commands waiting for durability among them) while the store is still there;
   * then Vert.x closes (store client, cluster membership); then the embedded store commits and closes.
   */
  private void stopInOrder() {
    LOG.info("stopping: no new requests; finishing those in flight");
    try {
      vertx.undeploy(httpDeployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("HTTP servers did not stop cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (embedded != null) embedded.close();
    LOG.info("stopped");
  }

}
