package dev.lineup.http;

import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SitePages;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.CommandResult;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The workshop resources of the REST API: list, create, snapshot, commands, log, Jekyll page. */
final class WorkshopRoutes {

  private static final String ID = "(?<id>" + Workshop.ID_PATTERN + ")";
  /** POST: one command (its body limit is declared with the others in {@link ApiRoutes}). */
  static final String COMMANDS_PATH = "/api/workshops/" + ID + "/commands";
  /** A version is a long: 18 digits at most, so that a longer number is a 400, not an overflow. */
  private static final Pattern VERSION_TAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})(?:-[0-9a-f]+)?\"?");
  private static final int EVENTS_PAGE = 1_000;

  private final Workshops workshops;
  private final CommandGateway gateway;
  private final JekyllPages pages;
  private final AsOf asOf;

  WorkshopRoutes(Workshops workshops, CommandGateway gateway, JekyllPages pages, AsOf asOf) {
    this.workshops = workshops;
    this.asOf = asOf;
    this.gateway = gateway;
    this.pages = pages;
  }

  void mount(Router router) {
    router.get("/api/workshops").handler(this::list);
    router.post("/api/workshops").handler(this::create);
    router.getWithRegex("/api/workshops/" + ID + "\\.md").handler(this::page);
    router.getWithRegex("/api/workshops/" + ID).handler(this::snapshot);
    router.postWithRegex(COMMANDS_PATH).handler(this::command);
    router.getWithRegex("/api/workshops/" + ID + "/events").handler(this::events);
  }

  private void list(RoutingContext ctx) {
    String category = ctx.request().getParam("category");
    if (category != null && !category.matches(Workshop.CATEGORY_PATTERN)) {
      ctx.fail(Rejection.invalid("category", "a category is 1–64 letters, digits, - or _"));
      return;
    }
    workshops.list(category)
        .onSuccess(list -> Responses.sendJson(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  private void snapshot(RoutingContext ctx) {
    workshops.get(ctx.pathParam("id"))
        .onSuccess(w -> Responses.sendTagged(ctx, etag(w), Responses.JSON, Responses.json(w)))
        .onFailure(ctx::fail);
  }

  private void page(RoutingContext ctx) {
    asOf.workshop(ctx)
        .onSuccess(w -> Responses.sendTagged(ctx, etag(w), "text/markdown; charset=utf-8", pages.write(w)))
        .onFailure(ctx::fail);
  }

  private void events(RoutingContext ctx) {
    long after;
    int limit;
    try {
      after = Long.parseLong(param(ctx, "after", "0"));
      limit = Integer.parseInt(param(ctx, "limit", String.valueOf(EVENTS_PAGE)));
    } catch (NumberFormatException e) {
      ctx.fail(Rejection.invalid("after", "after and limit are whole numbers"));
      return;
    }
    if (after < 0 || limit < 1 || limit > EVENTS_PAGE) {
      ctx.fail(Rejection.invalid("limit", "after ≥ 0 and 1 ≤ limit ≤ " + EVENTS_PAGE));
      return;
    }
    workshops.eventsAfter(ctx.pathParam("id"), after, limit)
        .onSuccess(events -> Responses.sendJson(ctx, 200, events))
        .onFailure(ctx::fail);
  }

  /** POST /api/workshops: a workshop as JSON (with its id), or a Jekyll page (?id=, ?date=). */
  private void create(RoutingContext ctx) {
    String contentType = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      ctx.fail(Rejection.invalid("", "the body is empty"));
      return;
    }
    String id;
    Future<Command> command;
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    try {
      if (contentType.startsWith("text/markdown") || contentType.startsWith("text/x-markdown")) {
        id = ctx.request().getParam("id");
        if (id == null) throw Rejection.invalid("id", "a page needs ?id= (the workshop id)");
        String date = ctx.request().getParam("date");
        command = meetingOf(id, body, date, ctx.request().getParam("category"))
            .map(category -> new Command.ImportWorkshop(null, 0L, body, date, category, null));
      } else if (contentType.startsWith("application/json")) {
        Workshop workshop = Json.MAPPER.readValue(body, Workshop.class);
        id = workshop.id();
        if (id == null) throw Rejection.invalid("id", "is required");
        command = Future.succeededFuture(new Command.CreateWorkshop(null, null, workshop));
      } else {
        throw new Rejection(Failure.UNSUPPORTED_MEDIA_TYPE,
            "send application/json (a workshop) or text/markdown (a Jekyll page)");
      }
    } catch (Rejection r) {
      ctx.fail(r);
      return;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      ctx.fail(CommandParser.fromJackson(e));
      return;
    }
    String workshopId = id;
    gateway.authorize(authorization, workshopId)
        .compose(p -> workshops.exists(workshopId))
        .compose(exists -> exists
            ? Future.failedFuture(new Rejection(Failure.CONFLICT, "workshop " + workshopId
                + " already exists; change it with commands (workshop.import replaces it)"))
            : command.compose(c -> gateway.submit(authorization, workshopId, wid -> c)))
        .compose(result -> workshops.get(workshopId))
        .onSuccess(w -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, "/api/workshops/" + workshopId)
              .putHeader(HttpHeaders.ETAG, etag(w));
          Responses.sendJson(ctx, 201, w);
        })
        .onFailure(ctx::fail);
  }

  /**
   * The meeting a page that names none joins: {@code ?category=}, else the one whose workshops
   * share its date (a day page joins the meeting of that day).
   */
  private Future<String> meetingOf(String id, String page, String date, String chosen) {
    if (chosen != null) return Future.succeededFuture(chosen);
    String day = date;
    if (day == null) {
      try {
        day = pages.read(id, page, null).date();
      } catch (Rejection r) {
        return Future.succeededFuture(null); // the import itself says what is wrong
      }
    }
    String onDay = day;
    return workshops.list(null).map(list -> SitePages.meetingOfDate(onDay, list).orElse(null));
  }

  /**
   * One command. {@code If-Match} gives the version the client saw when the body does not: a
   * conflicting change since then answers 412 instead of 409.
   */
  private void command(RoutingContext ctx) {
    String body = ctx.body().asString();
    String id = ctx.pathParam("id");
    String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    Long precondition = null;
    if (ifMatch != null && !ifMatch.trim().equals("*")) {
      Matcher m = VERSION_TAG.matcher(ifMatch.trim());
      if (!m.matches()) {
        ctx.fail(Rejection.invalid("If-Match", "names no version of this workshop"));
        return;
      }
      precondition = Long.parseLong(m.group(1));
    }
    Long expected = precondition;
    gateway.submit(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), id,
            wid -> CommandParser.parse(body == null ? "" : body, wid, expected))
        .onSuccess(result -> answer(ctx, result))
        .onFailure(t -> ctx.fail(expected != null && t instanceof Rejection r && r.failure() == Failure.CONFLICT
            ? new Rejection(Failure.PRECONDITION_FAILED, r.detail(), r.errors(), r.conflicts()) : t));
  }

  private static void answer(RoutingContext ctx, CommandResult result) {
    ctx.response().putHeader(HttpHeaders.ETAG, "\"" + result.version() + "\"");
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
        .end(Responses.json(result.toMap()));
  }

  /** The version, and the meeting warnings (which change with other workshops) in one tag. */
  static String etag(Workshop w) {
    return "\"" + w.version() + "-" + Integer.toHexString(w.warnings().hashCode()) + "\"";
  }

  private static String param(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getParam(name);
    return value == null ? fallback : value;
  }
}
