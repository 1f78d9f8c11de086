package dev.lineup.formats.frab;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Identifiers that depend only on names, so that every export of the same thing carries the same
 * ids: name-based UUIDs (RFC 4122 version 5, SHA-1, as frab and pretalx make them) and positive
 * integers taken from them.
 */
final class StableIds {

  /** RFC 4122 namespace for URLs; Lineup's own namespace is derived from it. */
  private static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  private static final UUID LINEUP = uuid5(NAMESPACE_URL, "urn:lineup");

  private StableIds() {
  }

  /** The UUID of a name (e.g. "talk:workshop/talk") in Lineup's namespace. */
  static UUID uuid(String name) {
    return uuid5(LINEUP, name);
  }

  /** A positive int (1 … 2^31-1) from the same name: the legacy numeric ids of frab. */
  static int positiveInt(String name) {
    int bits = (int) (uuid(name).getMostSignificantBits() >>> 32) & Integer.MAX_VALUE;
    return bits == 0 ? 1 : bits;
  }

  static UUID uuid5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
    sha1.update(ByteBuffer.allocate(16)
        .putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits())
        .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
