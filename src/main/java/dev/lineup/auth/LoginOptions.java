package dev.lineup.auth;

import io.vertx.core.json.JsonObject;

/**
 * How logins are defended, and how fast a revoked token stops working.
 *
 * @param userFreeFailures     failed logins for one username before it is slowed down
 * @param userMaxDelaySeconds  the longest wait imposed on one username (short: the attacker does not
 *                             choose it for the real user for long)
 * @param addressFreeFailures  failed logins from one client address before it is slowed down
 * @param addressMaxDelaySeconds the longest wait imposed on one client address
 * @param hashThreads          threads hashing passwords for logins from addresses not yet known for the user
 * @param hashQueue            hashes that may wait for those threads; beyond, the login answers 503 at once
 * @param trustedProxies       comma-separated addresses or CIDR ranges whose {@code X-Forwarded-For} is believed
 * @param subjectCacheSeconds  how long a user's or service account's state is trusted without a
 *                             store read (changes also reach every node at once over the event bus)
 * @param hashIterations       PBKDF2 rounds for new password hashes
 */
public record LoginOptions(int userFreeFailures, int userMaxDelaySeconds, int addressFreeFailures,
                           int addressMaxDelaySeconds, int hashThreads, int hashQueue, String trustedProxies,
                           int subjectCacheSeconds, int hashIterations) {

  public static final LoginOptions DEFAULTS = new LoginOptions(5, 60, 10, 900, 1, 2, "", 30,
      PasswordHasher.DEFAULT_ITERATIONS);

  public LoginOptions {
    positive("login_user_free_failures", userFreeFailures, 0);
    positive("login_user_max_delay_seconds", userMaxDelaySeconds, 1);
    positive("login_address_free_failures", addressFreeFailures, 0);
    positive("login_address_max_delay_seconds", addressMaxDelaySeconds, 1);
    positive("login_hash_threads", hashThreads, 1);
    positive("login_hash_queue", hashQueue, 0);
    positive("auth_cache_seconds", subjectCacheSeconds, 1);
    positive("hash iterations", hashIterations, 1);
    trustedProxies = trustedProxies == null ? "" : trustedProxies;
  }

  static LoginOptions fromConfig(JsonObject config) {
    return new LoginOptions(
        config.getInteger("login_user_free_failures", DEFAULTS.userFreeFailures),
        config.getInteger("login_user_max_delay_seconds", DEFAULTS.userMaxDelaySeconds),
        config.getInteger("login_address_free_failures", DEFAULTS.addressFreeFailures),
        config.getInteger("login_address_max_delay_seconds", DEFAULTS.addressMaxDelaySeconds),
        config.getInteger("login_hash_threads", DEFAULTS.hashThreads),
        config.getInteger("login_hash_queue", DEFAULTS.hashQueue),
        config.getString("trusted_proxies", DEFAULTS.trustedProxies),
        config.getInteger("auth_cache_seconds", DEFAULTS.subjectCacheSeconds),
        config.getInteger("password_hash_iterations", DEFAULTS.hashIterations));
  }

  private static void positive(String name, int value, int min) {
    if (value < min) throw new IllegalArgumentException(name + " must be at least " + min);
  }
}
