package dev.lineup.http;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * Settings of the HTTP servers, read once from the configuration (config/lineup.yaml):
 *
 * @param port              {@code http_port}
 * @param publicOrigins     {@code public_origin}: the origins browsers use (comma-separated);
 *                          their hosts are served besides loopback and this machine's names
 * @param maxBodyBytes      {@code max_body_bytes}: any /api body a route declares no limit for
 * @param maxTokenBodyBytes {@code max_token_body_bytes}: POST /api/token (public: kept tiny)
 * @param maxCommandBytes   {@code max_command_bytes}: one command
 * @param maxPageBytes      {@code max_page_bytes}: a Jekyll page imported with POST /api/workshops
 * @param bodyTimeoutMs     {@code http_body_timeout_ms}: a body must have arrived this long after
 *                          its headers (slow uploads are cut off)
 * @param idleTimeoutSeconds {@code http_idle_timeout_seconds}: a connection silent this long is
 *                          closed (browsers' bridge sockets ping every 5 s)
 * @param maxFrameBytes     {@code live_max_frame_bytes}: the bridge's frame limit, which the
 *                          WebSocket codec must let through so the bridge can answer it
 */
public record HttpOptions(int port, List<String> publicOrigins, int maxBodyBytes, int maxTokenBodyBytes,
                          int maxCommandBytes, int maxPageBytes, long bodyTimeoutMs, int idleTimeoutSeconds,
                          int maxFrameBytes) {

  /** A WebSocket message up to this many times the bridge's limit reaches the bridge's own check. */
  private static final int WEBSOCKET_CODEC_FACTOR = 4;

  public HttpOptions {
    publicOrigins = List.copyOf(publicOrigins);
  }

  public static HttpOptions fromConfig(JsonObject config) {
    List<String> origins = Arrays.stream(config.getString("public_origin", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new HttpOptions(config.getInteger("http_port"), origins,
        config.getInteger("max_body_bytes"), config.getInteger("max_token_body_bytes"),
        config.getInteger("max_command_bytes"), config.getInteger("max_page_bytes"),
        config.getLong("http_body_timeout_ms"), config.getInteger("http_idle_timeout_seconds"),
        config.getInteger("live_max_frame_bytes"));
  }

  /** What the WebSocket codec accepts: above the bridge's limit, so that the bridge answers first. */
  int maxWebSocketBytes() {
    return maxFrameBytes * WEBSOCKET_CODEC_FACTOR;
  }
}
