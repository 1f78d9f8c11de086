package dev.lineup;

import dev.lineup.auth.Authenticator;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.http.ApiRoutes;
import dev.lineup.http.HttpVerticle;
import dev.lineup.schedule.Decider;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running Lineup node, composed from its parts: store (embedded or MongoDB), the workshop
 * pipeline, the command consumer, the HTTP servers. {@link Main} starts one; tests start several.
 */
public final class Lineup {

  private static final Logger LOG = LoggerFactory.getLogger(Lineup.class);

  private final Vertx vertx;
  private final EmbeddedStore embedded;
  private final MongoClient mongo;
  private final Workshops workshops;
  private final int httpPort;

  private Lineup(Vertx vertx, EmbeddedStore embedded, MongoClient mongo, Workshops workshops, int httpPort) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.mongo = mongo;
    this.workshops = workshops;
    this.httpPort = httpPort;
  }

  public static Future<Lineup> start(Vertx vertx, JsonObject config, Authenticator authenticator) {
    String mongoUri = config.getString("mongo_uri", "");
    Future<EmbeddedStore> embedded = mongoUri.isBlank()
        ? vertx.executeBlocking(() -> EmbeddedStore.start(Path.of(config.getString("data_dir")),
            config.getInteger("store_port", 0)))
        : Future.succeededFuture(null);
    return embedded.compose(store -> {
      String uri = store != null ? store.connectionString() : mongoUri;
      int timeout = config.getInteger("store_timeout_ms", 2000);
      MongoClient mongo = MongoClient.createShared(vertx, new JsonObject()
          .put("connection_string", uri)
          .put("db_name", config.getString("mongo_db", "lineup"))
          .put("serverSelectionTimeoutMS", timeout)
          .put("connectTimeoutMS", timeout)
          .put("socketTimeoutMS", Math.max(timeout * 5, 10_000)), "lineup-" + uri);
      Context context = vertx.getOrCreateContext();
      Durability durability = store != null ? new GroupCommit(vertx, context, store::commit)
          : Durability.byWriteConcern();
      Decider decider = new Decider(new JekyllPages(), config.getString("timezone"));
      return EventStore.open(vertx, mongo, timeout)
          .map(eventStore -> new Workshops(vertx, context, eventStore, durability, decider,
              WorkshopsOptions.defaults()))
          .compose(workshops -> workshops.loadAll().map(n -> {
            LOG.info("{} workshop(s) loaded", n);
            return workshops;
          }))
          .compose(workshops -> {
            CommandGateway gateway = new CommandGateway(authenticator, workshops);
            CommandConsumer.register(vertx, gateway);
            ApiRoutes routes = new ApiRoutes(workshops, gateway, config.getInteger("max_command_bytes"),
                config.getInteger("max_page_bytes"));
            AtomicInteger port = new AtomicInteger();
            int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            return vertx.deployVerticle(() -> new HttpVerticle(routes, config.getInteger("http_port"), port::set),
                    new DeploymentOptions().setInstances(instances))
                .map(id -> new Lineup(vertx, store, mongo, workshops, port.get()));
          });
    });
  }

  public int httpPort() {
    return httpPort;
  }

  public Workshops workshops() {
    return workshops;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The embedded store's port, or -1 when an external MongoDB is used. */
  public int storePort() {
    return embedded == null ? -1 : embedded.port();
  }

  /** Stops serving, then closes the store (the embedded one commits on close). */
  public Future<Void> close() {
    return mongo.close().eventually(vertx::close).andThen(ar -> {
      if (embedded != null) embedded.close();
    });
  }
}
