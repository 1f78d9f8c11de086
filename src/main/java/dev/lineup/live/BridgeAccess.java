package dev.lineup.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a browser may reach, declared once and checked in one place, as vertx-web's
 * {@code SockJSBridgeOptions}: inbound (a browser sends there) and outbound (a browser registers
 * there). Deny by default: an address no entry matches is refused with {@code access_denied}
 * before any policy is asked; publishing from a browser is never permitted.
 */
final class BridgeAccess {

  private final List<Permitted> inbound = new ArrayList<>();
  private final List<Permitted> outbound = new ArrayList<>();

  BridgeAccess addInbound(Permitted permitted) {
    inbound.add(permitted);
    return this;
  }

  BridgeAccess addOutbound(Permitted permitted) {
    outbound.add(permitted);
    return this;
  }

  /** The channel of an address a browser may send to, or empty. */
  Optional<Channel> inbound(String address) {
    return first(inbound, address);
  }

  /** The channel of an address a browser may register on, or empty. */
  Optional<Channel> outbound(String address) {
    return first(outbound, address);
  }

  private static Optional<Channel> first(List<Permitted> list, String address) {
    for (Permitted p : list) {
      if (p.matches(address)) return Optional.of(p.channel());
    }
    return Optional.empty();
  }
}
