package dev.lineup.auth;

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
    return hmac(header("HS256"), key, claims);
  }

  private static String hmac(JsonObject header, byte[] key, JsonObject claims) {
    String signingInput = segment(header) + "." + segment(claims);
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
    return signed(header("RS256"), "SHA256withRSA", key, claims);
  }

  /** JWS wants ECDSA signatures as r||s, which is what the P1363 format gives. */
  static String es256(PrivateKey key, JsonObject claims) {
    return signed(header("ES256"), "SHA256withECDSAinP1363Format", key, claims);
  }

  /** A token whose header names {@code kid}, signed with {@code jca} (e.g. SHA256withRSA) under {@code alg}. */
  static String withKid(String alg, String jca, String kid, PrivateKey key, JsonObject claims) {
    return signed(header(alg).put("kid", kid), jca, key, claims);
  }

  static String rs256(String kid, PrivateKey key, JsonObject claims) {
    return withKid("RS256", "SHA256withRSA", kid, key, claims);
  }

  static String es256(String kid, PrivateKey key, JsonObject claims) {
    return withKid("ES256", "SHA256withECDSAinP1363Format", kid, key, claims);
  }

  /** An HS256 token whose header names {@code kid}. */
  static String hs256(String kid, byte[] key, JsonObject claims) {
    return hmac(header("HS256").put("kid", kid), key, claims);
  }

  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of an RSA key pair, naming {@code alg} unless it is null. */
  static JsonObject rsaJwk(String kid, KeyPair pair, String alg) {
    java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) pair.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
        .put("n", b64(unsigned(key.getModulus(), 0))).put("e", b64(unsigned(key.getPublicExponent(), 0)));
    return alg == null ? jwk : jwk.put("alg", alg);
  }

  /** The public JWK of a P-256 key pair, without alg (as Entra ID publishes them). */
  static JsonObject ecJwk(String kid, KeyPair pair) {
    java.security.interfaces.ECPublicKey key = (java.security.interfaces.ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("crv", "P-256")
        .put("x", b64(unsigned(key.getW().getAffineX(), 32))).put("y", b64(unsigned(key.getW().getAffineY(), 32)));
  }

  /** Big-endian bytes without the sign byte, left-padded to {@code length} when it is not 0. */
  private static byte[] unsigned(java.math.BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    if (length == 0 || bytes.length == length) return bytes;
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
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

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw e;
    }
  }

  private static String signed(JsonObject header, String jcaAlgorithm, PrivateKey key, JsonObject claims) {
    String signingInput = segment(header) + "." + segment(claims);
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
