package dev.lineup.support;

import dev.lineup.cluster.Hazelcast;
import dev.lineup.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The configuration of a test cluster, the one way tests make one: Hazelcast members that list
 * each other (TCP-IP join), a cluster name of their own (tests running at once never meet), short
 * heartbeats so a lost member is noticed in seconds, and one store they share. By default node 0
 * hosts its embedded store and the others reach it over the wire with its password; with
 * {@link #sharingStore(String)} every node uses that MongoDB URI instead.
 * <pre>
 *   ClusterNodes cluster = ClusterNodes.onLoopback(3);
 *   List&lt;TestNode&gt; nodes = cluster.startAll(Map.of());     // in this JVM
 *   Map&lt;String, String&gt; env = cluster.env(1);                 // for a child JVM (LineupProcess)
 *   Vertx bare = cluster.vertx(0);                            // a clustered Vert.x, no Lineup
 * </pre>
 */
public final class ClusterNodes {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final List<String> hosts;
  private final List<Integer> ports;
  private final int storePort;
  private final String storePassword;
  private final String sharedStore;
  private final Map<String, Object> common;

  private ClusterNodes(String name, List<String> hosts, List<Integer> ports, int storePort, String storePassword,
                       String sharedStore, Map<String, Object> common) {
    this.name = name;
    this.hosts = List.copyOf(hosts);
    this.ports = List.copyOf(ports);
    this.storePort = storePort;
    this.storePassword = storePassword;
    this.sharedStore = sharedStore;
    this.common = Map.copyOf(common);
  }

  /** {@code size} members on 127.0.0.1, each on a free port. */
  public static ClusterNodes onLoopback(int size) {
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      hosts.add("127.0.0.1");
      ports.add(Ports.free());
    }
    return on(hosts, ports);
  }

  /** One member on each host (e.g. one network namespace each), on the given ports. */
  public static ClusterNodes on(List<String> hosts, List<Integer> ports) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    return new ClusterNodes("lineup-test-" + id, hosts, ports, Ports.free(), "cluster-store-" + id, null, Map.of());
  }

  /** Every node uses this MongoDB URI (a store the test runs itself); none hosts the store. */
  public ClusterNodes sharingStore(String mongoUri) {
    return new ClusterNodes(name, hosts, ports, storePort, storePassword, mongoUri, common);
  }

  /** Keys every node gets (each node's own keys, given to {@link #config(int, Map)}, come on top). */
  public ClusterNodes withEveryNode(Map<String, Object> keys) {
    Map<String, Object> all = new HashMap<>(common);
    all.putAll(keys);
    return new ClusterNodes(name, hosts, ports, storePort, storePassword, sharedStore, all);
  }

  public int size() {
    return hosts.size();
  }

  public String host(int node) {
    return hosts.get(node);
  }

  /** host:port of every member, as cluster_members lists them. */
  public String members() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < size(); i++) members.add(hosts.get(i) + ":" + ports.get(i));
    return String.join(",", members);
  }

  /** The URI the nodes that do not host the store use. */
  public String storeUri() {
    return sharedStore != null ? sharedStore
        : "mongodb://lineup:" + storePassword + "@127.0.0.1:" + storePort + "/?authSource=admin";
  }

  /** Configuration keys of node {@code node} (see config/lineup.yaml). */
  public Map<String, Object> config(int node) {
    return config(node, Map.of());
  }

  public Map<String, Object> config(int node, Map<String, Object> more) {
    Map<String, Object> config = new HashMap<>();
    config.put("cluster", true);
    config.put("cluster_name", name);
    config.put("cluster_host", hosts.get(node));
    config.put("cluster_port", ports.get(node));
    config.put("cluster_members", members());
    config.put("cluster_heartbeat_ms", 1000);
    config.put("cluster_member_timeout_ms", 5000);
    config.put("cluster_merge_ms", 3000);
    if (sharedStore == null && node == 0) {
      config.put("store_port", storePort);
      config.put("store_password", storePassword);
    } else {
      config.put("mongo_uri", storeUri());
    }
    config.putAll(common);
    config.putAll(more);
    return config;
  }

  /** The same keys as LINEUP_* environment variables, for a child JVM. */
  public Map<String, String> env(int node, Map<String, Object> more) {
    return config(node, more).entrySet().stream().collect(Collectors.toMap(
        e -> "LINEUP_" + e.getKey().toUpperCase(Locale.ROOT), e -> String.valueOf(e.getValue())));
  }

  /** Starts node {@code node} in this JVM. */
  public TestNode start(int node, Map<String, Object> more) {
    return TestNode.start(config(node, more));
  }

  /** Starts every node in this JVM: the store's host first, then the others at once. */
  public List<TestNode> startAll() {
    List<TestNode> nodes = new ArrayList<>();
    nodes.add(start(0, Map.of()));
    List<CompletableFuture<TestNode>> rest = new ArrayList<>();
    for (int i = 1; i < size(); i++) {
      int node = i;
      rest.add(CompletableFuture.supplyAsync(() -> start(node, Map.of())));
    }
    try {
      for (var f : rest) nodes.add(f.get(START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
    } catch (Exception e) {
      nodes.forEach(TestNode::close);
      throw new IllegalStateException("cluster did not start", e);
    }
    return nodes;
  }

  /** A clustered Vert.x as member {@code node}, without Lineup (for tests of the live layer alone). */
  public Vertx vertx(int node) {
    Settings.Cluster cluster = Settings.defaults(config(node)).cluster();
    return Await.result(Hazelcast.clusteredVertx(new VertxOptions(), cluster), START_TIMEOUT);
  }
}
