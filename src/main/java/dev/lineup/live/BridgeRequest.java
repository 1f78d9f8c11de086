package dev.lineup.live;

import dev.lineup.bus.Addresses;

/**
 * What a browser asks for, for the policy to decide: a registration or a send, on a permitted
 * address (its channel already known), with the token of the frame's headers and its body.
 */
record BridgeRequest(Action action, Channel channel, String address, String authorization, Object body) {

  enum Action { REGISTER, SEND }

  /** The workshop the address belongs to, or null (commands name theirs in the body). */
  String workshop() {
    return Addresses.workshopOf(address);
  }
}
