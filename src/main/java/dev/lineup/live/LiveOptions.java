package dev.lineup.live;

import io.vertx.core.json.JsonObject;


import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Settings of the live bridge. Every value has a default that suits a single node serving a few
 * hundred browsers; {@link #fromConfig} reads the public origin and the live_* keys of config/lineup.yaml.
 */
public final class LiveOptions {

  public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;
  public static final long DEFAULT_PRESENCE_TTL_MS = 30_000;
  public static final int DEFAULT_SOCKET_QUEUE_BYTES = 256 * 1024;
  public static final long DEFAULT_PING_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 25_000;
  public static final long DEFAULT_LAG_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_REPLY_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_REGISTRATIONS = 64;
  public static final int DEFAULT_MAX_PENDING_REQUESTS = 16;
  public static final int DEFAULT_MAX_PRESENCE = 32;

  private List<String> allowedOrigins = new ArrayList<>();
  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private long presenceTtlMs = DEFAULT_PRESENCE_TTL_MS;
  private int socketQueueBytes = DEFAULT_SOCKET_QUEUE_BYTES;
  private long pingTimeoutMs = DEFAULT_PING_TIMEOUT_MS;
  private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  private long lagTimeoutMs = DEFAULT_LAG_TIMEOUT_MS;
  private long replyTimeoutMs = DEFAULT_REPLY_TIMEOUT_MS;
  private int maxRegistrationsPerSocket = DEFAULT_MAX_REGISTRATIONS;
  private int maxPendingRequestsPerSocket = DEFAULT_MAX_PENDING_REQUESTS;
  private int maxPresencePerSocket = DEFAULT_MAX_PRESENCE;
  private String nodeId = UUID.randomUUID().toString();

  /**
   * Reads {@code public_origin} (one origin, or several comma-separated), {@code live_max_frame_bytes},
   * {@code live_presence_ttl_ms}, {@code live_socket_queue_bytes}, {@code live_lag_timeout_ms} and
   * {@code live_max_presence_per_socket}; absent keys keep their defaults.
   */
  public static LiveOptions fromConfig(JsonObject config) {
    LiveOptions o = new LiveOptions();
    for (String s : config.getString("public_origin", "").split(",")) {
      if (!s.isBlank()) o.addAllowedOrigin(s.trim());
    }
    o.setMaxFrameSize(config.getInteger("live_max_frame_bytes", o.maxFrameSize));
    o.setPresenceTtlMs(config.getLong("live_presence_ttl_ms", o.presenceTtlMs));
    o.setSocketQueueBytes(config.getInteger("live_socket_queue_bytes", o.socketQueueBytes));
    o.setLagTimeoutMs(config.getLong("live_lag_timeout_ms", o.lagTimeoutMs));
    o.setPingTimeoutMs(config.getLong("live_ping_timeout_ms", o.pingTimeoutMs));
    o.setMaxPresencePerSocket(config.getInteger("live_max_presence_per_socket", o.maxPresencePerSocket));
    return o;
  }

  /** Origins (scheme://host[:port]) allowed besides the server's own; none means same-origin only. */
  public List<String> allowedOrigins() {
    return List.copyOf(allowedOrigins);
  }

  public LiveOptions addAllowedOrigin(String origin) {
    allowedOrigins.add(stripTrailingSlash(origin));
    return this;
  }

  public LiveOptions setAllowedOrigins(List<String> origins) {
    allowedOrigins = new ArrayList<>();
    origins.forEach(this::addAllowedOrigin);
    return this;
  }

  /** Largest frame a browser may send, in bytes; a larger one closes the socket. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  public LiveOptions setMaxFrameSize(int bytes) {
    this.maxFrameSize = positive(bytes, "maxFrameSize");
    return this;
  }

  /** A presence entry whose socket (or node) was silent this long is dropped. */
  public long presenceTtlMs() {
    return presenceTtlMs;
  }

  public LiveOptions setPresenceTtlMs(long ms) {
    this.presenceTtlMs = positive(ms, "presenceTtlMs");
    return this;
  }

  /** Bytes written to one socket and not yet flushed, beyond which the socket is lagging. */
  public int socketQueueBytes() {
    return socketQueueBytes;
  }

  public LiveOptions setSocketQueueBytes(int bytes) {
    this.socketQueueBytes = positive(bytes, "socketQueueBytes");
    return this;
  }

  /** A socket that sends nothing (the official client pings every 5 s) this long is closed. */
  public long pingTimeoutMs() {
    return pingTimeoutMs;
  }

  public LiveOptions setPingTimeoutMs(long ms) {
    this.pingTimeoutMs = positive(ms, "pingTimeoutMs");
    return this;
  }

  /** SockJS heartbeat frames keep proxies from closing idle connections. */
  public long heartbeatIntervalMs() {
    return heartbeatIntervalMs;
  }

  public LiveOptions setHeartbeatIntervalMs(long ms) {
    this.heartbeatIntervalMs = positive(ms, "heartbeatIntervalMs");
    return this;
  }

  /** A lagging socket that has not drained after this long is closed. */
  public long lagTimeoutMs() {
    return lagTimeoutMs;
  }

  public LiveOptions setLagTimeoutMs(long ms) {
    this.lagTimeoutMs = positive(ms, "lagTimeoutMs");
    return this;
  }

  /** How long a command sent over the bridge waits for the core's reply. */
  public long replyTimeoutMs() {
    return replyTimeoutMs;
  }

  public LiveOptions setReplyTimeoutMs(long ms) {
    this.replyTimeoutMs = positive(ms, "replyTimeoutMs");
    return this;
  }

  public int maxRegistrationsPerSocket() {
    return maxRegistrationsPerSocket;
  }

  public LiveOptions setMaxRegistrationsPerSocket(int max) {
    this.maxRegistrationsPerSocket = positive(max, "maxRegistrationsPerSocket");
    return this;
  }

  /** Commands of one socket awaiting their reply at once. */
  public int maxPendingRequestsPerSocket() {
    return maxPendingRequestsPerSocket;
  }

  public LiveOptions setMaxPendingRequestsPerSocket(int max) {
    this.maxPendingRequestsPerSocket = positive(max, "maxPendingRequestsPerSocket");
    return this;
  }

  /** Workshops one socket may announce itself in (each is a presence entry on every node). */
  public int maxPresencePerSocket() {
    return maxPresencePerSocket;
  }

  public LiveOptions setMaxPresencePerSocket(int max) {
    this.maxPresencePerSocket = positive(max, "maxPresencePerSocket");
    return this;
  }

  /** Tags this node's presence entries for the other cluster nodes; unique per process. */
  public String nodeId() {
    return nodeId;
  }

  public LiveOptions setNodeId(String nodeId) {
    if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("nodeId is empty");
    this.nodeId = nodeId;
    return this;
  }

  private static String stripTrailingSlash(String origin) {
    if (origin == null || origin.isBlank()) throw new IllegalArgumentException("origin is empty");
    String o = origin.trim();
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  private static int positive(int value, String name) {
    if (value < 1) throw new IllegalArgumentException(name + " must be > 0");
    return value;
  }

  private static long positive(long value, String name) {
    if (value < 1) throw new IllegalArgumentException(name + " must be > 0");
    return value;
  }
}
