package dev.lineup.http;

import dev.lineup.history.Changelog;
import dev.lineup.history.History;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The past of a workshop: {@code ?version=N} / {@code ?release=name} on the workshop, releases,
 * and changelogs (JSON, or Markdown for an e-mail to speakers).
 */
final class HistoryRoutes {

  private static final String ID = "(?<id>" + Workshop.ID_PATTERN + ")";
  private static final Pattern POINT = Pattern.compile("\\d{1,18}|" + AsOf.RELEASE_NAME.pattern());
  private static final int MAX_NOTE = 4_000;
  private static final String MARKDOWN = "text/markdown; charset=utf-8";

  private final AsOf asOf;
  private final History history;
  private final CommandGateway gateway;

  private HistoryRoutes(AsOf asOf, CommandGateway gateway) {
    this.asOf = asOf;
    this.history = asOf.history();
    this.gateway = gateway;
  }

  /** Mounts before the workshop routes: a plain GET of a workshop passes on to them. */
  static void mount(Router router, AsOf asOf, CommandGateway gateway) {
    HistoryRoutes routes = new HistoryRoutes(asOf, gateway);
    router.getWithRegex("/api/workshops/" + ID).handler(routes::pastVersion);
    router.postWithRegex("/api/workshops/" + ID + "/releases").handler(routes::createRelease);
    router.getWithRegex("/api/workshops/" + ID + "/releases").handler(routes::listReleases);
    router.getWithRegex("/api/workshops/" + ID + "/changes").handler(routes::changes);
  }

  /** The body of a release request; unknown fields are refused. */
  record ReleaseRequest(String name, String note) {
  }

  private void pastVersion(RoutingContext ctx) {
    if (!AsOf.asksForThePast(ctx)) {
      ctx.next();
      return;
    }
    asOf.workshop(ctx)
        .compose(w -> Responses.sendRendered(ctx, WorkshopRoutes.etag(w), Responses.JSON, () -> Responses.json(w)))
        .onFailure(ctx::fail);
  }

  private void createRelease(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Bodies.read(() -> releaseRequest(ctx.body().asString()))
        .compose(request -> gateway.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), id)
            .compose(principal -> history.release(id, request.name(), request.note(), principal.subject())))
        .onSuccess(release -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, "/api/workshops/" + id + "?release=" + release.name());
          Responses.sendJson(ctx, 201, release);
        })
        .onFailure(ctx::fail);
  }

  private static ReleaseRequest releaseRequest(String body) throws com.fasterxml.jackson.core.JacksonException {
    if (body == null || body.isBlank()) throw Rejection.invalid("", "the body is empty");
    ReleaseRequest request = Json.MAPPER.readValue(body, ReleaseRequest.class);
    if (request == null) throw Rejection.invalid("", "a release is a JSON object {name, note}");
    if (request.name() == null || !AsOf.RELEASE_NAME.matcher(request.name()).matches()) {
      throw Rejection.invalid("name", "is required: 1–64 letters, digits, . _ or -");
    }
    if (request.name().chars().allMatch(Character::isDigit)) {
      throw Rejection.invalid("name", "digits alone name a version; add a letter (v" + request.name() + ")");
    }
    if (request.note() != null && request.note().length() > MAX_NOTE) {
      throw Rejection.invalid("note", "is at most " + MAX_NOTE + " characters");
    }
    return request;
  }

  private void listReleases(RoutingContext ctx) {
    history.releases(ctx.pathParam("id"))
        .onSuccess(list -> Responses.sendJson(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  private void changes(RoutingContext ctx) {
    String from = ctx.request().getParam("from");
    String to = ctx.request().getParam("to");
    if (from == null || !POINT.matcher(from).matches()) {
      ctx.fail(Rejection.invalid("from", "is required: a version or a release name"));
      return;
    }
    if (to != null && !POINT.matcher(to).matches()) {
      ctx.fail(Rejection.invalid("to", "is a version or a release name"));
      return;
    }
    history.changes(ctx.pathParam("id"), from, to)
        .onSuccess(changes -> {
          ctx.response().putHeader(HttpHeaders.VARY, "Accept");
          if (prefersMarkdown(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MARKDOWN)
                .end(Changelog.markdown(changes.title(), label(changes.from()),
                    label(changes.to()), changes.changes()));
          } else {
            Responses.sendJson(ctx, 200, Map.of("from", changes.from(), "to", changes.to(),
                "changes", changes.changes()));
          }
        })
        .onFailure(ctx::fail);
  }

  private static String label(History.Point point) {
    return point.release() != null
        ? point.release() + " (version " + point.version() + ")"
        : "version " + point.version();
  }

  /** True when the client ranks text/markdown at least as high as JSON (by q-values). */
  static boolean prefersMarkdown(String accept) {
    if (accept == null) return false;
    double markdown = -1;
    double json = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase();
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("text/markdown") && markdown < 0) markdown = q;
      if ((type.equals("application/json") || type.equals("*/*")) && json < 0) json = q;
    }
    return markdown > 0 && markdown >= json;
  }
}
