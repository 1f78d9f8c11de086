package dev.lineup;

import dev.lineup.auth.AuthOptions;
import dev.lineup.auth.JwtKeys;
import dev.lineup.auth.TokenCli;
import dev.lineup.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar lineup.jar} runs a node; {@code java -jar lineup.jar token --sub ...} mints a
 * token for a screen or a script with the node's key material. Logs go to stderr, so that what a
 * command prints on stdout (a token) is all that {@code $(...)} captures.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long SHUTDOWN_SECONDS = 60;

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      System.exit(token(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
    }
    Settings settings;
    try {
      settings = Settings.load(System.getenv());
    } catch (RuntimeException e) {
      LOG.error("configuration refused: {}", e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    Lineup.start(settings)
        .onSuccess(node -> {
          LOG.info("Lineup ready on http://localhost:{}/ in {} ms", node.httpPort(),
              (System.nanoTime() - started) / 1_000_000);
          // The hook runs on a thread of its own, never an event loop: it may wait for the stop.
          Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitStop(node), "lineup-shutdown"));
        })
        .onFailure(t -> {
          LOG.error("Lineup did not start: {}", t.getMessage(), t);
          System.exit(1);
        });
  }

  /**
   * {@code lineup token ...}: signs with the server's key material only. Without
   * {@code LINEUP_JWT_SECRET}, the secret is the one the server generated in its data folder; when
   * that folder has none, this is the wrong folder (a new secret would make tokens the server
   * refuses), so it refuses loudly instead of generating one.
   */
  static int token(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Settings settings;
    try {
      settings = Settings.load(env);
    } catch (RuntimeException e) {
      err.println("lineup token: configuration refused: " + e.getMessage());
      return TokenCli.USAGE;
    }
    AuthOptions options;
    try {
      options = Lineup.authOptions(settings);
    } catch (RuntimeException e) {
      err.println("lineup token: " + e.getMessage());
      return TokenCli.FAILED;
    }
    Path secretFile = options.dataDir().resolve(JwtKeys.SECRET_FILE);
    boolean wantsHelp = Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    if (!wantsHelp && options.secret() == null && !Files.isRegularFile(secretFile)) {
      err.println("lineup token: no JWT secret: LINEUP_JWT_SECRET is not set and " + secretFile.toAbsolutePath()
          + " does not exist. Run this with the server's LINEUP_DATA_DIR (or its LINEUP_JWT_SECRET);"
          + " a token signed with any other secret would be refused by the server.");
      return TokenCli.FAILED;
    }
    return TokenCli.run(args, options, out, err);
  }

  private static void awaitStop(Lineup node) {
    try {
      node.stop().toCompletionStage().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("stop did not finish: {}", e.toString());
    }
  }
}
