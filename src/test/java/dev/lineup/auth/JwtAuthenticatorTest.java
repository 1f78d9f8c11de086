package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static dev.lineup.auth.TestTokens.SECRET;
import static dev.lineup.auth.TestTokens.await;
import static dev.lineup.auth.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of token a client or an attacker may send, against the real vertx-auth-jwt. */
class JwtAuthenticatorTest {

  private static Vertx vertx;
  private static KeyPair idp;
  private static JwtAuthenticator authenticator;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    idp = TestTokens.rsaKeyPair();
    AuthOptions options = new AuthOptions(SECRET, dataDir, "lineup", "lineup", 5, 60, List.of(
        new AuthOptions.ExternalKey("RS256", TestTokens.publicPem(idp.getPublic())),
        new AuthOptions.ExternalKey("ES256", TestTokens.resource("idp-es256-public.pem"))));
    authenticator = await(JwtAuthenticator.create(vertx, options));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void acceptsAValidHs256TokenAndReadsItsClaims() throws Exception {
    Principal p = await(authenticator.authenticate("Bearer " + TestTokens.hs256(SECRET, validClaims())));

    assertThat(p).isEqualTo(Principal.of("alice", List.of("organizer"), List.of("dali2018-theory")));
    assertThat(p.mayEdit("dali2018-theory")).isTrue();
    assertThat(p.mayEdit("other")).isFalse();
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    assertThat(await(authenticator.authenticate("bearer " + TestTokens.hs256(SECRET, validClaims()))).subject())
        .isEqualTo("alice");
  }

  @Test
  void refusesAMissingOrNonBearerHeader() {
    assertRejected(null, "missing token");
    assertRejected("", "missing token");
    assertRejected("Bearer   ", "missing token");
    assertRejected("Basic YWxpY2U6c2VjcmV0", "not a Bearer token");
  }

  @Test
  void refusesAlgNone() {
    assertRejected("Bearer " + TestTokens.unsigned(validClaims()), "unsigned");
  }

  @Test
  void refusesATokenSignedWithAnotherSecret() {
    String token = TestTokens.hs256("another-secret-of-sufficient-length-0123456789", validClaims());
    assertRejected("Bearer " + token, "invalid signature");
  }

  @Test
  void refusesATamperedPayload() {
    String token = TestTokens.hs256(SECRET, validClaims());
    String[] parts = token.split("\\.");
    String forged = TestTokens.b64(validClaims().put("roles", new JsonArray().add("admin")).encode()
        .getBytes(StandardCharsets.UTF_8));
    assertRejected("Bearer " + parts[0] + "." + forged + "." + parts[2], "invalid signature");
  }

  @Test
  void refusesAnExpiredToken() {
    long now = Instant.now().getEpochSecond();
    assertRejected(bearer(validClaims().put("exp", now - 3600)), "expired");
  }

