package dev.lineup.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins slow down who makes them, with exponential backoff, in memory on each node.
 *
 * <ul>
 *   <li><b>Per client address</b> (IPv6 by /64): {@code addressFreeFailures} failures, then
 *       1 s, 2 s, 4 s … up to {@code addressMaxDelaySeconds} (15 min by default). This is the strong
 *       one: it stops one machine guessing, and an attacker cannot aim it at anyone else's address.</li>
 *   <li><b>Per username</b>: {@code userFreeFailures} failures, then 1 s, 2 s … up to
 *       {@code userMaxDelaySeconds} (60 s by default). It bounds guessing spread over many addresses
 *       (one guess per username per minute at most, once the free ones are spent) while an attacker
 *       can keep the real user waiting for a minute at most, and not at all from an address where
 *       that user logged in before: those logins are exempt from the username limit.</li>
 * </ul>
 * Only answered guesses count: a login refused with 429 is not evaluated and does not extend the
 * wait. A key is forgotten after {@code FORGET_AFTER_MILLIS} without failures; a success clears the
 * username's count (never the address's: an attacker's own account must not reset it). Maps are
 * bounded (least recently touched entries go first), so random usernames cannot exhaust memory.
 */
final class LoginThrottle {

  /** How long a key with no new failures is remembered. */
  static final long FORGET_AFTER_MILLIS = 60 * 60 * 1000L;
  /** How long an address where a user logged in counts as theirs. */
  static final long KNOWN_FOR_MILLIS = 30L * 24 * 60 * 60 * 1000;
  private static final int MAX_KEYS = 100_000;
  private static final long BASE_DELAY_MILLIS = 1000;

  private final Limit users;
  private final Limit addresses;
  private final Bounded<Long> known = new Bounded<>();
  private final LongSupplier clock;

  LoginThrottle(LoginOptions options, LongSupplier clock) {
    this.users = new Limit(options.userFreeFailures(), options.userMaxDelaySeconds() * 1000L);
    this.addresses = new Limit(options.addressFreeFailures(), options.addressMaxDelaySeconds() * 1000L);
    this.clock = clock;
  }

  /**
   * Seconds the caller must wait before this attempt is evaluated, or 0 to go ahead.
   * {@code username} may be null (a refresh names none).
   */
  long retryAfterSeconds(String username, String address) {
    long now = clock.getAsLong();
    long until = addresses.blockedUntil(ClientAddress.group(address), now);
    if (username != null && !isKnown(username, address)) {
      until = Math.max(until, users.blockedUntil(username, now));
    }
    return until <= now ? 0 : (until - now + 999) / 1000;
  }

  void failed(String username, String address) {
    long now = clock.getAsLong();
    addresses.fail(ClientAddress.group(address), now);
    if (username != null) users.fail(username, now);
  }

  void succeeded(String username, String address) {
    users.clear(username);
    synchronized (known) {
      known.put(pair(username, address), clock.getAsLong());
    }
  }

  /** This user logged in from this address (its /64 for IPv6) within {@link #KNOWN_FOR_MILLIS}. */
  boolean isKnown(String username, String address) {
    Long since;
    synchronized (known) {
      since = known.get(pair(username, address));
    }
    return since != null && clock.getAsLong() - since < KNOWN_FOR_MILLIS;
  }

  private static String pair(String username, String address) {
    return username + " " + ClientAddress.group(address);
  }

  /** One kind of key with its free failures and its longest delay. */
  private static final class Limit {
    private final int free;
    private final long maxDelayMillis;
    private final Bounded<long[]> entries = new Bounded<>(); // [failures, last failure, blocked until]

    Limit(int free, long maxDelayMillis) {
      this.free = free;
      this.maxDelayMillis = maxDelayMillis;
    }

    synchronized long blockedUntil(String key, long now) {
      long[] e = entries.get(key);
      if (e == null) return 0;
      if (now - e[1] > FORGET_AFTER_MILLIS) {
        entries.remove(key);
        return 0;
      }
      return e[2];
    }

    synchronized void fail(String key, long now) {
      long[] e = entries.get(key);
      if (e == null || now - e[1] > FORGET_AFTER_MILLIS) e = new long[3];
      e[0]++;
      e[1] = now;
      long over = e[0] - free;
      if (over > 0) {
        long delay = over > 40 ? maxDelayMillis : Math.min(maxDelayMillis, BASE_DELAY_MILLIS << (over - 1));
        e[2] = Math.max(e[2], now + delay);
      }
      entries.put(key, e);
    }

    synchronized void clear(String key) {
      entries.remove(key);
    }
  }

  /** Least recently touched entries go first once {@link #MAX_KEYS} are held. */
  private static final class Bounded<V> extends LinkedHashMap<String, V> {
    Bounded() {
      super(1024, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
      return size() > MAX_KEYS;
    }
  }
}
