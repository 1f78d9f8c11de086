package dev.lineup.stream;

import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a client is in a stream, as the event ids say: for a workshop the seq of the last event it
 * got; for a meeting the last seq of every workshop, as {@code theory:12,practice:7} (sorted by
 * workshop id), so that the last id a client saw resumes every workshop at once.
 */
final class StreamPosition {

  private static final Pattern WORKSHOP_ID = Pattern.compile(Workshop.ID_PATTERN);
  private static final int MAX_LENGTH = 64 * 1024;

  private StreamPosition() {
  }

  /** A workshop stream's id: a seq, 0 or more. */
  static long parseSeq(String value, String name) {
    try {
      long seq = Long.parseLong(value.trim());
      if (seq >= 0) return seq;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Rejection.invalid(name, "is the seq of an event (a whole number ≥ 0), not \"" + shorten(value) + "\"");
  }

  /** A meeting stream's id: {@code workshop:seq} pairs separated by commas (empty = none). */
  static SortedMap<String, Long> parseMeeting(String value, String name) {
    SortedMap<String, Long> positions = new TreeMap<>();
    if (value.length() > MAX_LENGTH) throw Rejection.invalid(name, "is longer than " + MAX_LENGTH + " characters");
    if (value.isBlank()) return positions;
    for (String pair : value.trim().split(",")) {
      int colon = pair.lastIndexOf(':');
      String workshop = colon < 0 ? "" : pair.substring(0, colon).trim();
      if (!WORKSHOP_ID.matcher(workshop).matches()) {
        throw Rejection.invalid(name, "is a list of workshop:seq pairs separated by commas, not \"" + shorten(value) + "\"");
      }
      positions.put(workshop, parseSeq(pair.substring(colon + 1), name));
    }
    return positions;
  }

  /** The id of a meeting stream's event: every workshop's last seq sent. */
  static String meetingId(Map<String, Long> positions) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Long> p : new TreeMap<>(positions).entrySet()) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(p.getKey()).append(':').append(p.getValue());
    }
    return sb.toString();
  }

  private static String shorten(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