  @Test
  void allowsTheConfiguredLeewayOnExp() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(await(authenticator.authenticate(bearer(validClaims().put("exp", now - 2)))).subject())
        .isEqualTo("alice");
  }

  @Test
  void requiresExp() {
    JsonObject claims = validClaims();
    claims.remove("exp");
    assertRejected(bearer(claims), "no exp");
  }

  @Test
  void refusesANonNumericExp() {
    assertRejected(bearer(validClaims().put("exp", "tomorrow")), "malformed");
    assertRejected(bearer(validClaims().put("nbf", "later")), "malformed");
  }

  @Test
  void refusesAWrongOrMissingAudience() throws Exception {
    assertRejected(bearer(validClaims().put("aud", "someone-else")), "wrong audience");
    JsonObject noAud = validClaims();
    noAud.remove("aud");
    assertRejected(bearer(noAud), "wrong audience");
    // An array of audiences that names us is fine.
    JsonObject several = validClaims().put("aud", new JsonArray().add("other").add("lineup"));
    assertThat(await(authenticator.authenticate(bearer(several))).subject()).isEqualTo("alice");
  }

  @Test
  void refusesAWrongOrMissingIssuer() {
    assertRejected(bearer(validClaims().put("iss", "evil")), "wrong issuer");
    JsonObject noIss = validClaims();
    noIss.remove("iss");
    assertRejected(bearer(noIss), "wrong issuer");
  }

  @Test
  void honoursNbf() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertRejected(bearer(validClaims().put("nbf", now + 3600)), "not valid yet");
    assertThat(await(authenticator.authenticate(bearer(validClaims().put("nbf", now - 10)))).subject())
        .isEqualTo("alice");
  }

  @Test
  void refusesGarbage() {
    assertRejected("Bearer garbage", "malformed");
    assertRejected("Bearer a.b.c", "malformed");
    assertRejected("Bearer " + "x".repeat(20_000), "too long");
  }

  @Test
  void refusesClaimsOfTheWrongShape() {
    assertRejected(bearer(validClaims().put("roles", "admin")), "roles claim is not an array");
    assertRejected(bearer(validClaims().put("workshops", new JsonArray().add(1))), "workshops claim holds a non-string");
    JsonObject noSub = validClaims();
    noSub.remove("sub");
    assertRejected(bearer(noSub), "no sub");
  }

  @Test
  void acceptsRs256FromTheExternalIdentityProvider() throws Exception {
    JsonObject claims = validClaims().put("sub", "bob").put("roles", new JsonArray().add("admin"))
        .put("workshops", new JsonArray().add("*"));
    Principal p = await(authenticator.authenticate("Bearer " + TestTokens.rs256(idp.getPrivate(), claims)));

    assertThat(p.subject()).isEqualTo("bob");
    assertThat(p.isAdmin()).isTrue();
  }

  @Test
  void acceptsEs256FromAPemFileOfTheExternalIdentityProvider() throws Exception {
    String token = TestTokens.es256(
        TestTokens.privateKey(TestTokens.resource("idp-es256-private.pem"), "EC"), validClaims());
    assertThat(await(authenticator.authenticate("Bearer " + token)).subject()).isEqualTo("alice");
  }

  @Test
  void appliesTheClaimChecksToExternalTokensToo() {
    long now = Instant.now().getEpochSecond();
    assertRejected("Bearer " + TestTokens.rs256(idp.getPrivate(), validClaims().put("exp", now - 3600)), "expired");
    JsonObject noExp = validClaims();
    noExp.remove("exp");
    assertRejected("Bearer " + TestTokens.rs256(idp.getPrivate(), noExp), "no exp");
  }

  @Test
  void refusesRs256SignedByAnotherKey() {
    String token = TestTokens.rs256(TestTokens.rsaKeyPair().getPrivate(), validClaims());
    assertRejected("Bearer " + token, "invalid signature");
  }

  /** The classic attack: HMAC the token with the (public) RSA key, hoping it is used as a secret. */
  @Test
  void refusesHs256SignedWithTheIdpPublicKey() {
    String pem = TestTokens.publicPem(idp.getPublic());
    assertRejected("Bearer " + TestTokens.hs256(pem.getBytes(StandardCharsets.US_ASCII), validClaims()),
        "invalid signature");
    assertRejected("Bearer " + TestTokens.hs256(idp.getPublic().getEncoded(), validClaims()),
        "invalid signature");
  }

  @Test
  void refusesAnAlgorithmWithNoKey() {
    // Signed with a valid RS256 signature but declaring RS512: no key is set up for that algorithm.
    String token = TestTokens.rs256(idp.getPrivate(), validClaims());
    String[] parts = token.split("\\.");
    String header = TestTokens.b64("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertRejected("Bearer " + header + "." + parts[1] + "." + parts[2], "no key");
  }

  @Test
  void issuedTokensCarryIssAudExpAndRoundTrip() throws Exception {
    Principal screen = Principal.of("screen-1", List.of("display"), List.of("dali2018-theory"));
    String token = authenticator.issue(screen, 10);

    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        StandardCharsets.UTF_8));
    long now = Instant.now().getEpochSecond();
    assertThat(claims.getString("iss")).isEqualTo("lineup");
    assertThat(claims.getValue("aud").toString()).contains("lineup");
    assertThat(claims.getLong("exp")).isBetween(now + 590, now + 610);
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]),
        StandardCharsets.UTF_8));
    assertThat(header.getString("alg")).isEqualTo("HS256");

    Principal back = await(authenticator.authenticate("Bearer " + token));
    assertThat(back).isEqualTo(screen);
    assertThat(back.mayEdit("dali2018-theory")).isFalse();
  }

  @Test
  void authorizeEditAndAdminAnswerForbiddenForTheWrongPrincipal() throws Exception {
    String organizer = bearer(validClaims());
    assertThat(await(authenticator.authorizeEdit(organizer, "dali2018-theory")).subject()).isEqualTo("alice");
    assertThat(failure(() -> await(authenticator.authorizeEdit(organizer, "other")))).isEqualTo(Failure.FORBIDDEN);
    assertThat(failure(() -> await(authenticator.authorizeAdmin(organizer)))).isEqualTo(Failure.FORBIDDEN);
    String display = bearer(validClaims().put("roles", new JsonArray().add("display")));
    assertThat(failure(() -> await(authenticator.authorizeEdit(display, "dali2018-theory")))).isEqualTo(Failure.FORBIDDEN);
    assertThat(failure(() -> await(authenticator.authorizeEdit(null, "dali2018-theory")))).isEqualTo(Failure.UNAUTHENTICATED);
  }

  private static String bearer(JsonObject claims) {
    return "Bearer " + TestTokens.hs256(SECRET, claims);
  }

  private static void assertRejected(String authorization, String reason) {
    Rejection r = rejection(authorization);
    assertThat(r.failure()).isEqualTo(Failure.UNAUTHENTICATED);
    assertThat(r.detail()).contains(reason);
  }

  private static Rejection rejection(String authorization) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> await(authenticator.authenticate(authorization)));
    assertThat(thrown).isInstanceOf(Rejection.class);
    return (Rejection) thrown;
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static Failure failure(Call call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(Rejection.class);
    return ((Rejection) thrown).failure();
  }

  @Test
  void assertRejectedItselfFailsOnAValidToken() {
    assertThatThrownBy(() -> assertRejected(bearer(validClaims()), "anything")).isInstanceOf(AssertionError.class);
  }
}
