package dev.lineup.webhooks;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook must not become a way into internal services: without webhook_allow_private, URLs
 * that resolve to loopback, private or link-local addresses are refused at registration, and a
 * delivery is refused too when the address it would connect to is one (checked at each delivery).
 */
class PrivateAddressesTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void privateAddressesAreRefusedAtRegistrationAndAtDelivery() throws Exception {
    Path data = Files.createTempDirectory("lineup-webhooks-private");
    Map<String, Object> config = new HashMap<>(Map.of("data_dir", data.toString(), "webhook_retry_base_ms", 50L,
        "webhook_retry_max_ms", 200L, "webhook_scan_ms", 500L));
    Vertx vertx = Vertx.vertx();
    try (Receiver receiver = Receiver.start(vertx)) {
      String id;
      config.put("webhook_allow_private", true);
      try (TestNode permissive = TestNode.start(config)) {
        JsonObject workshop = new JsonObject().put("id", "inside").put("title", "Inside").put("date", "2026-11-26");
        assertThat(permissive.http.postJson("/api/workshops", permissive.adminToken(), workshop).status()).isEqualTo(201);
        Http.Response allowed = permissive.http.postJson("/api/workshops/inside/webhooks", permissive.adminToken(),
            new JsonObject().put("url", receiver.url()));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        id = allowed.json().getString("id");
      }

      config.put("webhook_allow_private", false);
      try (TestNode strict = TestNode.start(config)) {
        String admin = strict.adminToken();
        Map<String, String> refused = Map.of(
            receiver.url(), "loopback",
            "http://localhost:8080/hook", "loopback",
            "http://10.1.2.3/hook", "private",
            "https://192.168.0.10/hook", "private",
            "http://169.254.169.254/latest/meta-data", "link-local",
            "http://[::1]:8080/hook", "loopback",
            "http://[fd00::1]/hook", "unique local",
            "http://[::ffff:127.0.0.1]/hook", "loopback",
            "http://0.0.0.0:8080/", "unspecified");
        for (Map.Entry<String, String> url : refused.entrySet()) {
          Http.Response r = strict.http.postJson("/api/workshops/inside/webhooks", admin,
              new JsonObject().put("url", url.getKey()));
          assertThat(r.status()).as(url.getKey() + " → " + r.body()).isEqualTo(400);
          assertThat(r.json().getString("detail")).as(url.getKey()).contains(url.getValue())
              .contains("webhook_allow_private");
        }

        // The webhook registered while private addresses were allowed is not delivered now.
        JsonObject rename = new JsonObject().put("type", "workshop.update")
            .put("set", new JsonObject().put("title", "Still inside"));
        assertThat(strict.http.command("inside", admin, rename).status()).isEqualTo(200);
        JsonObject failure = Await.value("the delivery refused", WAIT, () -> {
          var failures = strict.http.get("/api/workshops/inside/webhooks/" + id, "Authorization", "Bearer " + admin)
              .json().getJsonArray("failures");
          return failures.isEmpty() ? null : failures.getJsonObject(0);
        });
        assertThat(failure.getString("error")).contains("loopback");
        assertThat(failure.containsKey("status")).isFalse();
        assertThat(receiver.requests).isEmpty();
      }
    } finally {
      vertx.close();
    }
  }

  @Test
  void everyKindOfNonPublicAddressIsNamed() throws Exception {
    Map<String, String> cases = new HashMap<>();
    cases.put("127.0.0.1", "loopback");
    cases.put("10.0.0.1", "private");
    cases.put("172.16.5.4", "private");
    cases.put("172.31.255.255", "private");
    cases.put("192.168.1.1", "private");
    cases.put("169.254.169.254", "link-local");
    cases.put("100.64.0.1", "shared");
    cases.put("0.1.2.3", "this network");
    cases.put("192.0.0.8", "protocol");
    cases.put("198.18.0.1", "benchmarking");
    cases.put("224.0.0.1", "multicast");
    cases.put("255.255.255.255", "reserved");
    cases.put("::1", "loopback");
    cases.put("::", "unspecified");
    cases.put("fe80::1", "link-local");
    cases.put("fc00::1", "unique local");
    cases.put("::ffff:10.0.0.1", "private");
    cases.put("64:ff9b::a9fe:a9fe", "link-local (embedded IPv4)");
    cases.put("2002:7f00:1::", "loopback (embedded IPv4)");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertThat(Destinations.refusal(java.net.InetAddress.getByName(c.getKey()))).as(c.getKey())
          .hasValueSatisfying(why -> assertThat(why).contains(c.getValue()));
    }
    for (String open : List.of("93.184.215.14", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111")) {
      assertThat(Destinations.refusal(java.net.InetAddress.getByName(open))).as(open).isEmpty();
    }
  }
}
