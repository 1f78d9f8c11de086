package dev.lineup.auth;

import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The key material of the JWT pieces: the HS256 secret (from the environment, or generated once
 * into the data folder so tokens survive restarts), the previous secrets that still verify, and
 * the external identity provider's PEM public keys, each pinned to one algorithm so a token cannot
 * pick the algorithm a key is used with. (Keys from a JWKS are {@link Jwks}'.)
 */
public final class JwtKeys {

  public static final String SECRET_FILE = "jwt-secret";
  /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits). */
  public static final int MIN_SECRET_LENGTH = 32;
  static final String LOCAL_ALGORITHM = "HS256";
  static final Set<String> EXTERNAL_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");

  private static final Logger LOG = LoggerFactory.getLogger(JwtKeys.class);
  private static final int GENERATED_SECRET_BYTES = 48;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private JwtKeys() {
  }

  /**
   * The HS256 secret: {@code options.secret()} when set, else the data folder's secret file,
   * created on first use. Blocking (file I/O). Throws when no usable secret can be had: the server
   * must not start then.
   */
  public static String resolveSecret(AuthOptions options) throws IOException {
    String secret = options.secret() != null
        ? options.secret()
        : loadOrCreateSecretFile(options.dataDir());
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalStateException("the JWT secret is shorter than " + MIN_SECRET_LENGTH
          + " characters; set a longer LINEUP_JWT_SECRET or remove it to use a generated one");
    }
    return secret;
  }

  /** Reads {@code <dataDir>/jwt-secret}, generating it (owner-only) when it does not exist yet. */
  static String loadOrCreateSecretFile(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(SECRET_FILE);
    if (!Files.exists(file)) {
      createSecretFile(file);
    } else {
      warnIfReadableByOthers(file);
    }
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (secret.isEmpty()) {
      throw new IllegalStateException(file + " is empty; delete it to generate a new secret");
    }
    return secret;
  }

  /**
   * Writes a fresh secret to a private temporary file and links it into place: a second process
   * starting at the same moment finds either no file or a complete one, and never overwrites it.
   */
  private static void createSecretFile(Path file) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), SECRET_FILE, ".tmp", ownerOnly(file));
    try {
      Files.writeString(tmp, generateSecret() + "\n", StandardCharsets.UTF_8);
      Files.createLink(file, tmp);
      LOG.info("Generated a JWT secret in {} (set LINEUP_JWT_SECRET to use your own)", file);
    } catch (FileAlreadyExistsException raced) {
      LOG.debug("{} was created concurrently; using that one", file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static void warnIfReadableByOthers(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      LOG.warn("{} is accessible to other users ({}); anyone who reads it can mint tokens",
          file, PosixFilePermissions.toString(perms));
    }
  }

  static String generateSecret() {
    byte[] bytes = new byte[GENERATED_SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The key id Lineup puts in the header of tokens signed with {@code secret}: derived from it (so
   * every node of a cluster names the same secret alike, with nothing more to configure), and
   * saying nothing about it.
   */
  static String keyId(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("lineup-key-id:" + secret).getBytes(StandardCharsets.UTF_8));
      return "lineup-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The previous secrets, checked as the current one is; none may be the current one. */
  static List<String> previousSecrets(String current, List<String> previous) {
    for (String old : previous) {
      if (old.length() < MIN_SECRET_LENGTH) {
        throw new IllegalStateException("a secret in LINEUP_JWT_PREVIOUS_SECRETS is shorter than "
            + MIN_SECRET_LENGTH + " characters");
      }
      if (old.equals(current)) {
        throw new IllegalStateException("LINEUP_JWT_PREVIOUS_SECRETS repeats the current secret");
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(previous));
  }

  /** What signs Lineup's tokens: the current secret alone, with its key id. */
  static JWTAuthOptions signingOptions(String secret) {
    return new JWTAuthOptions().addPubSecKey(localKey(secret));
  }

  /**
   * What verifies signatures: Lineup's current and previous secrets (each with its key id; a token
   * naming a {@code kid} is checked against that secret only, one naming none — issued before
   * tokens had ids — against each), and the PEM keys, each pinned to its algorithm. The claims
   * ({@code exp}, {@code nbf}, {@code iss}, {@code aud}) are checked by {@link JwtAuthenticator}
   * itself, so that {@code exp} is required and each failure has its reason.
   */
  static JWTAuthOptions verifyingOptions(String secret, List<String> previous,
                                         List<AuthOptions.ExternalKey> externalKeys) {
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true))
        .addPubSecKey(localKey(secret));
    for (String old : previous) options.addPubSecKey(localKey(old));
    for (int i = 0; i < externalKeys.size(); i++) {
      options.addPubSecKey(externalKey(i, externalKeys.get(i)));
    }
    return options;
  }

  private static PubSecKeyOptions localKey(String secret) {
    return new PubSecKeyOptions().setAlgorithm(LOCAL_ALGORITHM).setBuffer(secret).setId(keyId(secret));
  }

  private static PubSecKeyOptions externalKey(int index, AuthOptions.ExternalKey key) {
    if (!EXTERNAL_ALGORITHMS.contains(key.algorithm())) {
      throw new IllegalArgumentException("external key " + index + ": algorithm " + key.algorithm()
          + " is not one of " + EXTERNAL_ALGORITHMS);
    }
    String pem = key.pem().strip();
    // A private key in the configuration is a leak waiting to happen, and would let us sign as the IdP.
    if (!pem.startsWith("-----BEGIN PUBLIC KEY-----") && !pem.startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("external key " + index
          + ": expected a PEM 'PUBLIC KEY' or 'CERTIFICATE'");
    }
    return new PubSecKeyOptions().setAlgorithm(key.algorithm()).setBuffer(pem);
  }
}
