package dev.lineup.webhooks;

import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Event;
import dev.lineup.workshops.Workshops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This node's delivery loop: one worker per active webhook, woken by its workshop's event-bus
 * address (and by a periodic scan for webhooks registered, resumed or left behind elsewhere).
 * A worker takes the webhook's lease, reads the log after the webhook's cursor (the pipeline's
 * memory, or the store), POSTs the next event the webhook wants and moves the cursor once it was
 * accepted; on failure it records why and waits, longer each time, and pauses the webhook after
 * {@link WebhookOptions#maxFailures()} failures in a row. Nothing pending lives only in memory:
 * cursor, failures and the next attempt's time are in the store, so a restart (or another node)
 * carries on. Everything here runs on the verticle's context.
 */
final class WebhookDeliveries extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);
  private static final int PAGE = 100;
  private static final long CATCH_UP_RETRY_MILLIS = 100;

  private final WebhookStore store;
  private final Workshops workshops;
  private final Destinations destinations;
  private final WebhookOptions options;
  private final Counter delivered;
  private final Counter failed;
  private final Counter paused;
  private final String node = UUID.randomUUID().toString();
  private final Map<String, Worker> workers = new HashMap<>();
  private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();
  private WebhookSender sender;
  private long scanTimer = -1;
  private boolean stopping;

  WebhookDeliveries(WebhookStore store, Workshops workshops, Destinations destinations, WebhookOptions options,
                    MeterRegistry registry) {
    this.store = store;
    this.workshops = workshops;
    this.destinations = destinations;
    this.options = options;
    this.delivered = Counter.builder("lineup.webhooks.deliveries").tag("outcome", "delivered")
        .description("webhook deliveries, by outcome").register(registry);
    this.failed = Counter.builder("lineup.webhooks.deliveries").tag("outcome", "failed")
        .description("webhook deliveries, by outcome").register(registry);
    this.paused = Counter.builder("lineup.webhooks.paused")
        .description("webhooks paused after repeated failure").register(registry);
  }

  @Override
  public Future<?> start() {
    sender = new WebhookSender(vertx, destinations, options.timeoutMillis());
    scanTimer = vertx.setPeriodic(options.scanMillis(), t -> scan());
    // A store that is not there yet is not a reason to stay down: the next scan tries again.
    return scan().otherwiseEmpty();
  }

  /** Lets go of this node's leases, so that another node (or this one restarted) carries on at once. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(scanTimer);
    workers.values().forEach(Worker::stop);
    workers.clear();
    consumers.values().forEach(MessageConsumer::unregister);
    consumers.clear();
    sender.close();
    return store.release(node)
        .onFailure(t -> LOG.warn("webhook leases of this node not released ({}); they expire in {} ms",
            t.toString(), options.leaseMillis()))
        .otherwiseEmpty();
  }

  /** A webhook registered or resumed here: deliver it now rather than at the next scan. */
  void watch(Webhook hook) {
    context.runOnContext(v -> {
      if (!stopping) worker(hook.id(), hook.workshop()).wake();
    });
  }

  /** A webhook deleted here. */
  void forget(String id) {
    context.runOnContext(v -> remove(id));
  }

  private Future<Void> scan() {
    if (stopping) return Future.succeededFuture();
    return store.active().onSuccess(hooks -> {
      if (stopping) return;
      Set<String> active = new HashSet<>();
      for (Webhook hook : hooks) {
        active.add(hook.id());
        worker(hook.id(), hook.workshop()).wake();
      }
      for (String id : new ArrayList<>(workers.keySet())) {
        if (!active.contains(id)) remove(id);
      }
    }).onFailure(t -> LOG.debug("webhook scan failed: {}", t.toString())).mapEmpty();
  }

  private Worker worker(String id, String workshop) {
    return workers.computeIfAbsent(id, k -> {
      consumers.computeIfAbsent(workshop, w -> vertx.eventBus().<JsonObject>consumer(Addresses.workshop(w),
          msg -> onPublished(w, msg.body())));
      return new Worker(id, workshop);
    });
  }

  private void remove(String id) {
    Worker worker = workers.remove(id);
    if (worker == null) return;
    worker.stop();
    if (workers.values().stream().noneMatch(w -> w.workshop.equals(worker.workshop))) {
      MessageConsumer<JsonObject> consumer = consumers.remove(worker.workshop);
      if (consumer != null) consumer.unregister();
    }
  }

  /** An event (a body with a seq; notices have none) wakes the workshop's webhooks. */
  private void onPublished(String workshop, JsonObject body) {
    if (body == null || !(body.getValue("seq") instanceof Number seq)) return;
    for (Worker w : new ArrayList<>(workers.values())) {
      if (w.workshop.equals(workshop)) {
        w.published = Math.max(w.published, seq.longValue());
        w.wake();
      }
    }
  }

  /** One webhook's deliveries on this node: one step at a time, in seq order. */
  private final class Worker {
    final String id;
    final String workshop;
    private boolean running;
    private boolean again;
    private boolean stopped;
    private long retryTimer = -1;
    /** Another node holds the lease: not worth asking again before this. */
    private long claimNotBefore;
    /** The highest seq seen published: an event made on another node may reach the log here later. */
    private long published;

    Worker(String id, String workshop) {
      this.id = id;
      this.workshop = workshop;
    }

    void wake() {
      if (stopped || stopping) return;
      if (running) {
        again = true;
        return;
      }
      if (retryTimer != -1 || System.currentTimeMillis() < claimNotBefore) return;
      running = true;
      again = false;
      step().onComplete(ar -> {
        running = false;
        if (ar.failed()) {
          // The store or the log could not be read: not the receiver's failure, try again later.
          LOG.debug("webhook {}: {}", id, ar.cause().toString());
          later(options.retryBaseMillis());
        } else if (ar.result() || again) {
          wake();
        }
      });
    }

    /** Claims the webhook, then delivers (or passes over) its next event; true when more may follow. */
    private Future<Boolean> step() {
      long now = System.currentTimeMillis();
      return store.claim(id, node, now, options.leaseMillis()).compose(claimed -> {
        if (claimed.isEmpty()) return notClaimed();
        Webhook hook = claimed.get();
        if (hook.nextAttemptAt() > now) {
          later(hook.nextAttemptAt() - now);
          return Future.succeededFuture(false);
        }
        return workshops.eventsAfter(hook.workshop(), hook.cursor(), PAGE).compose(events -> {
          if (events.isEmpty()) {
            // Published by another node and not yet applied by this node's pipeline: soon.
            if (published > hook.cursor()) later(Math.min(CATCH_UP_RETRY_MILLIS, options.retryBaseMillis()));
            return Future.succeededFuture(false);
          }
          Optional<Event> next = events.stream().filter(e -> hook.wants(e.type())).findFirst();
          if (next.isEmpty()) return store.advance(id, node, events.get(events.size() - 1).seq(), false);
          return deliver(hook, next.get());
        });
      });
    }

    private Future<Boolean> deliver(Webhook hook, Event event) {
      byte[] body = new JsonObject(event.toMap()).encode().getBytes(StandardCharsets.UTF_8);
      return sender.post(hook, event.type(), event.seq(), body).transform(ar -> {
        if (ar.succeeded()) {
          delivered.increment();
          return store.advance(id, node, event.seq(), true);
        }
        return failedAttempt(hook, event, ar.cause());
      });
    }

    private Future<Boolean> failedAttempt(Webhook hook, Event event, Throwable cause) {
      failed.increment();
      int consecutive = hook.consecutiveFailures() + 1;
      Integer status = cause instanceof WebhookSender.Failed f ? f.status : null;
      List<Webhook.DeliveryFailure> recent = new ArrayList<>(hook.failures());
      recent.add(new Webhook.DeliveryFailure(Instant.now().toString(), event.seq(), consecutive, status,
          cause.getMessage()));
      while (recent.size() > options.keptFailures()) recent.remove(0);
      boolean pause = consecutive >= options.maxFailures();
      long wait = options.backoffMillis(consecutive, ThreadLocalRandom.current().nextDouble());
      return store.failed(id, node, recent, consecutive, pause ? 0 : System.currentTimeMillis() + wait, pause)
          .map(held -> {
            if (!held) return false;
            if (pause) {
              paused.increment();
              LOG.warn("webhook {} of {} paused after {} failures in a row; last: {}", id, workshop, consecutive,
                  cause.getMessage());
              remove(id);
            } else {
              LOG.info("webhook {} of {}: delivery of seq {} failed ({}); retry in {} ms", id, workshop,
                  event.seq(), cause.getMessage(), wait);
              later(wait);
            }
            return false;
          });
    }

    /** Deleted or paused: nothing to do here; held by another node: ask again later. */
    private Future<Boolean> notClaimed() {
      return store.get(id).map(found -> {
        if (found.isEmpty() || found.get().state() == Webhook.State.PAUSED) {
          remove(id);
        } else {
          claimNotBefore = System.currentTimeMillis() + options.leaseMillis() / 2;
        }
        return false;
      });
    }

    private void later(long millis) {
      if (stopped) return;
      if (retryTimer != -1) vertx.cancelTimer(retryTimer);
      retryTimer = vertx.setTimer(Math.max(1, millis), t -> {
        retryTimer = -1;
        wake();
      });
    }

    void stop() {
      stopped = true;
      if (retryTimer != -1) vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }
}
