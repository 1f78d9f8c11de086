package dev.lineup;

import dev.lineup.auth.TokenCli;
import dev.lineup.config.LineupConfig;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * {@code java -jar lineup.jar} runs a node; {@code java -jar lineup.jar token --sub ...} mints a
 * token for a screen or a script with the node's key material.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    JsonObject config;
    try {
      config = LineupConfig.load(System.getenv());
    } catch (RuntimeException e) {
      LOG.error("configuration refused: {}", e.getMessage());
      System.exit(2);
      return;
    }
    if (args.length > 0 && args[0].equals("token")) {
      System.exit(TokenCli.run(Arrays.copyOfRange(args, 1, args.length), Lineup.authOptions(config),
          System.out, System.err));
    }
    long started = System.nanoTime();
    Lineup.start(config)
        .onSuccess(node -> {
          LOG.info("Lineup ready on http://localhost:{}/ in {} ms", node.httpPort(),
              (System.nanoTime() - started) / 1_000_000);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> node.stop().join(), "lineup-shutdown"));
        })
        .onFailure(t -> {
          LOG.error("Lineup did not start: {}", t.getMessage(), t);
          System.exit(1);
        });
  }
}
