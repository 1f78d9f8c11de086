package dev.lineup.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The configuration, typed: the keys of config/lineup.yaml read once, with the defaults of that
 * file (no inline defaults anywhere), a key missing or of the wrong type stopping the start with
 * its name. The parts that read their own keys once, in one place each ({@code AuthOptions},
 * {@code LoginOptions}, {@code HttpOptions}, {@code LiveOptions}), get {@link #config()}.
 */
public record Settings(JsonObject config, Store store, Cluster cluster, Schedules schedules, Sites sites,
                       String adminPassword) {

  /**
   * @param mongoUri      a MongoDB connection string; null = run the embedded store
   * @param embeddedPort     loopback port of the embedded store; 0 = random
   * @param embeddedPassword the embedded store's password; null = a random one
   * @param timeoutMillis    a store call slower than this fails instead of hanging
   */
  public record Store(String mongoUri, String mongoDb, Path dataDir, int embeddedPort, String embeddedPassword,
                      int timeoutMillis) {
    public boolean embedded() {
      return mongoUri == null;
    }
  }

  /**
   * @param members          host:port of the Hazelcast members to join
   * @param heartbeatMillis  how often members tell each other they are there
   * @param memberTimeoutMillis a member not heard from for this long is dropped (a crash, a partition)
   * @param mergeMillis      how often the members of a split cluster look for each other to merge again
   */
  public record Cluster(boolean enabled, String name, String host, int port, List<String> members,
                        int heartbeatMillis, int memberTimeoutMillis, int mergeMillis) {
  }

  /**
   * @param timezone             zone of workshops that name none (IANA)
   * @param historySnapshotEvery a snapshot of every this many versions is kept for time travel
   * @param exportDefaultMinutes the length exports give a talk that has a start and no end
   * @param maxEventBytes        the largest event (as JSON) a command may append
   * @param maxSnapshotBytes     the largest workshop (as JSON) a command may leave
   */
  public record Schedules(String timezone, int historySnapshotEvery, int exportDefaultMinutes,
                          long maxEventBytes, long maxSnapshotBytes, int eventsInMemory) {
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
    return new Settings(config.copy(),
        new Store(k.optional("mongo_uri") == null ? null : k.text("mongo_uri"), k.text("mongo_db"), Path.of(k.text("data_dir")),
            k.integer("store_port"), k.optional("store_password"), k.integer("store_timeout_ms")),
        new Cluster(k.bool("cluster"), k.text("cluster_name"), k.text("cluster_host"),
            k.integer("cluster_port"), k.list("cluster_members"), k.integer("cluster_heartbeat_ms"),
            k.integer("cluster_member_timeout_ms"), k.integer("cluster_merge_ms")),
        new Schedules(k.text("timezone"), k.integer("history_snapshot_every"), k.integer("export_default_minutes"),
            k.number("max_event_bytes"), k.number("max_snapshot_bytes"), k.integer("events_in_memory")),
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
