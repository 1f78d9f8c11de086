package dev.lineup.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * The headers every response carries (pages, API, errors, SockJS): a Content-Security-Policy the
 * pages pass with no violation (scripts and styles from this origin only, nothing inline,
 * connections to this origin's HTTP and WebSocket, never framed, no plugins, no {@code <base>}),
 * {@code X-Content-Type-Options: nosniff} (a body is only what its type says) and
 * {@code Referrer-Policy: no-referrer}.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " font-src 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none';"
      + " connect-src 'self'";
  /** A host that can go into the header as it is (anything else gets 'self' alone). */
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]]{1,255}");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", policy(ctx.request().authority()));
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    ctx.next();
  }

  /**
   * 'self' covers this origin's WebSocket in current browsers; the explicit ws:/wss: sources of the
   * request's own host cover the others (the host is checked by {@link HostGuard} first).
   */
  static String policy(HostAndPort authority) {
    if (authority == null || !SAFE_HOST.matcher(authority.host()).matches()) return POLICY;
    String host = authority.host().contains(":") && !authority.host().startsWith("[")
        ? "[" + authority.host() + "]" : authority.host();
    String hostPort = authority.port() > 0 ? host + ":" + authority.port() : host;
    return POLICY + " ws://" + hostPort + " wss://" + hostPort;
  }
}
