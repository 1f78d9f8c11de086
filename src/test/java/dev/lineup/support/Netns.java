package dev.lineup.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of a test network made with iproute2: a bridge in this (the root) namespace with an
 * address of its own, and one network namespace per host, each joined to the bridge by a veth
 * pair ({@code eth0} inside). Processes started under {@link #launcher(int)} run on that host;
 * this JVM reaches every host, and every host reaches this JVM at {@link #rootAddress()}.
 * {@link #cut(int, int...)} drops a host's traffic to and from other hosts (iptables inside its
 * namespace: this JVM, hence the store, stays reachable); {@link #heal(int)} lets it through
 * again. {@link #close()} deletes it all, also after a failed test; names are random so that
 * runs at once never meet.
 */
public final class Netns implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Netns.class);

  private final String prefix;
  private final String subnet;
  private final List<String> namespaces = new ArrayList<>();
  private boolean bridge;

  private Netns(String prefix, String subnet) {
    this.prefix = prefix;
    this.subnet = subnet;
  }

  /** Whether this machine can make namespaces (root, iproute2, iptables): tests skip otherwise. */
  public static boolean available() {
    String probe = "lu-probe-" + Long.toHexString(System.nanoTime() & 0xffffff);
    try {
      if (run(List.of("ip", "netns", "add", probe)) != 0) return false;
      return run(List.of("ip", "netns", "exec", probe, "iptables", "-L", "-n")) == 0;
    } finally {
      run(List.of("ip", "netns", "del", probe));
    }
  }

  /** {@code hosts} namespaces on a new bridge. */
  public static Netns create(int hosts) {
    Random random = new Random();
    String prefix = "lu" + Integer.toHexString(0x1000 + random.nextInt(0xefff));
    Netns net = new Netns(prefix, "10." + (100 + random.nextInt(150)) + "." + random.nextInt(250));
    try {
      net.sh("ip", "link", "add", net.bridgeName(), "type", "bridge");
      net.bridge = true;
      net.sh("ip", "addr", "add", net.rootAddress() + "/24", "dev", net.bridgeName());
      net.sh("ip", "link", "set", net.bridgeName(), "up");
      for (int i = 0; i < hosts; i++) net.addHost(i);
      return net;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void addHost(int i) {
    String ns = namespace(i);
    String veth = prefix + "v" + i;
    sh("ip", "netns", "add", ns);
    namespaces.add(ns);
    sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
    sh("ip", "link", "set", veth, "master", bridgeName(), "up");
    sh("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", "eth0");
    sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
    sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
  }

  private String bridgeName() {
    return prefix + "br";
  }

  public String namespace(int host) {
    return prefix + "n" + host;
  }

  /** The address of this JVM on the test network. */
  public String rootAddress() {
    return subnet + ".1";
  }

  public String address(int host) {
    return subnet + "." + (11 + host);
  }

  /** The command prefix that runs a program on {@code host}. */
  public List<String> launcher(int host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** Drops everything between {@code host} and each of {@code others}, both ways. */
  public void cut(int host, int... others) {
    for (int other : others) {
      inside(host, "iptables", "-A", "INPUT", "-s", address(other), "-j", "DROP");
      inside(host, "iptables", "-A", "OUTPUT", "-d", address(other), "-j", "DROP");
    }
  }

  /** Lets everything through again. */
  public void heal(int host) {
    inside(host, "iptables", "-F", "INPUT");
    inside(host, "iptables", "-F", "OUTPUT");
  }

  private void inside(int host, String... command) {
    List<String> all = new ArrayList<>(launcher(host));
    all.addAll(List.of(command));
    sh(all.toArray(String[]::new));
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      if (run(List.of("ip", "netns", "del", ns)) != 0) LOG.warn("could not delete network namespace {}", ns);
    }
    namespaces.clear();
    if (bridge && run(List.of("ip", "link", "del", bridgeName())) != 0) LOG.warn("could not delete bridge {}", bridgeName());
    bridge = false;
  }

  private void sh(String... command) {
    if (run(List.of(command)) != 0) throw new IllegalStateException("failed: " + String.join(" ", command));
  }

  private static int run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      if (p.exitValue() != 0) LOG.debug("{}: {}", String.join(" ", command), out.trim());
      return p.exitValue();
    } catch (IOException e) {
      LOG.debug("{}: {}", String.join(" ", command), e.toString());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** For messages: what was made. */
  @Override
  public String toString() {
    return "network " + subnet + ".0/24 on bridge " + bridgeName() + ", namespaces " + namespaces;
  }
}
