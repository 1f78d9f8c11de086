package dev.lineup.auth;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the JWT and user pieces need to know.
 *
 * @param secret        the HS256 secret ({@code LINEUP_JWT_SECRET}); null to use (or create) the
 *                      data folder's {@code jwt-secret} file
 * @param dataDir       where the generated secret is kept
 * @param issuer        the {@code iss} every token must carry and the one we issue
 * @param audience      the {@code aud} every token must contain and the one we issue
 * @param leewaySeconds clock skew allowed on {@code exp} and {@code nbf}
 * @param tokenMinutes  lifetime of tokens issued by {@code POST /api/token}
 * @param externalKeys  public keys of an external identity provider
 */
public record AuthOptions(String secret, Path dataDir, String issuer, String audience,
    int leewaySeconds, int tokenMinutes, List<ExternalKey> externalKeys) {

  public static final String DEFAULT_ISSUER = "lineup";
  public static final String DEFAULT_AUDIENCE = "lineup";
  public static final int DEFAULT_LEEWAY_SECONDS = 5;
  public static final int DEFAULT_TOKEN_MINUTES = 60;
  public static final String DEFAULT_DATA_DIR = "data";

  /**
   * A public key (PEM: {@code PUBLIC KEY} or {@code CERTIFICATE}) of an external identity provider.
   *
   * @param algorithm the one JWS algorithm this key verifies: RS256, RS384, RS512, ES256, ES384, ES512
   */
  public record ExternalKey(String algorithm, String pem) {
    public ExternalKey {
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(pem, "pem");
    }
  }

  public AuthOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    if (issuer == null || issuer.isBlank()) throw new IllegalArgumentException("issuer is blank");
    if (audience == null || audience.isBlank()) throw new IllegalArgumentException("audience is blank");
    if (leewaySeconds < 0) throw new IllegalArgumentException("leewaySeconds < 0");
    if (tokenMinutes < 1) throw new IllegalArgumentException("tokenMinutes < 1");
    externalKeys = externalKeys == null ? List.of() : List.copyOf(externalKeys);
  }

  /** Defaults for everything but the key material. */
  public static AuthOptions defaults(String secret, Path dataDir) {
    return new AuthOptions(secret, dataDir, DEFAULT_ISSUER, DEFAULT_AUDIENCE,
        DEFAULT_LEEWAY_SECONDS, DEFAULT_TOKEN_MINUTES, List.of());
  }


}
