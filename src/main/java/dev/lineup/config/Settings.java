package dev.lineup.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The configuration, typed: every key of config/lineup.yaml read once, here, with the defaults of
 * that file (no other place reads a raw key or knows a default). A key missing or of the wrong
 * type stops the start with its name.
 */
public record Settings(Http http, Store store, Auth auth, Live live, Cluster cluster,
                       Schedules schedules, Sites sites, String adminPassword) {

  /**
   * @param port            API, pages and /eventbus; 0 = a free port
   * @param maxCommandBytes the largest command body
   * @param maxPageBytes    the largest body of any other request (an imported page)
   * @param publicOrigins   the origins browsers use (scheme://host:port); empty = the server's own
   */
  public record Http(int port, int maxCommandBytes, int maxPageBytes, List<String> publicOrigins) {
  }

  /**
   * @param mongoUri      a MongoDB connection string; null = run the embedded store
   * @param embeddedPort  loopback port of the embedded store; 0 = random
   * @param timeoutMillis a store call slower than this fails instead of hanging
   */
  public record Store(String mongoUri, String mongoDb, Path dataDir, int embeddedPort, int timeoutMillis) {
    public boolean embedded() {
      return mongoUri == null;
    }
  }

  /**
   * @param jwtSecret  the HS256 secret; null = the data folder's generated one
   * @param publicKeys external identity provider keys, "RS256:/path/key.pem,ES256:/path/other.pem"
   */
  public record Auth(String jwtSecret, String issuer, String audience, int leewaySeconds,
                     int tokenMinutes, String publicKeys) {
  }

  public record Live(long presenceTtlMillis, int socketQueueBytes, long lagTimeoutMillis, int maxFrameBytes) {
  }

  /** @param members host:port of the Hazelcast members to join */
  public record Cluster(boolean enabled, String name, String host, int port, List<String> members) {
  }

  /**
   * @param timezone             zone of workshops that name none (IANA)
   * @param historySnapshotEvery a snapshot of every this many versions is kept for time travel
   * @param exportDefaultMinutes the length exports give a talk that has a start and no end
   * @param maxEventBytes        the largest event (as JSON) a command may append
   * @param maxSnapshotBytes     the largest workshop (as JSON) a command may leave
   */
  public record Schedules(String timezone, int historySnapshotEvery, int exportDefaultMinutes,
                          long maxEventBytes, long maxSnapshotBytes) {
  }

  /** Site archives (POST /api/sites): the largest accepted, and the bounds they are read within. */
  public record Sites(int maxBytes, int maxEntries, long maxExpandedBytes) {
  }

  /** As the environment says (see {@link LineupConfig#load}). */
  public static Settings load(Map<String, String> env) {
    return from(LineupConfig.load(env));
  }

  /** The defaults with some keys replaced: for tests and embedding. */
  public static Settings defaults(Map<String, Object> overrides) {
    return from(LineupConfig.defaults(overrides));
  }

  public static Settings from(JsonObject config) {
    Keys k = new Keys(config);
    return new Settings(
        new Http(k.integer("http_port"), k.integer("max_command_bytes"), k.integer("max_page_bytes"),
            k.list("public_origin")),
        new Store(k.optional("mongo_uri") == null ? null : k.text("mongo_uri"), k.text("mongo_db"), Path.of(k.text("data_dir")),
            k.integer("store_port"), k.integer("store_timeout_ms")),
        new Auth(k.optional("jwt_secret"), k.text("jwt_issuer"), k.text("jwt_audience"),
            k.integer("jwt_leeway_seconds"), k.integer("token_minutes"), k.text("jwt_public_keys")),
        new Live(k.number("live_presence_ttl_ms"), k.integer("live_socket_queue_bytes"),
            k.number("live_lag_timeout_ms"), k.integer("live_max_frame_bytes")),
        new Cluster(k.bool("cluster"), k.text("cluster_name"), k.text("cluster_host"),
            k.integer("cluster_port"), k.list("cluster_members")),
        new Schedules(k.text("timezone"), k.integer("history_snapshot_every"), k.integer("export_default_minutes"),
            k.number("max_event_bytes"), k.number("max_snapshot_bytes")),
        new Sites(k.integer("max_site_bytes"), k.integer("max_site_entries"), k.number("max_site_expanded_bytes")),
        k.optional("admin_password"));
  }

  /** Strict reads of the merged configuration: a missing or mistyped key names itself. */
  private record Keys(JsonObject config) {

    private Object value(String key) {
      Object value = config.getValue(key);
      if (value == null) throw new IllegalArgumentException("configuration key " + key + " is missing");
      return value;
    }

    String text(String key) {
      return String.valueOf(value(key)).trim();
    }

    /** Blank = not set; otherwise as written (a secret's spaces are its own). */
    String optional(String key) {
      String text = String.valueOf(value(key));
      return text.isBlank() ? null : text;
    }

    int integer(String key) {
      return Math.toIntExact(number(key));
    }

    long number(String key) {
      if (value(key) instanceof Number n) return n.longValue();
      throw new IllegalArgumentException("configuration key " + key + " is not a whole number: " + value(key));
    }

    boolean bool(String key) {
      if (value(key) instanceof Boolean b) return b;
      throw new IllegalArgumentException("configuration key " + key + " is not true or false: " + value(key));
    }

    /** A comma-separated list; blank entries dropped. */
    List<String> list(String key) {
      return Arrays.stream(text(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
