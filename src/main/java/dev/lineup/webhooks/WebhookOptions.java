package dev.lineup.webhooks;

import io.vertx.core.json.JsonObject;

/**
 * Settings of webhook delivery.
 *
 * @param allowPrivate    deliver to loopback, link-local and private addresses too (tests, one host)
 * @param timeoutMillis   one delivery (connect, send, answer) fails after this long
 * @param retryBaseMillis the first retry waits about this long; each next one twice as long…
 * @param retryMaxMillis  …up to this long
 * @param maxFailures     consecutive failures after which a webhook is paused
 * @param leaseMillis     a node delivering a webhook holds it this long (renewed at each delivery);
 *                        when the node is gone another takes it over after this
 * @param scanMillis      how often a node looks for webhooks it does not deliver yet (registered
 *                        or resumed on another node, or left by a node that stopped)
 * @param keptFailures    recent failures kept on a webhook for its admins to see
 * @param maxPerWorkshop  webhooks one workshop may have
 */
public record WebhookOptions(boolean allowPrivate, long timeoutMillis, long retryBaseMillis, long retryMaxMillis,
                             int maxFailures, long leaseMillis, long scanMillis, int keptFailures,
                             int maxPerWorkshop) {

  public WebhookOptions {
    if (timeoutMillis < 1 || retryBaseMillis < 1 || retryMaxMillis < retryBaseMillis || leaseMillis < 1
        || scanMillis < 1) {
      throw new IllegalArgumentException("webhook times must be > 0 (and retry max ≥ retry base)");
    }
    if (leaseMillis <= timeoutMillis) {
      throw new IllegalArgumentException("webhook_lease_ms must be longer than webhook_timeout_ms: a lease may not run out during a delivery");
    }
    if (maxFailures < 1 || keptFailures < 1 || maxPerWorkshop < 1) {
      throw new IllegalArgumentException("webhook_max_failures must be > 0");
    }
  }

  public static WebhookOptions defaults() {
    return new WebhookOptions(false, 10_000, 1_000, 900_000, 12, 30_000, 5_000, 20, 20);
  }

  /** The webhook_* keys of config/lineup.yaml; absent keys keep their defaults. */
  public static WebhookOptions fromConfig(JsonObject config) {
    WebhookOptions d = defaults();
    return new WebhookOptions(config.getBoolean("webhook_allow_private", d.allowPrivate),
        config.getLong("webhook_timeout_ms", d.timeoutMillis),
        config.getLong("webhook_retry_base_ms", d.retryBaseMillis),
        config.getLong("webhook_retry_max_ms", d.retryMaxMillis),
        config.getInteger("webhook_max_failures", d.maxFailures),
        config.getLong("webhook_lease_ms", d.leaseMillis),
        config.getLong("webhook_scan_ms", d.scanMillis), d.keptFailures, d.maxPerWorkshop);
  }

  /** The wait before attempt {@code failures + 1}: doubling from the base, capped, ±20 % jitter. */
  public long backoffMillis(int failures, double random) {
    double wait = retryBaseMillis * Math.pow(2, Math.max(0, Math.min(failures - 1, 40)));
    long capped = (long) Math.min(retryMaxMillis, wait);
    return Math.max(1, (long) (capped * (0.8 + 0.4 * random)));
  }
}
