package dev.lineup.live;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The frames the server writes, shaped exactly as vertx-web's EventBusBridgeImpl writes them, so
 * that the official JavaScript client reads them unchanged.
 */
final class Frames {

  /** Error bodies of the stock bridge. */
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

  /** The body the browser module recognises as "you missed events, catch up". */
  static final String LAGGING_TYPE = "lineup.lagging";

  private Frames() {
  }

  /** {@code {type: "rec", address, body, headers?}}, encoded once. */
  static Buffer rec(String address, Object body, MultiMap headers) {
    JsonObject frame = new JsonObject().put("type", "rec").put("address", address).put("body", body);
    if (headers != null && !headers.isEmpty()) frame.put("headers", headersJson(headers));
    return frame.toBuffer();
  }

  /** {@code {type: "err", body}}: a refused frame. */
  static Buffer err(String body) {
    return new JsonObject().put("type", "err").put("body", body).toBuffer();
  }

  /** The failed reply to a request, as the stock bridge relays a {@link ReplyException}. */
  static Buffer failure(String replyAddress, Throwable cause) {
    int code;
    String type;
    if (cause instanceof ReplyException re) {
      code = re.failureCode();
      type = re.failureType().name();
    } else {
      code = 500;
      type = ReplyFailure.RECIPIENT_FAILURE.name();
    }
    return new JsonObject().put("type", "err").put("address", replyAddress)
        .put("failureCode", code).put("failureType", type).put("message", cause.getMessage())
        .toBuffer();
  }

  /** What a lagging socket gets on a workshop address once it drained. */
  static Buffer lagging(String address, Long lastSeq) {
    JsonObject body = new JsonObject().put("type", LAGGING_TYPE).put("after", lastSeq);
    return rec(address, body, null);
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
