package dev.lineup.bench;

import dev.lineup.store.EmbeddedStore;
import dev.lineup.store.GroupCommit;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baselines Lineup is measured against, each run in a child JVM of its own (see {@link Child}):
 * <ul>
 *   <li>{@code bridge PORT INSTANCES}: the stock vertx-web bridge ({@code SockJSHandler.create(vertx).bridge(...)},
 *       no store, no auth) at {@code /eventbus}, and {@code POST /publish/ADDRESS} publishing the body
 *       on the event bus;</li>
 *   <li>{@code static PORT INSTANCES DIR}: vertx-web's StaticHandler serving DIR at {@code /static/};</li>
 *   <li>{@code store DIR TEMPLATE_FILE WRITERS WORKSHOPS WARMUP_S SECONDS}: the raw store ceiling:
 *       the embedded mongo-java-server on an H2 file, and WRITERS concurrent loops issuing Lineup's
 *       event insert and snapshot replace directly through vertx-mongo-client, acknowledged after
 *       the same group commit Lineup uses; prints one JSON line {@code RESULT {...}} and exits.</li>
 * </ul>
 */
public final class BaselineServer {

  private BaselineServer() {
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "bridge" -> serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]), null);
      case "static" -> serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
      case "store" -> store(Path.of(args[1]), new JsonObject(Files.readString(Path.of(args[2]))),
          Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** As many HTTP server instances on one port as Lineup deploys (one per core, at most 4). */
  private static void serve(int port, int instances, String staticDir) {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new Server(port, staticDir), new DeploymentOptions().setInstances(instances))
        .onFailure(t -> {
          t.printStackTrace();
          System.exit(1);
        });
  }

  private static final class Server extends VerticleBase {
    private final int port;
    private final String staticDir;

    Server(int port, String staticDir) {
      this.port = port;
      this.staticDir = staticDir;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.get("/health").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
      if (staticDir == null) {
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(new SockJSBridgeOptions()
            .addOutboundPermitted(new PermittedOptions().setAddressRegex("lineup\\.workshop\\.[A-Za-z0-9_-]+"))));
        router.post("/publish/:address").handler(BodyHandler.create(false)).handler(ctx -> {
          vertx.eventBus().publish(ctx.pathParam("address"), ctx.body().asJsonObject());
          ctx.response().putHeader("content-type", "application/json").end("{}");
        });
      } else {
        router.route("/static/*").handler(StaticHandler.create(FileSystemAccess.ROOT, staticDir));
      }
      return vertx.createHttpServer().requestHandler(router).listen(port);
    }
  }

  /** The raw store ceiling; see the class comment. */
  private static void store(Path dir, JsonObject template, int writers, int workshops, int warmupS, int seconds)
      throws Exception {
    EmbeddedStore embedded = EmbeddedStore.start(dir, 0, null);
    Vertx vertx = Vertx.vertx();
    MongoClient mongo = MongoClient.createShared(vertx, new JsonObject()
        .put("connection_string", embedded.connectionString()).put("db_name", "lineup"));
    JsonObject event = template.getJsonObject("event");
    JsonObject snapshot = template.getJsonObject("snapshot");
    Promise<JsonObject> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      GroupCommit commit = new GroupCommit(vertx, context, embedded::commit);
      // The same unique indexes as Lineup's store: they are part of every insert's cost.
      mongo.createIndexWithOptions("events", new JsonObject().put("workshop", 1).put("seq", 1),
              new IndexOptions().name("workshop_seq").unique(true))
          .compose(x -> mongo.createIndexWithOptions("events", new JsonObject().put("workshop", 1).put("commandId", 1),
              new IndexOptions().name("workshop_commandId").unique(true)))
          .compose(x -> mongo.createIndexWithOptions("workshops", new JsonObject().put("categories", 1),
              new IndexOptions().name("categories")))
          .onFailure(done::fail)
          .onSuccess(x -> {
            Map<String, Long> seqs = new HashMap<>();
            Samples latencies = new Samples();
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupS);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long[] ops = new long[1];
            int[] running = {writers};
            for (int w = 0; w < writers; w++) {
              String workshop = "raw-" + (w % workshops);
              loop(vertx, mongo, commit, event, snapshot, workshop, seqs, latencies, ops, measureFrom, end, () -> {
                if (--running[0] == 0) {
                  done.complete(new JsonObject().put("ops", ops[0]).put("seconds", seconds)
                      .put("opsPerSecond", ops[0] / (double) seconds)
                      .put("p50ms", Samples.ms(latencies.percentile(50)))
                      .put("p99ms", Samples.ms(latencies.percentile(99))));
                }
              });
            }
          });
    });
    JsonObject result = done.future().toCompletionStage().toCompletableFuture().get(seconds + warmupS + 120L, TimeUnit.SECONDS);
    System.out.println("RESULT " + result.encode());
    System.out.flush();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    embedded.close();
    System.exit(0);
  }

  /** One writer: insert the next event, then commit (shared) and replace the snapshot; ack; again. */
  private static void loop(Vertx vertx, MongoClient mongo, GroupCommit commit, JsonObject event, JsonObject snapshot,
                           String workshop, Map<String, Long> seqs, Samples latencies, long[] ops,
                           long measureFrom, long end, Runnable finished) {
    long t0 = System.nanoTime();
    if (t0 >= end) {
      finished.run();
      return;
    }
    long seq = seqs.merge(workshop, 1L, Long::sum);
    JsonObject doc = event.copy().put("workshop", workshop).put("seq", seq)
        .put("commandId", java.util.UUID.randomUUID().toString());
    JsonObject snap = snapshot.copy().put("_id", workshop).put("id", workshop).put("version", seq).put("deleted", false);
    JsonObject query = new JsonObject().put("_id", workshop).put("version", new JsonObject().put("$lt", seq));
    mongo.insert("events", doc)
        .compose(id -> Future.all(commit.sync(),
            mongo.replaceDocumentsWithOptions("workshops", query, snap, new UpdateOptions().setUpsert(true))
                .recover(t -> Future.succeededFuture())))
        .onComplete(ar -> {
          long now = System.nanoTime();
          if (ar.succeeded() && t0 >= measureFrom && now <= end) {
            ops[0]++;
            latencies.add(now - t0);
          }
          if (ar.failed()) ar.cause().printStackTrace();
          loop(vertx, mongo, commit, event, snapshot, workshop, seqs, latencies, ops, measureFrom, end, finished);
        });
  }
}
