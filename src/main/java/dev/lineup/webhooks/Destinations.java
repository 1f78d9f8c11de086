package dev.lineup.webhooks;

import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may deliver: an {@code http(s)} URL whose host resolves to public addresses only
 * (no loopback, link-local, private, shared or reserved ranges; unless private ones are allowed for
 * tests and single-host set-ups), so that a webhook never becomes a way into internal services.
 * The host is resolved at registration and again at every delivery, and the delivery connects to
 * the very address that was checked (a name that re-resolves elsewhere — DNS rebinding — gains
 * nothing).
 */
final class Destinations {

  static final int MAX_URL_LENGTH = 2048;

  /** A checked place to deliver to: connect to {@code address}, speak to {@code host}. */
  record Destination(URI uri, String host, int port, boolean ssl, InetAddress address) {
    /** The request target: path and query as given. */
    String target() {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
  }

  private final Vertx vertx;
  private final boolean allowPrivate;

  Destinations(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  /** A webhook URL as given: http or https, a host, no credentials, no fragment. INVALID otherwise. */
  static URI parse(String url) {
    if (url == null || url.isBlank()) throw Rejection.invalid("url", "is required");
    if (url.length() > MAX_URL_LENGTH) throw Rejection.invalid("url", "is longer than " + MAX_URL_LENGTH + " characters");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw Rejection.invalid("url", "is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw Rejection.invalid("url", "must be http:// or https://");
    if (uri.getHost() == null || uri.getHost().isBlank()) throw Rejection.invalid("url", "names no host");
    if (uri.getRawUserInfo() != null) throw Rejection.invalid("url", "may not carry a user name or password");
    if (uri.getRawFragment() != null) throw Rejection.invalid("url", "may not have a #fragment");
    return uri;
  }

  /** Parses and resolves {@code url}; INVALID when it may not be delivered to now. Off the event loop. */
  Future<Destination> resolve(String url) {
    URI uri;
    try {
      uri = parse(url);
    } catch (Rejection r) {
      return Future.failedFuture(r);
    }
    boolean ssl = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
    String host = bare(uri.getHost());
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw Rejection.invalid("url", "host " + host + " cannot be resolved");
      }
      if (!allowPrivate) {
        for (InetAddress a : addresses) {
          Optional<String> why = refusal(a);
          if (why.isPresent()) {
            throw Rejection.invalid("url", host + " resolves to " + a.getHostAddress() + ", a " + why.get()
                + " address: webhooks deliver to public addresses only (webhook_allow_private allows others)");
          }
        }
      }
      return new Destination(uri, host, port, ssl, addresses[0]);
    }, false);
  }

  /** IPv6 literals come in brackets in URLs. */
  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Why an address is not a public one, if it is not. */
  static Optional<String> refusal(InetAddress a) {
    if (a.isAnyLocalAddress()) return Optional.of("unspecified");
    if (a.isLoopbackAddress()) return Optional.of("loopback");
    if (a.isLinkLocalAddress()) return Optional.of("link-local");
    if (a.isSiteLocalAddress()) return Optional.of("private");
    if (a.isMulticastAddress()) return Optional.of("multicast");
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) return refusalV4(b);
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) return Optional.of("private (unique local)");
      // Addresses that carry an IPv4 address: judge that one.
      if (isPrefix(b, new byte[10], 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return embedded(b, 12);
      if (isPrefix(b, new byte[12], 12)) return embedded(b, 12);
      if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
          && isPrefix(Arrays.copyOfRange(b, 4, 12), new byte[8], 8)) {
        return embedded(b, 12);
      }
      if (first == 0x20 && (b[1] & 0xff) == 0x02) return embedded(b, 2);
      if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
        return Optional.of("documentation");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> embedded(byte[] b, int from) {
    return refusalV4(Arrays.copyOfRange(b, from, from + 4)).map(why -> why + " (embedded IPv4)");
  }

  private static Optional<String> refusalV4(byte[] b) {
    int o1 = b[0] & 0xff;
    int o2 = b[1] & 0xff;
    int o3 = b[2] & 0xff;
    if (o1 == 0) return Optional.of("\"this network\"");
    if (o1 == 10 || (o1 == 172 && (o2 & 0xf0) == 16) || (o1 == 192 && o2 == 168)) return Optional.of("private");
    if (o1 == 127) return Optional.of("loopback");
    if (o1 == 169 && o2 == 254) return Optional.of("link-local");
    if (o1 == 100 && (o2 & 0xc0) == 64) return Optional.of("shared (carrier-grade NAT)");
    if (o1 == 192 && o2 == 0 && o3 == 0) return Optional.of("protocol assignments");
    if ((o1 == 192 && o2 == 0 && o3 == 2) || (o1 == 198 && o2 == 51 && o3 == 100) || (o1 == 203 && o2 == 0 && o3 == 113)) {
      return Optional.of("documentation");
    }
    if (o1 == 198 && (o2 & 0xfe) == 18) return Optional.of("benchmarking");
    if (o1 >= 224) return Optional.of(o1 < 240 ? "multicast" : "reserved");
    return Optional.empty();
  }

  private static boolean isPrefix(byte[] b, byte[] prefix, int length) {
    for (int i = 0; i < length; i++) if (b[i] != prefix[i]) return false;
    return true;
  }
}
