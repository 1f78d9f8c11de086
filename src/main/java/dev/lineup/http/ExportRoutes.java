package dev.lineup.http;

import dev.lineup.formats.Meeting;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.formats.ical.ICalendarExport;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Function;

/**
 * The formats schedule apps and calendars read: frab XML/JSON and iCalendar, per workshop and per
 * meeting (category). Every export has an ETag from the versions it shows, so polling is cheap.
 */
final class ExportRoutes {

  private static final String ID = "(?<id>" + Workshop.ID_PATTERN + ")";
  private static final String CATEGORY = "(?<category>" + Workshop.CATEGORY_PATTERN + ")";
  private static final String XML = "application/xml; charset=utf-8";
  private static final String ICS = "text/calendar; charset=utf-8";

  private final Workshops workshops;
  private final AsOf asOf;
  private final int defaultMinutes;

  ExportRoutes(Workshops workshops, AsOf asOf, int defaultMinutes) {
    this.workshops = workshops;
    this.asOf = asOf;
    this.defaultMinutes = defaultMinutes;
  }

  void mount(Router router) {
    router.getWithRegex("/api/workshops/" + ID + "/schedule\\.xml").handler(ctx -> workshop(ctx, XML, FrabSchedule::toXml));
    router.getWithRegex("/api/workshops/" + ID + "/schedule\\.json").handler(ctx -> workshop(ctx, Responses.JSON, FrabSchedule::toJson));
    router.getWithRegex("/api/workshops/" + ID + "\\.ics").handler(ctx -> workshop(ctx, ICS, ICalendarExport::toIcs));
    router.getWithRegex("/api/meetings/" + CATEGORY + "/schedule\\.xml").handler(ctx -> meeting(ctx, XML, FrabSchedule::toXml));
    router.getWithRegex("/api/meetings/" + CATEGORY + "/schedule\\.json").handler(ctx -> meeting(ctx, Responses.JSON, FrabSchedule::toJson));
    router.getWithRegex("/api/meetings/" + CATEGORY + "/schedule\\.ics").handler(ctx -> meeting(ctx, ICS, ICalendarExport::toIcs));
    router.getWithRegex("/api/meetings/" + CATEGORY + "\\.ics").handler(ctx -> meeting(ctx, ICS, ICalendarExport::toIcs));
  }

  private void workshop(RoutingContext ctx, String contentType, Function<Meeting, String> format) {
    // As it is, or as it was at a release (?release=) or version (?version=).
    asOf.workshop(ctx)
        .compose(w -> Responses.sendTagged(ctx, etag(List.of(w)), contentType, () -> format.apply(Meeting.single(w).withDefaultMinutes(defaultMinutes))))
        .onFailure(ctx::fail);
  }

  private void meeting(RoutingContext ctx, String contentType, Function<Meeting, String> format) {
    String category = ctx.pathParam("category");
    workshops.list(category)
        .compose(list -> list.isEmpty()
            ? Future.failedFuture(Rejection.notFound("no workshops in meeting " + category))
            : Responses.sendTagged(ctx, etag(list), contentType, () -> format.apply(Meeting.of(category, list).withDefaultMinutes(defaultMinutes))))
        .onFailure(ctx::fail);
  }

  /** The versions shown: any change to any of the workshops gives a new tag. */
  private static String etag(List<Workshop> shown) {
    StringBuilder sb = new StringBuilder();
    for (Workshop w : shown) sb.append(w.id()).append('@').append(w.version()).append(';');
    return "\"x" + Integer.toHexString(sb.toString().hashCode()) + "-" + shown.size() + "\"";
  }
}
