package dev.lineup.stream;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the event streams ({@code /stream}), with the bridge's rules: a bound on what one
 * connection may have written and not yet flushed, and a bound on connections per client address.
 *
 * @param heartbeatMillis  a {@code : ping} comment this often keeps proxies from closing an idle stream
 * @param queueBytes       bytes written to one stream and not yet flushed (plus events held while it
 *                         catches up) beyond which it is lagging: told so in a final event and closed
 * @param maxPerClient     streams open at once from one client address; more are refused (429)
 * @param closeGraceMillis how long a closing stream may take to flush its final event
 * @param retryMillis      the reconnection delay a client is told to use ({@code retry:})
 */
public record StreamOptions(long heartbeatMillis, int queueBytes, int maxPerClient, long closeGraceMillis,
                            long retryMillis) {

  public StreamOptions {
    if (heartbeatMillis < 1) throw new IllegalArgumentException("stream_heartbeat_ms must be > 0");
    if (queueBytes < 1024) throw new IllegalArgumentException("stream_queue_bytes must be at least 1024");
    if (maxPerClient < 1) throw new IllegalArgumentException("stream_max_per_client must be > 0");
    if (closeGraceMillis < 1 || retryMillis < 1) throw new IllegalArgumentException("times must be > 0");
  }

  public static StreamOptions defaults() {
    return new StreamOptions(15_000, 256 * 1024, 32, 5_000, 2_000);
  }

  /** The stream_* keys of config/lineup.yaml; absent keys keep their defaults. */
  public static StreamOptions fromConfig(JsonObject config) {
    StreamOptions d = defaults();
    return new StreamOptions(config.getLong("stream_heartbeat_ms", d.heartbeatMillis),
        config.getInteger("stream_queue_bytes", d.queueBytes),
        config.getInteger("stream_max_per_client", d.maxPerClient), d.closeGraceMillis, d.retryMillis);
  }
}
