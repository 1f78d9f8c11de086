package dev.lineup.http;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves only requests addressed to this server by a name it answers to: the {@code Host} of
 * every request (the WebSocket handshake too) must be a host of the configured public origins,
 * loopback ({@code localhost}, {@code *.localhost}, {@code 127.0.0.1}, {@code ::1}) or one of
 * this machine's own names and addresses. Against DNS rebinding: a page of {@code evil.example}
 * whose name was re-pointed at this server sends {@code Host: evil.example}, and with it also a
 * matching {@code Origin}, which the same-origin check alone would accept. Requests without a
 * {@code Host} come from no browser and pass.
 */
public final class HostGuard implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(HostGuard.class);
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");

  private final Set<String> hosts;

  private HostGuard(Set<String> hosts) {
    this.hosts = Collections.unmodifiableSet(hosts);
  }

  /**
   * Looked up once a node, on a worker while the rest starts (a reverse lookup of this machine's
   * name can take long where DNS is poor): see {@link #of}.
   */
  public static Future<HostGuard> lookUp(Vertx vertx, List<String> publicOrigins) {
    return vertx.executeBlocking(() -> of(publicOrigins), false);
  }

  /**
   * Blocking (name lookups): the hosts of {@code publicOrigins}, loopback, and, when no origin is
   * configured, this machine's names and addresses.
   */
  static HostGuard of(List<String> publicOrigins) {
    Set<String> hosts = new TreeSet<>(LOOPBACK);
    for (String origin : publicOrigins) {
      String host = URI.create(origin).getHost();
      if (host == null) throw new IllegalArgumentException("public_origin \"" + origin + "\" names no host");
      hosts.add(normalized(host));
    }
    if (publicOrigins.isEmpty()) {
      hosts.addAll(machineNames());
      LOG.warn("LINEUP_PUBLIC_ORIGIN is not set: serving only requests for loopback and this machine's names {};"
          + " set it to the origin browsers use (e.g. https://lineup.example.org)", hosts);
    }
    return new HostGuard(hosts);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null || isServed(authority.host())) {
      ctx.next();
    } else {
      ctx.fail(new Rejection(Failure.FORBIDDEN, "this server does not answer to the host \"" + authority.host()
          + "\"; its public origin must be configured (LINEUP_PUBLIC_ORIGIN)"));
    }
  }

  boolean isServed(String host) {
    String h = normalized(host);
    return hosts.contains(h) || h.endsWith(".localhost");
  }

  Set<String> hosts() {
    return hosts;
  }

  /** Lower case, no trailing dot; an IPv6 literal in its one full form (never a name lookup). */
  private static String normalized(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    byte[] literal = h.contains(":") ? NetUtil.createByteArrayFromIpAddressString(h) : null;
    if (literal != null) {
      try {
        return InetAddress.getByAddress(literal).getHostAddress();
      } catch (UnknownHostException e) {
        return h;
      }
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The host name, its canonical name, and every address of every interface. */
  private static Set<String> machineNames() {
    Set<String> names = new TreeSet<>();
    try {
      InetAddress local = InetAddress.getLocalHost();
      names.add(normalized(local.getHostName()));
      names.add(normalized(local.getCanonicalHostName()));
    } catch (UnknownHostException e) {
      LOG.debug("this machine's name does not resolve", e);
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String literal = address.getHostAddress();
          int zone = literal.indexOf('%');
          names.add(normalized(zone < 0 ? literal : literal.substring(0, zone)));
        }
      }
    } catch (SocketException e) {
      LOG.debug("cannot list network interfaces", e);
    }
    return names;
  }
}
