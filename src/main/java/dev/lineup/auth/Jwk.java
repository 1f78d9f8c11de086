package dev.lineup.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * One key of a JWKS (RFC 7517), as far as Lineup uses it: an RSA or EC public key that verifies
 * signatures of the one family of algorithms its type allows (RS* for RSA, the ES* of its curve for
 * EC), and the {@code alg} it names, if any. Anything else (a symmetric {@code oct} key, an
 * encryption key, a short RSA modulus, an unknown curve) is kept only to say why it verifies nothing.
 */
record Jwk(String kid, String kty, String alg, PublicKey key, String unusable) {

  /** RFC 7518 §3.3: 2048 bits or larger. */
  private static final int MIN_RSA_BITS = 2048;

  /** For each JWS algorithm: its JCA signature name, key type and (for EC) the curve and signature length. */
  private record Algorithm(String jca, String kty, String crv, int signatureBytes) {
  }

  private static final Map<String, Algorithm> ALGORITHMS = Map.of(
      "RS256", new Algorithm("SHA256withRSA", "RSA", null, 0),
      "RS384", new Algorithm("SHA384withRSA", "RSA", null, 0),
      "RS512", new Algorithm("SHA512withRSA", "RSA", null, 0),
      "ES256", new Algorithm("SHA256withECDSAinP1363Format", "EC", "P-256", 64),
      "ES384", new Algorithm("SHA384withECDSAinP1363Format", "EC", "P-384", 96),
      "ES512", new Algorithm("SHA512withECDSAinP1363Format", "EC", "P-521", 132));

  private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  /** Never throws: a key that cannot be used says why in {@link #unusable()}. */
  static Jwk parse(JsonObject json) {
    String kid = text(json, "kid");
    String kty = text(json, "kty");
    String alg = text(json, "alg");
    try {
      String use = text(json, "use");
      if (use != null && !"sig".equals(use)) return unusable(kid, kty, alg, "its use is \"" + use + "\", not \"sig\"");
      Object ops = json.getValue("key_ops");
      if (ops instanceof JsonArray array && !array.contains("verify")) {
        return unusable(kid, kty, alg, "its key_ops do not include \"verify\"");
      }
      if (alg != null && !ALGORITHMS.containsKey(alg)) return unusable(kid, kty, alg, "alg " + alg + " is not one Lineup verifies");
      if (kty == null) return unusable(kid, null, alg, "it has no kty");
      return switch (kty) {
        case "RSA" -> rsa(kid, alg, json);
        case "EC" -> ec(kid, alg, json);
        case "oct" -> unusable(kid, kty, alg, "it is a symmetric (HMAC) key, which a JWKS must never hold");
        default -> unusable(kid, kty, alg, "key type " + kty + " is not RSA or EC");
      };
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      return unusable(kid, kty, alg, "it is malformed (" + e.getMessage() + ")");
    }
  }

  /** Why this key may not verify a token signed with {@code tokenAlg}; null when it may. */
  String refusal(String tokenAlg) {
    if (unusable != null) return "key " + kid + " verifies nothing: " + unusable;
    Algorithm a = ALGORITHMS.get(tokenAlg);
    if (a == null) return "alg " + tokenAlg + " is not one Lineup verifies";
    if (!a.kty.equals(kty)) return "key " + kid + " is an " + kty + " key; it does not verify " + tokenAlg;
    if (alg != null && !alg.equals(tokenAlg)) return "key " + kid + " is for " + alg + ", not " + tokenAlg;
    if (a.crv != null && !a.crv.equals(curve())) return "key " + kid + " is on curve " + curve() + ", not " + a.crv;
    return null;
  }

  /** The signature check for a key {@link #refusal} allows. */
  boolean verify(String tokenAlg, byte[] signingInput, byte[] signature) {
    Algorithm a = ALGORITHMS.get(tokenAlg);
    if (a.signatureBytes > 0 && signature.length != a.signatureBytes) return false;
    try {
      Signature verifier = Signature.getInstance(a.jca);
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private String curve() {
    if (!(key instanceof java.security.interfaces.ECPublicKey ec)) return null;
    int bits = ec.getParams().getCurve().getField().getFieldSize();
    return switch (bits) {
      case 256 -> "P-256";
      case 384 -> "P-384";
      case 521 -> "P-521";
      default -> "of " + bits + " bits";
    };
  }

  private static Jwk rsa(String kid, String alg, JsonObject json) throws GeneralSecurityException {
    BigInteger n = number(json, "n");
    BigInteger e = number(json, "e");
    RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    if (key.getModulus().bitLength() < MIN_RSA_BITS) {
      return unusable(kid, "RSA", alg, "its modulus has fewer than " + MIN_RSA_BITS + " bits");
    }
    return new Jwk(kid, "RSA", alg, key, null);
  }

  private static Jwk ec(String kid, String alg, JsonObject json) throws GeneralSecurityException {
    String crv = text(json, "crv");
    String curve = crv == null ? null : CURVES.get(crv);
    if (curve == null) return unusable(kid, "EC", alg, "curve " + crv + " is not P-256, P-384 or P-521");
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(curve));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    ECPoint point = new ECPoint(number(json, "x"), number(json, "y"));
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    return new Jwk(kid, "EC", alg, key, null);
  }

  private static Jwk unusable(String kid, String kty, String alg, String why) {
    return new Jwk(kid, kty, alg, null, why);
  }

  private static String text(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) return null;
    if (!(value instanceof String s)) throw new IllegalArgumentException(name + " is not a string");
    return s;
  }

  private static BigInteger number(JsonObject json, String name) {
    String value = text(json, name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("it has no " + name);
    return new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }
}
