package dev.lineup.auth;

import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading the auth routes' JSON bodies strictly: every failure is a {@link Rejection}. */
final class Bodies {

  private Bodies() {
  }

  static String authorization(RoutingContext ctx) {
    return ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
  }

  /** The body as a JSON object with no field outside {@code allowed}. */
  static JsonObject strict(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new Rejection(Failure.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type: application/json");
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw Rejection.invalid("", "the body is not a JSON object");
    }
    if (body == null) throw Rejection.invalid("", "the body is empty");
    List<FieldError> unknown = new ArrayList<>();
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) unknown.add(new FieldError(field, "unknown field"));
    }
    if (!unknown.isEmpty()) throw Rejection.invalid(unknown);
    return body;
  }

  static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) throw Rejection.invalid(field, "is required");
    if (!(value instanceof String)) throw Rejection.invalid(field, "is not a string");
    return (String) value;
  }

  static boolean requiredBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) throw Rejection.invalid(field, "is required");
    if (!(value instanceof Boolean)) throw Rejection.invalid(field, "is not true or false");
    return (Boolean) value;
  }

  /** An optional whole number: null when absent. */
  static Integer integer(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) return null;
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() != ((Number) value).intValue()) {
      throw Rejection.invalid(field, "is not a whole number");
    }
    return ((Number) value).intValue();
  }

  /** An optional array of strings: null when absent. */
  static List<String> stringList(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) return null;
    if (!(value instanceof JsonArray)) throw Rejection.invalid(field, "is not an array of strings");
    List<String> result = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String)) throw Rejection.invalid(field + "[" + i + "]", "is not a string");
      result.add((String) item);
    }
    return result;
  }

  static void sendCreated(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        // It may hold a bearer credential: no cache, shared or private, may keep it (RFC 6749 §5.1).
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  static void sendToken(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.json(body);
  }

  static void sendNoContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
