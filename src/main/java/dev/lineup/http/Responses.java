package dev.lineup.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lineup.schedule.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/** Writing answers: JSON from domain values, and conditional GET on an entity tag. */
final class Responses {

  static final String JSON = "application/json; charset=utf-8";

  private Responses() {
  }

  static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** JSON of a value that may be large (a workshop, a list of them, an import's event): written on a worker. */
  static Future<Void> sendLargeJson(RoutingContext ctx, int status, Object value) {
    return ctx.vertx().executeBlocking(() -> json(value), false)
        .compose(body -> ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body));
  }

  static Future<Void> sendJson(RoutingContext ctx, int status, Object value) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(json(value));
  }

  /**
   * Answers 304 when the client's If-None-Match names {@code etag}; otherwise sends the body
   * {@code render} makes (a snapshot's JSON, frab, iCalendar, a Jekyll page, of a whole meeting
   * perhaps), rendered on a worker, never on the event loop, with the tag, so apps can poll cheaply.
   */
  static Future<Void> sendRendered(RoutingContext ctx, String etag, String contentType, Callable<String> render) {
    if (notModified(ctx, etag)) return ctx.response().setStatusCode(304).end();
    return ctx.vertx().executeBlocking(render, false)
        .compose(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body));
  }

  private static boolean notModified(RoutingContext ctx, String etag) {
    ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    return ifNoneMatch != null && matches(ifNoneMatch, etag);
  }

  private static boolean matches(String header, String etag) {
    String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals(bare) || c.equals("W/" + bare)) return true;
    }
    return false;
  }
}
