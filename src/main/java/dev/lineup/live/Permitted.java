package dev.lineup.live;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One permitted address, as vertx-web's {@code PermittedOptions}: an exact address or a regex
 * matching whole addresses, and the channel it belongs to.
 */
record Permitted(String address, Pattern addressRegex, Channel channel) {

  Permitted {
    if ((address == null) == (addressRegex == null)) {
      throw new IllegalArgumentException("a permitted address is either exact or a regex");
    }
    Objects.requireNonNull(channel);
  }

  static Permitted exact(String address, Channel channel) {
    return new Permitted(address, null, channel);
  }

  static Permitted matching(String regex, Channel channel) {
    return new Permitted(null, Pattern.compile(regex), channel);
  }

  boolean matches(String candidate) {
    return address != null ? address.equals(candidate) : addressRegex.matcher(candidate).matches();
  }
}
