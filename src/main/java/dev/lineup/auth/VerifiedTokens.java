package dev.lineup.auth;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The claims of tokens whose signature was verified, kept until the token expires, so that a
 * client sending the same token again is not verified again (a signature check and two JSON
 * parses per command: JFR put it at ~6 % of a command's CPU). Only what the signature proves is
 * kept: the claim checks run on every use, and so does the subject check (a deleted or disabled
 * user, a reset password, a revoked service account is refused as before). Only tokens verified
 * by keys fixed for the node's life are kept (not those of a provider's JWKS, whose keys rotate).
 * Bounded: when full, the expired entries go, and if that is not enough, all of them.
 */
final class VerifiedTokens {

  static final int MAX_ENTRIES = 10_000;

  private record Entry(JsonObject claims, long expiresAtMillis) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final int maxEntries;

  VerifiedTokens(LongSupplier clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /** The verified claims of {@code token}, while it has not expired. */
  Optional<JsonObject> claims(String token) {
    Entry entry = entries.get(token);
    if (entry == null) return Optional.empty();
    if (clock.getAsLong() >= entry.expiresAtMillis()) {
      entries.remove(token, entry);
      return Optional.empty();
    }
    return Optional.of(entry.claims());
  }

  /** Keeps the claims of a token just verified, until its {@code exp} (when it has a numeric one). */
  void keep(String token, JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number exp)) return;
    long expiresAt = exp.longValue() * 1000;
    long now = clock.getAsLong();
    if (expiresAt <= now) return;
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> now >= e.expiresAtMillis());
      if (entries.size() >= maxEntries) entries.clear();
    }
    // A copy: the caller's claims are its own (a refresh reads them), the cached ones stay as verified.
    entries.put(token, new Entry(claims.copy(), expiresAt));
  }

  int size() {
    return entries.size();
  }
}
