package dev.lineup.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.lineup.support.Await.result;
import static dev.lineup.support.Await.resultOnContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which address a request comes from, over a real socket: X-Forwarded-For only behind a trusted proxy. */
class ClientAddressTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static HttpClientAgent client;
  private static volatile ClientAddress addresses;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = result(vertx.createHttpServer().requestHandler(r -> r.response().end(addresses.of(r))).listen(0, "127.0.0.1"),
        Duration.ofSeconds(10));
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    result(vertx.close(), Duration.ofSeconds(10));
  }

  private static String seen(String trusted, String... forwardedFor) {
    addresses = ClientAddress.trusting(trusted);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI("/");
    for (String header : forwardedFor) options.addHeader("X-Forwarded-For", header);
    return resultOnContext(vertx, () -> client.request(options).compose(r -> r.send()).compose(r -> r.body()),
        Duration.ofSeconds(10)).toString();
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(seen("", "203.0.113.5")).isEqualTo("127.0.0.1");
    assertThat(seen("10.0.0.0/8", "203.0.113.5")).as("the peer is not a trusted proxy").isEqualTo("127.0.0.1");
  }

  @Test
  void behindATrustedProxyTheRightmostUntrustedAddressIsTheClient() {
    assertThat(seen("127.0.0.1", "203.0.113.5")).isEqualTo("203.0.113.5");
    // What the client wrote itself comes first and is ignored.
    assertThat(seen("127.0.0.1", "1.2.3.4, 203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(seen("127.0.0.0/8,10.0.0.0/8", "1.2.3.4, 203.0.113.5, 10.1.2.3")).isEqualTo("203.0.113.5");
    assertThat(seen("127.0.0.1", "1.2.3.4", "203.0.113.5")).as("several headers").isEqualTo("203.0.113.5");
    assertThat(seen("127.0.0.1")).as("no header: the proxy itself").isEqualTo("127.0.0.1");
  }

  @Test
  void ipv6GroupsBySlash64() {
    assertThat(ClientAddress.group("2001:db8:1:2:3:4:5:6")).isEqualTo(ClientAddress.group("2001:db8:1:2::9"));
    assertThat(ClientAddress.group("2001:db8:1:2::1")).isNotEqualTo(ClientAddress.group("2001:db8:1:3::1"));
    assertThat(ClientAddress.group("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(ClientAddress.group("not-an-address")).isEqualTo("not-an-address");
  }

  @Test
  void aBadTrustedProxiesSettingIsRefused() {
    assertThatThrownBy(() -> ClientAddress.trusting("proxy.example.org")).hasMessageContaining("trusted_proxies");
    assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/33")).hasMessageContaining("prefix");
  }
}
