package dev.lineup.auth;

import dev.lineup.support.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Hand-made JWTs (independent of vertx-auth-jwt), so that tests can forge every kind of bad token. */
final class TestTokens {

  static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

  private TestTokens() {
  }

  /** Claims that pass every check for issuer and audience "lineup". */
  static JsonObject validClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("sub", "alice")
        .put("roles", new JsonArray().add("organizer"))
        .put("workshops", new JsonArray().add("dali2018-theory"))
        .put("iss", "lineup")
        .put("aud", "lineup")
        .put("iat", now)
        .put("exp", now + 600);
  }

  static String hs256(byte[] key, JsonObject claims) {
    String signingInput = segment(header("HS256")) + "." + segment(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return signingInput + "." + b64(mac.doFinal(ascii(signingInput)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hs256(String secret, JsonObject claims) {
    return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
  }

  static String rs256(PrivateKey key, JsonObject claims) {
    return signed("RS256", "SHA256withRSA", key, claims);
  }

  /** JWS wants ECDSA signatures as r||s, which is what the P1363 format gives. */
  static String es256(PrivateKey key, JsonObject claims) {
    return signed("ES256", "SHA256withECDSAinP1363Format", key, claims);
  }

  static String unsigned(JsonObject claims) {
    return segment(header("none")) + "." + segment(claims) + ".";
  }

  static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String publicPem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static String resource(String name) throws IOException {
    try (InputStream in = TestTokens.class.getResourceAsStream("/auth/" + name)) {
      if (in == null) throw new IOException("missing test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** A PKCS#8 PEM private key of the given algorithm ("EC", "RSA"). */
  static PrivateKey privateKey(String pem, String algorithm) throws Exception {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** The auth tests' short name for {@link Await#result}, with their deadline. */
  static <T> T await(Future<T> future) {
    return Await.result(future, Duration.ofSeconds(30));
  }

  private static String signed(String alg, String jcaAlgorithm, PrivateKey key, JsonObject claims) {
    String signingInput = segment(header(alg)) + "." + segment(claims);
    try {
      Signature signature = Signature.getInstance(jcaAlgorithm);
      signature.initSign(key);
      signature.update(ascii(signingInput));
      return signingInput + "." + b64(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject header(String alg) {
    return new JsonObject().put("alg", alg).put("typ", "JWT");
  }

  private static String segment(JsonObject json) {
    return b64(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
