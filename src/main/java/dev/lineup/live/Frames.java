package dev.lineup.live;

import dev.lineup.api.Problems;
import dev.lineup.bus.Addresses;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The bridge's protocol: the frames a browser sends, read strictly, and the frames the server
 * writes, shaped exactly as vertx-web's EventBusBridgeImpl writes them, so that the official
 * JavaScript client reads them unchanged.
 */
final class Frames {

  /** Error bodies of the stock bridge, for frames refused before any policy is asked. */
  static final String ACCESS_DENIED = "access_denied";
  static final String INVALID_JSON = "invalid_json";
  static final String MISSING_TYPE = "missing_type";
  static final String MISSING_ADDRESS = "missing_address";
  static final String INVALID_TYPE = "invalid_type";
  static final String INVALID_REPLY_ADDRESS = "invalid_reply_address";
  static final String MAX_HANDLERS_REACHED = "max_handlers_reached";
  static final String ADDRESS_ALREADY_REGISTERED = "address_already_registered";
  static final String MAX_ADDRESS_LENGTH_REACHED = "max_address_length_reached";
  /** Ours: the stock bridge has no frame size limit of its own. */
  static final String FRAME_TOO_LARGE = "frame_too_large";

  /** The official client's reply addresses are UUIDs; the stock bridge allows no longer ones. */
  static final int MAX_REPLY_ADDRESS_LENGTH = 36;
  static final int MAX_ADDRESS_LENGTH = 200;

  /** What a browser may ask for. */
  enum Type { PING, REGISTER, UNREGISTER, SEND, PUBLISH }

  /**
   * One frame from a browser: {@code {type, address, headers?, body?, replyAddress?}}; only the
   * {@code authorization} header is kept.
   */
  record Inbound(Type type, String address, String authorization, Object body, String replyAddress) {
  }

  /** A frame refused by its form; {@link #body()} is the stock error body to answer with. */
  static final class Malformed extends RuntimeException {
    Malformed(String body) {
      super(body, null, false, false);
    }

    String body() {
      return getMessage();
    }
  }

  private Frames() {
  }

  /** Reads a frame of at most {@code maxBytes}; throws {@link Malformed} naming what is wrong. */
  static Inbound read(Buffer data, int maxBytes) {
    if (data.length() > maxBytes) throw new Malformed(FRAME_TOO_LARGE);
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed(INVALID_JSON);
    }
    if (!(frame.getValue("type") instanceof String typeName)) throw new Malformed(MISSING_TYPE);
    Type type = switch (typeName) {
      case "ping" -> Type.PING;
      case "register" -> Type.REGISTER;
      case "unregister" -> Type.UNREGISTER;
      case "send" -> Type.SEND;
      case "publish" -> Type.PUBLISH;
      default -> null;
    };
    if (type == Type.PING) return new Inbound(type, null, null, null, null);
    if (!(frame.getValue("address") instanceof String address)) throw new Malformed(MISSING_ADDRESS);
    if (type == null) throw new Malformed(INVALID_TYPE);
    if (address.length() > MAX_ADDRESS_LENGTH) throw new Malformed(MAX_ADDRESS_LENGTH_REACHED);
    String replyAddress = frame.getValue("replyAddress") instanceof String s ? s : null;
    if (replyAddress != null && replyAddress.length() > MAX_REPLY_ADDRESS_LENGTH) {
      throw new Malformed(INVALID_REPLY_ADDRESS);
    }
    return new Inbound(type, address, authorizationOf(frame), frame.getValue("body"), replyAddress);
  }

  private static String authorizationOf(JsonObject frame) {
    if (frame.getValue("headers") instanceof JsonObject h && h.getValue("authorization") instanceof String value) {
      return value;
    }
    return null;
  }

  /** {@code {type: "rec", address, body, headers?}}, encoded once. */
  static Buffer rec(String address, Object body, MultiMap headers) {
    JsonObject frame = new JsonObject().put("type", "rec").put("address", address).put("body", body);
    if (headers != null && !headers.isEmpty()) frame.put("headers", headersJson(headers));
    return frame.toBuffer();
  }

  /** {@code {type: "err", body}}: a frame refused by its form or its address (deny by default). */
  static Buffer err(String body) {
    return new JsonObject().put("type", "err").put("body", body).toBuffer();
  }

  /**
   * A failure on {@code address} (a request's reply address, or the address a refused frame
   * named), as the stock bridge relays a {@link ReplyException}: {@code failureCode} is the HTTP
   * status and {@code message} the problem+json, mapped by {@link Problems} as for REST. A
   * failure the core already mapped is relayed as it is.
   */
  static Buffer failure(String address, Throwable cause) {
    ReplyException failure = cause instanceof ReplyException re ? re : Problems.replyException(cause);
    return new JsonObject().put("type", "err").put("address", address)
        .put("failureCode", failure.failureCode()).put("failureType", failure.failureType().name())
        .put("message", failure.getMessage())
        .toBuffer();
  }

  /** What a lagging socket gets on a workshop address once it drained. */
  static Buffer lagging(String address, Long lastSeq) {
    return rec(address, new JsonObject().put("type", Addresses.Notice.LAGGING).put("after", lastSeq), null);
  }

  /**
   * What a socket gets on a workshop address just before the server closes it: why, and the last
   * seq it was written there (absent if none), so that it reconnects at once and catches up.
   */
  static Buffer closing(String address, CloseReason reason, Long lastSeq) {
    JsonObject body = new JsonObject().put("type", Addresses.Notice.CLOSING).put("reason", reason.tag());
    if (lastSeq != null) body.put("after", lastSeq);
    return rec(address, body, null);
  }

  /** The acknowledgement that a registration is in effect (CONTRACTS §4); no seq, not an event. */
  static Buffer registered(String address) {
    return rec(address, new JsonObject().put("type", Addresses.Notice.REGISTERED), null);
  }

  private static JsonObject headersJson(MultiMap headers) {
    JsonObject json = new JsonObject();
    for (String name : headers.names()) {
      List<String> values = headers.getAll(name);
      json.put(name, values.size() == 1 ? values.get(0) : values);
    }
    return json;
  }
}
