package dev.lineup.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.Predicate;

/** {@link BridgeTestClient} for tests outside this package. */
public final class BridgeClients {

  private BridgeClients() {
  }

  public interface Client extends AutoCloseable {
    void register(String address);

    JsonObject next(Predicate<JsonObject> match, Duration timeout);

    JsonObject request(String address, Object body, String token);

    @Override
    void close();
  }

  public static Client connect(Vertx vertx, int port) {
    BridgeTestClient c = BridgeTestClient.connect(vertx, port);
    return new Client() {
      public void register(String address) {
        c.register(address);
      }

      public JsonObject next(Predicate<JsonObject> match, Duration timeout) {
        return c.next(match, timeout);
      }

      public JsonObject request(String address, Object body, String token) {
        return c.request(address, body, token);
      }

      public void close() {
        c.close();
      }
    };
  }
}
