package dev.lineup.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import dev.lineup.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The cluster of Lineup nodes: Vert.x over Hazelcast with TCP-IP join on the listed members, no
 * multicast and no auto-detection, so nothing is discovered by chance.
 */
public final class Hazelcast {

  private Hazelcast() {
  }

  /** A clustered Vert.x whose event bus listens, and is announced, on the cluster host. */
  public static Future<Vertx> clusteredVertx(VertxOptions options, Settings.Cluster cluster) {
    // Without the host, Vert.x takes Hazelcast's public address "host:port" as a host name, and
    // nodes never connect.
    options.getEventBusOptions().setHost(cluster.host());
    return Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(config(cluster)))
        .buildClustered();
  }

  static Config config(Settings.Cluster cluster) {
    Config hz = new Config();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Hazelcast counts these in whole seconds; its defaults (5 s, 60 s, a first merge after 300 s)
    // would keep a dead member, or the two sides of a healed partition, apart for minutes.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(seconds(cluster.heartbeatMillis())));
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(seconds(cluster.memberTimeoutMillis())));
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(seconds(cluster.mergeMillis())));
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(seconds(cluster.mergeMillis())));
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
    cluster.members().forEach(tcp::addMember);
    return hz;
  }

  private static long seconds(int millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
