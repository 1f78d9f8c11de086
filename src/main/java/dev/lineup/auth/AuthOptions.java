package dev.lineup.auth;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the JWT pieces need to know: Lineup's own keys, the claims every token must carry,
 * and the external identity provider.
 *
 * @param secret          the HS256 secret that signs ({@code LINEUP_JWT_SECRET}); null to use (or
 *                        create) the data folder's {@code jwt-secret} file
 * @param previousSecrets earlier secrets that still verify (not sign) until their tokens expire
 * @param dataDir         where the generated secret is kept
 * @param issuer          the {@code iss} every token must carry and the one we issue
 * @param audience        the {@code aud} every token must contain and the one we issue
 * @param leewaySeconds   clock skew allowed on {@code exp} and {@code nbf}
 * @param tokenMinutes    lifetime of tokens issued by {@code POST /api/token} and refreshes
 * @param externalKeys    PEM public keys of an external identity provider
 * @param provider        the external identity provider's JWKS and where its claims are
 */
public record AuthOptions(String secret, List<String> previousSecrets, Path dataDir, String issuer,
    String audience, int leewaySeconds, int tokenMinutes, List<ExternalKey> externalKeys,
    ProviderOptions provider) {

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
    previousSecrets = previousSecrets == null ? List.of() : List.copyOf(previousSecrets);
    externalKeys = externalKeys == null ? List.of() : List.copyOf(externalKeys);
    provider = provider == null ? ProviderOptions.NONE : provider;
  }

  /** Lineup's own secret and PEM keys only: no previous secrets, no JWKS, claims where Lineup puts them. */
  public AuthOptions(String secret, Path dataDir, String issuer, String audience, int leewaySeconds,
                     int tokenMinutes, List<ExternalKey> externalKeys) {
    this(secret, List.of(), dataDir, issuer, audience, leewaySeconds, tokenMinutes, externalKeys, ProviderOptions.NONE);
  }

  /** Defaults for everything but the key material. */
  public static AuthOptions defaults(String secret, Path dataDir) {
    return new AuthOptions(secret, dataDir, DEFAULT_ISSUER, DEFAULT_AUDIENCE,
        DEFAULT_LEEWAY_SECONDS, DEFAULT_TOKEN_MINUTES, List.of());
  }

  public AuthOptions withProvider(ProviderOptions provider) {
    return new AuthOptions(secret, previousSecrets, dataDir, issuer, audience, leewaySeconds, tokenMinutes,
        externalKeys, provider);
  }

  /** The {@code jwt_*} keys, {@code token_minutes} and {@code data_dir} of the configuration. */
  public static AuthOptions fromConfig(JsonObject config) {
    String secret = config.getString("jwt_secret", "");
    return new AuthOptions(secret.isBlank() ? null : secret,
        list(config.getString("jwt_previous_secrets", "")),
        Path.of(config.getString("data_dir")),
        config.getString("jwt_issuer"), config.getString("jwt_audience"),
        config.getInteger("jwt_leeway_seconds"), config.getInteger("token_minutes"),
        externalKeys(config.getString("jwt_public_keys", "")),
        ProviderOptions.fromConfig(config));
  }

  /** "RS256:/path/key.pem,ES256:/path/other.pem" → keys, each bound to its one algorithm. */
  static List<ExternalKey> externalKeys(String spec) {
    List<ExternalKey> keys = new ArrayList<>();
    for (String entry : list(spec)) {
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("jwt_public_keys entry \"" + entry + "\" is not ALGORITHM:/path/to/key.pem");
      }
      Path file = Path.of(entry.substring(colon + 1).trim());
      try {
        keys.add(new ExternalKey(entry.substring(0, colon).trim(), Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read public key " + file, e);
      }
    }
    return keys;
  }

  /** A comma-separated value, trimmed, without empty entries. */
  static List<String> list(String spec) {
    List<String> values = new ArrayList<>();
    for (String entry : spec.split(",")) {
      if (!entry.isBlank()) values.add(entry.trim());
    }
    return values;
  }
}
