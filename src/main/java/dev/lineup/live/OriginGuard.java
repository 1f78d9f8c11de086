package dev.lineup.live;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Refuses every request of the bridge (the WebSocket handshake and the SockJS HTTP transports)
 * that a browser sends from a foreign page: its {@code Origin} must be the server's own or one
 * configured. SockJS alone accepts any origin when none is configured, and reflects it in its
 * CORS headers. Requests without {@code Origin} come from no browser page and pass.
 */
final class OriginGuard implements Handler<RoutingContext> {

  private final List<String> allowed;

  OriginGuard(List<String> allowedOrigins) {
    this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || isAllowed(origin, ctx.request())) {
      ctx.next();
    } else {
      ctx.fail(403, new Rejection(Failure.FORBIDDEN, "origin " + origin + " may not use the live bridge"));
    }
  }

  boolean isAllowed(String origin, HttpServerRequest request) {
    String normalized = origin.trim().toLowerCase(Locale.ROOT);
    if (allowed.contains(normalized)) return true;
    return isSameOrigin(normalized, request.authority());
  }

  /**
   * Same host and port as the request was addressed to. The scheme is not compared: behind a TLS
   * proxy the server sees http while the page is https.
   */
  static boolean isSameOrigin(String origin, HostAndPort authority) {
    if (authority == null || "null".equals(origin)) return false;
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) return false;
    if (!stripBrackets(uri.getHost()).equalsIgnoreCase(stripBrackets(authority.host()))) return false;
    int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
    if (authority.port() == -1) return originPort == 80 || originPort == 443;
    return originPort == authority.port();
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
