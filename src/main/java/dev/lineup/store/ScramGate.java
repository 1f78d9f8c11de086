package dev.lineup.store;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import de.bwaldvogel.mongo.wire.message.MongoReply;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Authentication for the embedded store's wire port, which mongo-java-server does not have: on
 * each connection, between the wire decoder and the database, nothing but the handshake reaches
 * the database until the client proved it knows the password with SCRAM-SHA-256 (RFC 5802 /
 * 7677), as MongoDB drivers do with {@code authMechanism=SCRAM-SHA-256}. The password itself never
 * crosses the wire and is not kept: only the salted keys are. A handshake that asks which
 * mechanisms the user has ({@code saslSupportedMechs}) is told SCRAM-SHA-256, so that drivers
 * choose it without {@code authMechanism} in their connection string.
 */
final class ScramGate extends ChannelDuplexHandler {

  static final String MECHANISM = "SCRAM-SHA-256";
  /**
   * The least SCRAM-SHA-256 clients accept: every new pooled connection of the driver may derive
   * the key once, and the passwords are random (or chosen) secrets, never guessed from a list.
   */
  private static final int ITERATIONS = 4_096;
  private static final Set<String> BEFORE_AUTHENTICATION = Set.of("hello", "ismaster", "ping", "buildinfo");
  private static final int UNAUTHORIZED = 13;
  private static final int AUTHENTICATION_FAILED = 18;

  /** What the server keeps of a password: salt, iterations and the two keys derived from it. */
  record Keys(String user, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    static Keys derive(String user, String password) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      byte[] salted = pbkdf2(password, salt, ITERATIONS);
      return new Keys(user, salt, ITERATIONS, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }
  }

  private final Keys keys;
  private final SecureRandom random = new SecureRandom();
  private boolean authenticated;
  /** Between saslStart and the proof: what the AuthMessage is built from. */
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private boolean proven;
  /** The request id of a handshake whose answer is to name the mechanism, or -1. */
  private int negotiating = -1;

  ScramGate(Keys keys) {
    this.keys = keys;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (authenticated || !(msg instanceof ClientRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Document command = msg instanceof MongoMessage m ? m.getDocument()
        : msg instanceof MongoQuery q ? q.getQuery() : null;
    String name = command == null || command.isEmpty() ? "" : command.keySet().iterator().next();
    if (BEFORE_AUTHENTICATION.contains(name.toLowerCase())) {
      if (command.containsKey("saslSupportedMechs")) negotiating = request.getHeader().getRequestID();
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      Document answer = switch (name) {
        case "saslStart" -> start(command);
        case "saslContinue" -> proceed(command);
        default -> error(UNAUTHORIZED, "Unauthorized", "command " + name + " requires authentication");
      };
      reply(ctx, request, answer);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The handshake's answer: the database's own, naming the one mechanism the user has. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (negotiating != -1) {
      Document answer = msg instanceof MongoMessage m && m.getHeader().getResponseTo() == negotiating ? m.getDocument()
          : msg instanceof MongoReply r && r.getHeader().getResponseTo() == negotiating && !r.getDocuments().isEmpty()
              ? r.getDocuments().get(0) : null;
      if (answer != null) {
        answer.put("saslSupportedMechs", java.util.List.of(MECHANISM));
        negotiating = -1;
      }
    }
    ctx.write(msg, promise);
  }

  private Document start(Document command) {
    if (!MECHANISM.equals(command.get("mechanism"))) {
      return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "only " + MECHANISM + " is supported");
    }
    String clientFirst = payload(command);
    if (clientFirst == null || !clientFirst.startsWith("n,,")) return failed();
    clientFirstBare = clientFirst.substring(3);
    Map<String, String> fields = fields(clientFirstBare);
    if (!keys.user().equals(fields.get("n")) || fields.get("r") == null) return failed();
    byte[] serverNonce = new byte[24];
    random.nextBytes(serverNonce);
    nonce = fields.get("r") + Base64.getEncoder().encodeToString(serverNonce);
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt()) + ",i=" + keys.iterations();
    return conversation(false, serverFirst);
  }

  private Document proceed(Document command) {
    if (proven) {
      // The client's empty last step, when it did not ask to skip it.
      authenticated = true;
      return conversation(true, "");
    }
    String clientFinal = payload(command);
    if (serverFirst == null || clientFinal == null) return failed();
    int proofAt = clientFinal.lastIndexOf(",p=");
    if (proofAt < 0) return failed();
    String withoutProof = clientFinal.substring(0, proofAt);
    Map<String, String> fields = fields(withoutProof);
    // c=biws: the base64 of "n,,", no channel binding.
    if (!"biws".equals(fields.get("c")) || !nonce.equals(fields.get("r"))) return failed();
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      return failed();
    }
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] clientSignature = hmac(keys.storedKey(), authMessage);
    if (proof.length != clientSignature.length) return failed();
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    if (!MessageDigest.isEqual(sha256(clientKey), keys.storedKey())) return failed();
    proven = true;
    String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(keys.serverKey(), authMessage));
    boolean skipEmpty = command.get("options") instanceof Document o && Boolean.TRUE.equals(o.get("skipEmptyExchange"));
    if (skipEmpty) authenticated = true;
    return conversation(skipEmpty, serverFinal);
  }

  private static String payload(Document command) {
    Object p = command.get("payload");
    if (p instanceof BinData b) return new String(b.getData(), StandardCharsets.UTF_8);
    if (p instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    return null;
  }

  private static Map<String, String> fields(String message) {
    Map<String, String> out = new HashMap<>();
    for (String part : message.split(",")) {
      int eq = part.indexOf('=');
      if (eq == 1) out.put(part.substring(0, 1), part.substring(2));
    }
    return out;
  }

  private static Document conversation(boolean done, String payload) {
    return new Document("conversationId", 1).append("done", done)
        .append("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8))).append("ok", 1.0);
  }

  private Document failed() {
    clientFirstBare = null;
    serverFirst = null;
    nonce = null;
    return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
  }

  private static Document error(int code, String codeName, String message) {
    return new Document("ok", 0.0).append("errmsg", message).append("code", code).append("codeName", codeName);
  }

  private static void reply(ChannelHandlerContext ctx, ClientRequest request, Document answer) {
    MessageHeader header = new MessageHeader(0, request.getHeader().getRequestID());
    Object response = request instanceof MongoMessage
        ? new MongoMessage(request.getChannel(), header, answer)
        : new MongoReply(header, answer);
    ctx.channel().writeAndFlush(response);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
