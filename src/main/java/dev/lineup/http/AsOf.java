package dev.lineup.http;

import dev.lineup.history.History;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Which state of a workshop a request asks for: as it was ({@code ?version=N} or
 * {@code ?release=name}) or as it is. One reading of those parameters for the snapshot, the Jekyll
 * page and every export.
 */
final class AsOf {

  static final Pattern RELEASE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final History history;
  private final Workshops workshops;

  AsOf(History history, Workshops workshops) {
    this.history = history;
    this.workshops = workshops;
  }

  History history() {
    return history;
  }

  static boolean asksForThePast(RoutingContext ctx) {
    return ctx.request().getParam("version") != null || ctx.request().getParam("release") != null;
  }

  Future<Workshop> workshop(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String version = ctx.request().getParam("version");
    String release = ctx.request().getParam("release");
    if (version == null && release == null) return workshops.get(id);
    if (version != null && release != null) {
      return Future.failedFuture(Rejection.invalid("version", "give either ?version= or ?release=, not both"));
    }
    if (version != null && !version.matches("-?\\d{1,18}")) {
      return Future.failedFuture(Rejection.invalid("version", "is a whole number"));
    }
    if (release != null && !RELEASE_NAME.matcher(release).matches()) {
      return Future.failedFuture(Rejection.invalid("release", "a release name is 1–64 letters, digits, . _ or -"));
    }
    Future<Long> at = version != null ? Future.succeededFuture(Long.parseLong(version))
        : history.releaseVersion(id, release);
    return at.compose(v -> history.at(id, v));
  }
}
