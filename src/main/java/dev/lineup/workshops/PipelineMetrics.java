package dev.lineup.workshops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the pipeline counts for /metrics: commands by type and outcome with their latency,
 * events published, catch-up reads, store errors, documents per insert.
 */
final class PipelineMetrics {

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter published;
  private final Counter catchUpFromMemory;
  private final Counter catchUpFromStore;
  private final Counter storeErrors;
  private final Counter seqRetries;
  private final DistributionSummary appendDocuments;

  private PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.published = Counter.builder("lineup.events.published").description("events published after they were durable").register(registry);
    this.catchUpFromMemory = Counter.builder("lineup.catchup.requests").tag("source", "memory").register(registry);
    this.catchUpFromStore = Counter.builder("lineup.catchup.requests").tag("source", "store").register(registry);
    this.storeErrors = Counter.builder("lineup.store.errors").description("store calls that failed or timed out").register(registry);
    this.seqRetries = Counter.builder("lineup.commands.seq.retries")
        .description("appends that lost the seq to another writer and were decided again").register(registry);
    this.appendDocuments = DistributionSummary.builder("lineup.store.append.documents")
        .description("event documents per insert: the commands of the node that shared one round trip").register(registry);
  }

  /** The registry of Vert.x's Micrometer backend (served at /metrics), or a private one without it. */
  static PipelineMetrics create() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return new PipelineMetrics(registry != null ? registry : new SimpleMeterRegistry());
  }

  void command(String type, String outcome, long startedNanos) {
    // Looked up once per type and outcome: this runs for every command.
    timers.computeIfAbsent(type + '/' + outcome, key -> timer(type, outcome))
        .record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Timer timer(String type, String outcome) {
    return Timer.builder("lineup.commands")
        .description("commands by type and outcome, from receipt to durable acknowledgement")
        .tag("type", type).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  void appended(int documents) {
    appendDocuments.record(documents);
  }

  void published() {
    published.increment();
  }

  void catchUp(boolean fromMemory) {
    (fromMemory ? catchUpFromMemory : catchUpFromStore).increment();
  }

  void storeError() {
    storeErrors.increment();
  }

  void seqRetry() {
    seqRetries.increment();
  }
}
