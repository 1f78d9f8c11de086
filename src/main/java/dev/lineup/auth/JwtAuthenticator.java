package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies bearer tokens (signature by vertx-auth-jwt, claims here) and issues HS256 tokens.
 * Every failure is a {@link Failure#UNAUTHENTICATED} rejection naming the reason.
 */
public final class JwtAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final String BEARER = "Bearer";
  /** Longer than any sane token; refuses megabyte headers before any parsing. */
  private static final int MAX_TOKEN_LENGTH = 16_384;

  private final JWTAuth jwt;
  private final AuthOptions options;

  private JwtAuthenticator(JWTAuth jwt, AuthOptions options) {
    this.jwt = jwt;
    this.options = options;
  }

  /**
   * Loads the key material off the event loop. Fails (the server must then refuse to start) when
   * no secret can be read or created, or an external key is unusable: vertx-auth-jwt without keys
   * would accept unsigned tokens.
   */
  public static Future<JwtAuthenticator> create(Vertx vertx, AuthOptions options) {
    return vertx.executeBlocking(() -> JwtKeys.resolveSecret(options), false)
        .map(secret -> new JwtAuthenticator(
            JWTAuth.create(vertx, JwtKeys.jwtAuthOptions(secret, options.externalKeys())), options))
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "no usable JWT key material, refusing to start: " + e.getMessage(), e)));
  }

  public AuthOptions options() {
    return options;
  }

  @Override
  public Future<Principal> authenticate(String authorization) {
    String token;
    try {
      token = bearerToken(authorization);
    } catch (Rejection r) {
      return Future.failedFuture(r);
    }
    // compose: vertx-auth-jwt throws, rather than fails, on some malformed claims (a string exp).
    return Future.succeededFuture(new TokenCredentials(token))
        .compose(jwt::authenticate)
        .recover(e -> Future.failedFuture(unauthenticated(signatureFailure(e))))
        .map(this::principalOf);
  }

  /** An HS256 token for {@code principal}, valid for {@code minutes}, with our iss and aud. */
  public String issue(Principal principal, int minutes) {
    if (minutes < 1) throw new IllegalArgumentException("minutes < 1");
    JsonObject claims = new JsonObject()
        .put("sub", principal.subject())
        .put("roles", new JsonArray(principal.roles().stream().sorted().toList()))
        .put("workshops", new JsonArray(principal.workshops().stream().sorted().toList()));
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm(JwtKeys.LOCAL_ALGORITHM)
        .setExpiresInMinutes(minutes)
        .setIssuer(options.issuer())
        .addAudience(options.audience()));
  }

  private static String bearerToken(String authorization) {
    if (authorization == null || authorization.isBlank()) throw unauthenticated("missing token");
    String header = authorization.strip();
    if (header.length() > MAX_TOKEN_LENGTH) throw unauthenticated("token too long");
    String[] schemeAndToken = header.split("\\s+", 2);
    if (!BEARER.equalsIgnoreCase(schemeAndToken[0])) throw unauthenticated("not a Bearer token");
    if (schemeAndToken.length < 2) throw unauthenticated("missing token");
    return schemeAndToken[1];
  }

  /** Why vertx-auth-jwt refused the token (format, algorithm or signature). */
  private static String signatureFailure(Throwable e) {
    LOG.debug("JWT refused by vertx-auth-jwt", e);
    String message = String.valueOf(e.getMessage());
    if (message.contains("\"none\"") || message.contains("not signed")) return "unsigned token (alg none) refused";
    if (e instanceof NoSuchKeyIdException) return "no key for this token's algorithm or key id";
    if (e instanceof SignatureException) return "invalid signature";
    return "malformed token";
  }

  /** The claim checks vertx-auth-jwt does not do, or does not do strictly enough. */
  private Principal principalOf(User user) {
    // vertx-auth-jwt keeps the verified payload, as sent, under this attribute.
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null) throw unauthenticated("token has no claims");
    long now = Instant.now().getEpochSecond();
    long leeway = options.leewaySeconds();
    Long exp = numericDate(claims, "exp");
    if (exp == null) throw unauthenticated("token has no exp");
    if (now - leeway >= exp) throw unauthenticated("token expired");
    Long nbf = numericDate(claims, "nbf");
    if (nbf != null && now + leeway < nbf) throw unauthenticated("token not valid yet (nbf)");
    if (!options.issuer().equals(claims.getValue("iss"))) throw unauthenticated("wrong issuer");
    if (!audiences(claims).contains(options.audience())) throw unauthenticated("wrong audience");
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String) || ((String) sub).isBlank()) throw unauthenticated("token has no sub");
    return Principal.of((String) sub, strings(claims, "roles"), strings(claims, "workshops"));
  }

  private static Long numericDate(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) return null;
    if (!(value instanceof Number)) throw unauthenticated(name + " is not a number");
    return ((Number) value).longValue();
  }

  private static List<Object> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    if (aud instanceof JsonArray) return ((JsonArray) aud).getList();
    return aud == null ? List.of() : List.of(aud);
  }

  /** A claim that must be, when present, an array of strings. */
  private static List<String> strings(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) return List.of();
    if (!(value instanceof JsonArray)) throw unauthenticated(name + " claim is not an array");
    List<String> result = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String)) throw unauthenticated(name + " claim holds a non-string");
      result.add((String) item);
    }
    return result;
  }

  private static Rejection unauthenticated(String reason) {
    return new Rejection(Failure.UNAUTHENTICATED, reason);
  }
}
