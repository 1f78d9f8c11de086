package dev.lineup.stream;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain Server-Sent Events reader on the JDK's HTTP client, as any program would follow a
 * stream: lines in, an event at each empty line (id, event, data), comments kept apart.
 */
public final class SseClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One dispatched event; {@code id} null when the event carried none. */
  public record Message(String id, String event, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    public long seq() {
      return json().getLong("seq");
    }
  }

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    if (response.statusCode() == 200) reader.start();
  }

  /** Opens {@code path}; returns once the response headers are in. Headers as name, value pairs. */
  public static SseClient open(int port, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/event-stream").GET();
    for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    try {
      return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public HttpHeaders headers() {
    return response.headers();
  }

  /** The body of a refusal (problem+json). */
  public String body() {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    String id = null;
    String event = null;
    StringBuilder data = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) messages.add(new Message(id, event == null ? "message" : event, data.toString()));
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) value = value.substring(1);
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { } // retry: and unknown fields
          }
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  /** The next event, or an assertion failure after {@code timeout}. */
  public Message next(Duration timeout) {
    try {
      Message m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) throw new AssertionError("no event within " + timeout.toMillis() + " ms");
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next {@code n} events. */
  public List<Message> next(int n, Duration timeout) {
    List<Message> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < n) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        out.add(next(Duration.ofMillis(left)));
      } catch (AssertionError e) {
        throw new AssertionError("got " + out.size() + " of " + n + " events: " + out, e);
      }
    }
    return out;
  }

  /** Events received and not taken yet. */
  public List<Message> pending() {
    return new ArrayList<>(messages);
  }

  public List<String> comments() {
    return comments;
  }

  /** The server ended the stream (or the connection went away). */
  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
    reader.interrupt();
  }
}
