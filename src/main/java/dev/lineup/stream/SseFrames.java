package dev.lineup.stream;

import io.vertx.core.buffer.Buffer;

/**
 * The text of a Server-Sent Events stream (the WHATWG "event stream" format): fields one per
 * line, an empty line ends an event. Values never contain a line break: JSON is written compact,
 * and a field value with one is split over several {@code data:} lines as the format says.
 */
final class SseFrames {

  private SseFrames() {
  }

  /** An event with an id (what {@code Last-Event-ID} resumes from), a type and JSON data. */
  static Buffer event(String id, String type, String json) {
    StringBuilder sb = new StringBuilder(json.length() + 64);
    if (id != null) sb.append("id: ").append(oneLine(id)).append('\n');
    sb.append("event: ").append(oneLine(type)).append('\n');
    for (String line : json.split("\r\n|\r|\n", -1)) sb.append("data: ").append(line).append('\n');
    return Buffer.buffer(sb.append('\n').toString());
  }

  /** A comment: ignored by clients, keeps the connection alive, readable with curl. */
  static Buffer comment(String text) {
    return Buffer.buffer(": " + oneLine(text) + "\n\n");
  }

  /** How long a client waits before it reconnects after the stream ends. */
  static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  private static String oneLine(String value) {
    return value.replaceAll("[\r\n]", " ");
  }
}
