package dev.lineup.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Durability for the embedded store: forces the H2 file to disk before acknowledging. Concurrent
 * requests share one commit: while a commit runs, new requests wait for the next one, which then
 * covers all of them (so one disk sync serves many commands under load). An idle commit starts on
 * the context's next turn, once the requests already queued there have joined it: the rounds of
 * several workshops answered by one insert then share one commit instead of waiting for a second.
 */
public final class GroupCommit implements Durability {

  private final Vertx vertx;
  private final Runnable commit;
  private final Context context;
  private boolean running;
  private boolean starting;
  private List<Promise<Void>> waiting = new ArrayList<>();

  public GroupCommit(Vertx vertx, Context context, Runnable commit) {
    this.vertx = vertx;
    this.context = context;
    this.commit = commit;
  }

  @Override
  public Future<Void> sync() {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      waiting.add(promise);
      if (!running && !starting) {
        starting = true;
        context.runOnContext(next -> {
          starting = false;
          if (!running) runNext();
        });
      }
    });
    return promise.future();
  }

  private void runNext() {
    if (waiting.isEmpty()) return;
    List<Promise<Void>> batch = waiting;
    waiting = new ArrayList<>();
    running = true;
    vertx.<Void>executeBlocking(() -> {
      commit.run();
      return null;
    }, false).onComplete(ar -> context.runOnContext(v -> {
      running = false;
      for (Promise<Void> p : batch) {
        if (ar.succeeded()) p.complete(); else p.fail(ar.cause());
      }
      runNext();
    }));
  }
}
