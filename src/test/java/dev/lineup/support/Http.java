package dev.lineup.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for tests (the JDK's), speaking to one base URL. */
public final class Http {

  private final String base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Http(String base) {
    this.base = base;
  }

  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("content-type");
    }
  }

  public Response get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  public Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
    return send(b, headers);
  }

  public Response postJson(String path, String token, Object body, String... headers) {
    String[] all = token == null ? headers : concat(headers, "Authorization", "Bearer " + token);
    return post(path, "application/json", body.toString(), all);
  }

  /** Any method with an optional JSON body (null for none) and an optional bearer token. */
  public Response call(String method, String path, String token, Object body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) b.header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b, headers);
  }

  public Response command(String workshop, String token, JsonObject command, String... headers) {
    return postJson("/api/workshops/" + workshop + "/commands", token, command, headers);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private Response send(HttpRequest.Builder builder, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
    builder.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
