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

import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies bearer tokens and issues Lineup's own (HS256, with the current secret's {@code kid}).
 *
 * <p>A token whose header names a {@code kid} and an RS/ES algorithm, when a JWKS is configured, is
 * verified by that one key of the provider's {@link Jwks}. Every other token goes to vertx-auth-jwt:
 * HS256 against Lineup's current and previous secrets (by {@code kid} when it names one), RS/ES
 * against the PEM keys, each pinned to its algorithm. Then the claims: {@code exp} required,
 * {@code nbf}, {@code iss}, {@code aud}, {@code sub}; roles and workshops where Lineup puts them, or,
 * for the provider's tokens, where {@link ClaimMapping} says. Lineup's own tokens are last checked
 * against their subject's record ({@link SubjectCache}): a deleted or disabled user, a reset
 * password, a revoked service account. Every failure is a {@link Failure#UNAUTHENTICATED} rejection
 * naming the reason.
 */
public final class JwtAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final String BEARER = "Bearer";
  /** Longer than any sane token; refuses megabyte headers before any parsing. */
  private static final int MAX_TOKEN_LENGTH = 16_384;

  /** A token that verified: who it is, its claims, and whether Lineup signed it. */
  record Verified(Principal principal, JsonObject claims, boolean local) {
  }

  /** A token Lineup signed, and the seconds it is valid for: the body of a token answer. */
  record Issued(String token, long expiresIn) {
    JsonObject json() {
      return new JsonObject().put("token", token).put("expiresIn", expiresIn);
    }
  }

  private final JWTAuth signer;
  private final JWTAuth verifier;
  private final AuthOptions options;
  private final ClaimMapping provider;
  private final Jwks jwks;
  private final SubjectCache subjects;
  private final VerifiedTokens verifiedTokens;

  private JwtAuthenticator(JWTAuth signer, JWTAuth verifier, AuthOptions options, Jwks jwks, SubjectCache subjects,
                           VerifiedTokens verifiedTokens) {
    this.verifiedTokens = verifiedTokens;
    this.signer = signer;
    this.verifier = verifier;
    this.options = options;
    this.provider = ClaimMapping.of(options.provider());
    this.jwks = jwks;
    this.subjects = subjects;
  }

  /**
   * Loads the key material off the event loop. Fails (the server must then refuse to start) when
   * no secret can be read or created, or a key is unusable: vertx-auth-jwt without keys would accept
   * unsigned tokens. The result knows no JWKS and checks no subjects: a node adds those
   * ({@link Auth}); the token CLI needs neither.
   */
  public static Future<JwtAuthenticator> create(Vertx vertx, AuthOptions options) {
    return vertx.executeBlocking(() -> {
          String secret = JwtKeys.resolveSecret(options);
          List<String> previous = JwtKeys.previousSecrets(secret, options.previousSecrets());
          return new JwtAuthenticator(JWTAuth.create(vertx, JwtKeys.signingOptions(secret)),
              JWTAuth.create(vertx, JwtKeys.verifyingOptions(secret, previous, options.externalKeys())),
              options, null, null, new VerifiedTokens(System::currentTimeMillis, VerifiedTokens.MAX_ENTRIES));
        }, false)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "no usable JWT key material, refusing to start: " + e.getMessage(), e)));
  }

  /** The same keys, with the provider's JWKS and the subject checks of a node. */
  JwtAuthenticator with(Jwks jwks, SubjectCache subjects) {
    return new JwtAuthenticator(signer, verifier, options, jwks, subjects, verifiedTokens);
  }

  public AuthOptions options() {
    return options;
  }

  @Override
  public Future<Principal> authenticate(String authorization) {
    return verify(authorization).map(Verified::principal);
  }

  /** As {@link #authenticate}, keeping the claims (a refresh copies them). */
  Future<Verified> verify(String authorization) {
    String token;
    JsonObject header;
    try {
      token = bearerToken(authorization);
      header = header(token);
    } catch (Rejection r) {
      return Future.failedFuture(r);
    }
    String alg = header.getValue("alg") instanceof String a ? a : null;
    Object kid = header.getValue("kid");
    boolean external = alg != null && JwtKeys.EXTERNAL_ALGORITHMS.contains(alg);
    Future<JsonObject> claims;
    if (external && kid != null && jwks != null) {
      claims = kid instanceof String k ? verifyByJwks(token, header, k, alg)
          : Future.failedFuture(unauthenticated("kid is not a string"));
    } else if (external && kid == null && jwks != null && !hasPemKey(alg)) {
      claims = Future.failedFuture(unauthenticated("the token names no key id (kid)"));
    } else {
      claims = verifyByKeys(token, kid);
    }
    boolean local = JwtKeys.LOCAL_ALGORITHM.equals(alg);
    return claims.compose(c -> {
      Verified verified = new Verified(principalOf(c, local), c, local);
      return local && subjects != null
          ? subjects.check(verified.principal().subject(), c).map(verified)
          : Future.succeededFuture(verified);
    });
  }

  /** An HS256 token for {@code principal}, valid for {@code minutes}, with our iss and aud. */
  public String issue(Principal principal, int minutes) {
    if (minutes < 1) throw new IllegalArgumentException("minutes < 1");
    return sign(principal, new JsonObject(), Instant.now().getEpochSecond() + minutes * 60L).token();
  }

  /** A login's token: bound to the user's token version, so a reset or a disable revokes it. */
  Issued issue(UserStore.User user) {
    return sign(user.principal(), new JsonObject().put("tv", user.tokenVersion()),
        Instant.now().getEpochSecond() + options.tokenMinutes() * 60L);
  }

  /** A service account's one token: expires with the account, bound to its token id. */
  Issued issue(ServiceAccounts.Account account) {
    return sign(account.principal(), new JsonObject().put("jti", account.tokenId()), account.expiresAt().getEpochSecond());
  }

  /**
   * A fresh token for a verified one of Lineup's: same subject, roles, workshops and binding
   * ({@code tv}, {@code jti}), valid for the token lifetime; a service account's never beyond the
   * one it had (its account's expiry).
   */
  Issued reissue(Verified verified) {
    JsonObject binding = new JsonObject();
    for (String claim : List.of("tv", "jti")) {
      if (verified.claims().containsKey(claim)) binding.put(claim, verified.claims().getValue(claim));
    }
    long exp = Instant.now().getEpochSecond() + options.tokenMinutes() * 60L;
    if (verified.principal().subject().startsWith(ServiceAccounts.SUBJECT_PREFIX)) {
      exp = Math.min(exp, verified.claims().getLong("exp"));
    }
    return sign(verified.principal(), binding, exp);
  }

  private Issued sign(Principal principal, JsonObject extra, long exp) {
    JsonObject claims = extra.copy()
        .put("sub", principal.subject())
        .put("roles", new JsonArray(principal.roles().stream().sorted().toList()))
        .put("workshops", new JsonArray(principal.workshops().stream().sorted().toList()))
        .put("exp", exp);
    String token = signer.generateToken(claims, new JWTOptions()
        .setAlgorithm(JwtKeys.LOCAL_ALGORITHM)
        .setIssuer(options.issuer())
        .addAudience(options.audience()));
    return new Issued(token, Math.max(0, exp - Instant.now().getEpochSecond()));
  }

  /** For {@code /health}: the provider's key set, when a JWKS is configured. */
  JsonObject providerStatus() {
    return jwks == null ? null : jwks.status();
  }

  /** By Lineup's secrets or the PEM keys (fixed while the node runs): a token verified once is not again. */
  private Future<JsonObject> verifyByKeys(String token, Object kid) {
    Optional<JsonObject> known = verifiedTokens.claims(token);
    if (known.isPresent()) return Future.succeededFuture(known.get());
    // compose: vertx-auth-jwt throws, rather than fails, on some malformed claims (a string exp).
    return Future.succeededFuture(new TokenCredentials(token))
        .compose(verifier::authenticate)
        .recover(e -> Future.failedFuture(unauthenticated(signatureFailure(e, kid))))
        .map(JwtAuthenticator::claimsOf)
        .onSuccess(c -> verifiedTokens.keep(token, c));
  }

  private boolean hasPemKey(String alg) {
    return options.externalKeys().stream().anyMatch(k -> k.algorithm().equals(alg));
  }

  private Future<JsonObject> verifyByJwks(String token, JsonObject header, String kid, String alg) {
    if (header.containsKey("crit")) return Future.failedFuture(unauthenticated("crit header parameters are not supported"));
    String[] parts = token.split("\\.", -1);
    byte[] signature;
    JsonObject payload;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
      payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return Future.failedFuture(unauthenticated("malformed token"));
    }
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return jwks.key(kid, alg).compose(key -> key.verify(alg, signingInput, signature)
        ? Future.succeededFuture(payload)
        : Future.failedFuture(unauthenticated("invalid signature")));
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

  /** The JOSE header, read only to choose the verifier: nothing in it is trusted yet. */
  private static JsonObject header(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) throw unauthenticated("malformed token");
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw unauthenticated("malformed token");
    }
  }

  /** Why vertx-auth-jwt refused the token (format, algorithm or signature). */
  private static String signatureFailure(Throwable e, Object kid) {
    LOG.debug("JWT refused by vertx-auth-jwt", e);
    String message = String.valueOf(e.getMessage());
    if (message.contains("\"none\"") || message.contains("not signed")) return "unsigned token (alg none) refused";
    if (e instanceof NoSuchKeyIdException) {
      return kid == null ? "no key for this token's algorithm" : "unknown key id " + kid + " for this token's algorithm";
    }
    if (e instanceof SignatureException) return "invalid signature";
    return "malformed token";
  }

  private static JsonObject claimsOf(User user) {
    // vertx-auth-jwt keeps the verified payload, as sent, under this attribute.
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null) throw unauthenticated("token has no claims");
    return claims;
  }

  /** The claim checks vertx-auth-jwt does not do, or does not do strictly enough. */
  private Principal principalOf(JsonObject claims, boolean local) {
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
    if (!(sub instanceof String subject) || subject.isBlank()) throw unauthenticated("token has no sub");
    if (!local && subject.startsWith(ServiceAccounts.SUBJECT_PREFIX)) {
      throw unauthenticated("subjects service:* are Lineup's own service accounts");
    }
    return (local ? ClaimMapping.LINEUP : provider).principal(subject, claims);
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

  private static Rejection unauthenticated(String reason) {
    return new Rejection(Failure.UNAUTHENTICATED, reason);
  }
}
