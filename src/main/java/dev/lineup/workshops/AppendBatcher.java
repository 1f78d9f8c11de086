package dev.lineup.workshops;

import dev.lineup.store.EventStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One insert in flight for the whole node: what the workshops decide while it is out waits, and
 * goes to the store together in the next one (an ordered insert, so the unique indexes still
 * decide, document by document, in order). A submission is the events of one workshop, in seq
 * order; a workshop has at most one submission here at a time (its queue waits for the answer).
 * A submission after a refused document was not tried: it goes again in the next insert, its
 * documents still valid (nothing of its workshop changed meanwhile). Confined to the pipeline's
 * context.
 */
final class AppendBatcher {

  /** At most this many documents in one insert (a submission is never split). */
  static final int MAX_DOCUMENTS = 256;

  private record Submission(List<JsonObject> documents, Promise<EventStore.AppendResult> result) {
  }

  private final EventStore store;
  private final PipelineMetrics metrics;
  private final Deque<Submission> waiting = new ArrayDeque<>();
  private boolean inFlight;

  AppendBatcher(EventStore store, PipelineMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Appends one workshop's events in order; the result says how many went in, and why not the next. */
  Future<EventStore.AppendResult> append(List<JsonObject> documents) {
    Promise<EventStore.AppendResult> result = Promise.promise();
    waiting.addLast(new Submission(documents, result));
    if (!inFlight) flush();
    return result.future();
  }

  private void flush() {
    if (waiting.isEmpty()) return;
    List<Submission> batch = new ArrayList<>();
    List<JsonObject> documents = new ArrayList<>();
    while (!waiting.isEmpty()
        && (batch.isEmpty() || documents.size() + waiting.peekFirst().documents().size() <= MAX_DOCUMENTS)) {
      Submission next = waiting.removeFirst();
      batch.add(next);
      documents.addAll(next.documents());
    }
    inFlight = true;
    metrics.appended(documents.size());
    store.appendAll(documents).onComplete(ar -> {
      answer(batch, ar);
      inFlight = false;
      flush();
    });
  }

  /** Each submission's share of the insert's outcome; those not tried go first into the next insert. */
  private void answer(List<Submission> batch, AsyncResult<EventStore.AppendResult> ar) {
    List<Submission> notTried = new ArrayList<>();
    int offset = 0;
    for (Submission s : batch) {
      int size = s.documents().size();
      if (ar.failed()) {
        s.result().fail(ar.cause());
      } else {
        int inserted = ar.result().inserted();
        if (inserted >= offset + size) {
          s.result().complete(new EventStore.AppendResult(size, null));
        } else if (inserted >= offset) {
          s.result().complete(new EventStore.AppendResult(inserted - offset, ar.result().refusal()));
        } else {
          notTried.add(s);
        }
      }
      offset += size;
    }
    for (int i = notTried.size() - 1; i >= 0; i--) waiting.addFirst(notTried.get(i));
  }
}
