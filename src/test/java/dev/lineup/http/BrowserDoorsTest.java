package dev.lineup.http;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doors a browser could be led through: security headers on every response, the Host of every
 * request checked (DNS rebinding), /metrics for admins only.
 */
class BrowserDoorsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  @RegisterExtension
  static final TestNode node = TestNode.extension();
  private static final Http http = node.http;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close(), WAIT);
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    List<Http.Response> responses = List.of(http.get("/"), http.get("/editor.html"), http.get("/js/lineup-live.js"),
        http.get("/vendor/sockjs-client/sockjs.min.js"), http.get("/api/workshops"), http.get("/api/nope"),
        http.get("/no-such-page.html"), http.get("/eventbus/info"), http.get("/health"), http.get("/openapi.yaml"),
        http.post("/api/token", "application/json", "{not json"));
    for (Http.Response r : responses) {
      String csp = r.header("content-security-policy");
      assertThat(csp).as("CSP of a %d", r.status()).isNotNull()
          .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
              "object-src 'none'", "base-uri 'none'", "connect-src 'self' ws://127.0.0.1:" + node.port()
                  + " wss://127.0.0.1:" + node.port())
          .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(r.header("referrer-policy")).isEqualTo("no-referrer");
    }
  }

  private record Answer(int status, String contentType, Buffer body) {
  }

  /** A GET to this node with {@code Host: host}, as a browser sends it for a page of that host. */
  private static Answer get(String host, String path) {
    HttpClient client = vertx.createHttpClient();
    try {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(node.port(), "127.0.0.1")).setHost(host).setPort(node.port()).setURI(path);
      return Await.resultOnContext(vertx, () -> client.request(request).compose(r -> r.send())
          .compose(r -> r.body().map(b -> new Answer(r.statusCode(), r.getHeader("content-type"), b))), WAIT);
    } finally {
      client.close();
    }
  }

  /** The status of a WebSocket handshake with these Host and Origin headers (101: upgraded). */
  private static int handshake(String host, String origin) {
    try (RawHttp c = new RawHttp(node.port())) {
      c.send("GET /eventbus/websocket HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      return c.nextStatus(WAIT);
    }
  }

  @Test
  void aRequestForAForeignHostIsRefusedAndDnsRebindingGetsNoWebSocket() throws Exception {
    for (String path : List.of("/", "/api/workshops", "/eventbus/info", "/health")) {
      Answer r = get("evil.example", path);
      assertThat(r.status()).as(path).isEqualTo(403);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(new JsonObject(r.body()).getString("detail")).contains("evil.example");
    }
    // The page of evil.example, its name re-pointed at this server: same Host and Origin.
    String evil = "evil.example:" + node.port();
    assertThat(handshake(evil, "http://" + evil)).isEqualTo(403);

    String machine = InetAddress.getLocalHost().getHostName();
    for (String host : List.of("localhost", "127.0.0.1", "[::1]", "app.localhost", machine)) {
      assertThat(get(host, "/api/workshops").status()).as(host).isEqualTo(200);
    }
    String ours = "localhost:" + node.port();
    assertThat(handshake(ours, "http://" + ours)).isEqualTo(101);
  }

  @Test
  void withAPublicOriginItsHostIsServedBesidesLoopback() {
    HostGuard guard = HostGuard.of(List.of("https://lineup.example.org", "https://Other.Example:8443"));
    assertThat(guard.isServed("lineup.example.org")).isTrue();
    assertThat(guard.isServed("other.example")).isTrue();
    assertThat(guard.isServed("LINEUP.example.org.")).isTrue();
    assertThat(guard.isServed("localhost")).isTrue();
    assertThat(guard.isServed("::1")).isTrue();
    assertThat(guard.isServed("evil.example")).isFalse();
    assertThat(guard.isServed("lineup.example.org.evil.example")).isFalse();
  }

  @Test
  void metricsAreForAdminsOnly() {
    Http.Response anonymous = http.get("/metrics");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    assertThat(http.get("/metrics", "Authorization", "Bearer " + node.organizerToken("olga", "*")).status()).isEqualTo(403);
    Http.Response admin = http.get("/metrics", "Authorization", "Bearer " + node.adminToken());
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.body()).contains("lineup_live_sockets");
  }
}
