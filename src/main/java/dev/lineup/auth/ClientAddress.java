package dev.lineup.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a request: the peer's address, or, when the peer is one of the
 * {@code trusted_proxies}, the address that proxy saw. {@code X-Forwarded-For} is read from the right:
 * each trusted proxy appends the address it received from, so the rightmost address that is not a
 * trusted proxy is the client; everything left of it is whatever the client wrote and is ignored.
 * Nothing but the peer is believed when no proxy is trusted.
 */
public final class ClientAddress {

  /** Literal addresses only: a host name would mean a DNS lookup on every request. */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final int MAX_LENGTH = 64;

  private final List<Range> trusted;

  private ClientAddress(List<Range> trusted) {
    this.trusted = trusted;
  }

  /** @param trustedProxies comma-separated addresses and CIDR ranges, e.g. {@code 10.0.0.0/8,::1} */
  public static ClientAddress trusting(String trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : AuthOptions.list(trustedProxies)) ranges.add(Range.parse(entry));
    return new ClientAddress(List.copyOf(ranges));
  }

  /** The client's address as a string (an IP literal, as far as the proxies are honest). */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null ? "unknown" : peer.hostAddress();
    if (trusted.isEmpty() || !isTrusted(address)) return address;
    List<String> hops = new ArrayList<>();
    for (String header : request.headers().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) hops.add(hop.trim());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!isTrusted(hop)) return hop.length() > MAX_LENGTH ? hop.substring(0, MAX_LENGTH) : hop;
      address = hop;
    }
    return address;
  }

  private boolean isTrusted(String address) {
    InetAddress parsed = parse(address);
    if (parsed == null) return false;
    for (Range r : trusted) {
      if (r.contains(parsed)) return true;
    }
    return false;
  }

  /**
   * The key throttling counts under: the address itself for IPv4, its /64 for IPv6 (one
   * subscriber usually holds a whole /64, so counting single addresses would not stop anyone).
   */
  static String group(String address) {
    InetAddress parsed = parse(address);
    if (!(parsed instanceof Inet6Address)) return address;
    byte[] bytes = parsed.getAddress();
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    }
    return prefix.append(":/64").toString();
  }

  static InetAddress parse(String address) {
    if (address == null) return null;
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    if (literal.isEmpty() || literal.length() > MAX_LENGTH || !LITERAL.matcher(literal).matches()) return null;
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address or a CIDR range. */
  private record Range(BigInteger network, int bits, int length) {
    static Range parse(String spec) {
      int slash = spec.indexOf('/');
      InetAddress address = ClientAddress.parse(slash < 0 ? spec : spec.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("trusted_proxies entry \"" + spec + "\" is not an IP address or CIDR range");
      }
      int length = address.getAddress().length * 8;
      int bits;
      try {
        bits = slash < 0 ? length : Integer.parseInt(spec.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > length) {
        throw new IllegalArgumentException("trusted_proxies entry \"" + spec + "\" has a bad prefix length");
      }
      return new Range(new BigInteger(1, address.getAddress()).shiftRight(length - bits), bits, length);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length * 8 != length) return false;
      return new BigInteger(1, bytes).shiftRight(length - bits).equals(network);
    }
  }
}
