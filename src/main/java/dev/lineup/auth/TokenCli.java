package dev.lineup.auth;

import dev.lineup.bus.Addresses;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code lineup token --sub screen-1 --role display --workshop <id> --minutes 600}: prints a token
 * signed with the server's own key material ({@code LINEUP_JWT_SECRET} or the data folder's secret
 * file), for a venue screen or a script. {@code --role} and {@code --workshop} repeat.
 */
public final class TokenCli {

  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int FAILED = 1;
  /** A year: long enough for a screen on a wall, short enough to expire one day. */
  public static final int MAX_MINUTES = 366 * 24 * 60;

  private static final String USAGE_TEXT = """
      usage: lineup token --sub <subject> --role <admin|organizer|display> [--role ...]
                          [--workshop <id>|* ...] [--minutes <n>]
        prints a signed JWT (default lifetime %d minutes, at most %d) using LINEUP_JWT_SECRET,
        or the secret file in LINEUP_DATA_DIR (default ./data)""";
  private static final Pattern WORKSHOP_ID = Pattern.compile(Addresses.WORKSHOP_ID_PATTERN);

  private TokenCli() {
  }

  /** With the options the server itself uses (so a configured issuer or audience matches). */
  public static int run(String[] args, AuthOptions options, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(usage(options.tokenMinutes()));
      return OK;
    }
    Request request;
    try {
      request = parse(args, options.tokenMinutes());
    } catch (IllegalArgumentException e) {
      err.println("lineup token: " + e.getMessage());
      err.println(usage(options.tokenMinutes()));
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      JwtAuthenticator authenticator = JwtAuthenticator.create(vertx, options)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      out.println(authenticator.issue(request.principal(), request.minutes()));
      return OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("lineup token: interrupted");
      return FAILED;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("lineup token: " + cause.getMessage());
      return FAILED;
    } finally {
      closeQuietly(vertx);
    }
  }

  /** Waits for Vert.x to stop so that the JVM can exit right after. */
  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception ignored) {
      // Nothing left to do for a command-line run that is about to exit.
    }
  }

  private record Request(Principal principal, int minutes) {
  }

  private static Request parse(String[] args, int defaultMinutes) {
    String subject = null;
    List<String> roles = new ArrayList<>();
    List<String> workshops = new ArrayList<>();
    int minutes = defaultMinutes;
    int i = args.length > 0 && "token".equals(args[0]) ? 1 : 0;
    for (; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
      String value = args[++i];
      switch (flag) {
        case "--sub" -> subject = value;
        case "--role" -> roles.add(role(value));
        case "--workshop" -> workshops.add(workshop(value));
        case "--minutes" -> minutes = minutes(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (subject == null || subject.isBlank()) throw new IllegalArgumentException("--sub is required");
    if (roles.isEmpty()) throw new IllegalArgumentException("at least one --role is required");
    return new Request(Principal.of(subject, roles, workshops), minutes);
  }

  private static String role(String value) {
    if (!UserStore.ROLES.contains(value)) {
      throw new IllegalArgumentException("--role " + value + " is not one of admin, organizer, display");
    }
    return value;
  }

  private static String workshop(String value) {
    if (!Principal.ALL_WORKSHOPS.equals(value) && !WORKSHOP_ID.matcher(value).matches()) {
      throw new IllegalArgumentException("--workshop " + value + " is neither a workshop id nor *");
    }
    return value;
  }

  private static int minutes(String value) {
    int minutes;
    try {
      minutes = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--minutes " + value + " is not a whole number");
    }
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw new IllegalArgumentException("--minutes must be between 1 and " + MAX_MINUTES);
    }
    return minutes;
  }

  private static String usage(int defaultMinutes) {
    return USAGE_TEXT.formatted(defaultMinutes, MAX_MINUTES);
  }
}
