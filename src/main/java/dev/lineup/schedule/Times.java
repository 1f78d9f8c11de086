package dev.lineup.schedule;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times of day as the contract writes them ("HH:MM", 24 h), and as people write them on pages:
 * "9:30", "9.30", "10h30", "11h", "15:00:00", "2pm", "12 noon", "from 19:30", the time of a
 * timestamp ("2030-05-03 09:30", as Liquid's {@code date} filter reads it), or a range
 * "17:00-17:30" in one field. Only what is unambiguous is read; anything else is left to the
 * caller to keep as written. A span whose end is before its start ends on the next day
 * (23:30–00:30).
 */
public final class Times {

  public static final int DAY = 24 * 60;
  /** The longest span that may cross midnight: 22:00–01:00 does, 10:00–09:00 is a mistake. */
  public static final int MAX_OVERNIGHT = 12 * 60;
  /** The longest session an end read on a 12-hour clock may make: 12:00–1:00 is 13:00, 10:00–9:00 is no slip. */
  private static final int MAX_SLIP_SPAN = 6 * 60;

  private static final String ONE = "(\\d{1,2})(?:(?:[:.h])(\\d{2})(?::(\\d{2}))?)?\\s*(h|[ap]\\.?m\\.?)?";
  private static final Pattern SINGLE = Pattern.compile("(?i)\\s*(?:from\\s+|at\\s+)?" + ONE + "\\s*");
  private static final Pattern RANGE = Pattern.compile("(?i)\\s*(?:from\\s+)?" + ONE
      + "\\s*(?:-|–|—|to|until)\\s*" + ONE + "\\s*");
  private static final Pattern STRICT = Pattern.compile("(\\d{2}):(\\d{2})");
  private static final Pattern NAMED = Pattern.compile("(?i)\\s*(?:from\\s+|at\\s+)?(?:12\\s*)?(noon|midnight)\\s*");
  /** A timestamp (YAML's, Ruby's Time#to_s, ISO 8601): its wall-clock time is the time of day. */
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\s*(\\d{4}-\\d{2}-\\d{2})(?:[Tt]|\\s+)(\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)"
      + "\\s*(?:Z|[+-]\\d{2}:?\\d{2}|[A-Z]{2,5})?\\s*");

  /** What one time field said: a start, and an end when the field held a range. */
  public record Reading(String start, String end) {
  }

  private Times() {
  }

  /** One unambiguous time of day → "HH:MM"; free text, ranges and "25:99" → empty. */
  public static Optional<String> normalize(String text) {
    if (text == null) return Optional.empty();
    Matcher m = SINGLE.matcher(text);
    if (m.matches()) return time(m, 1);
    Matcher named = NAMED.matcher(text);
    if (named.matches()) return Optional.of(named.group(1).equalsIgnoreCase("noon") ? "12:00" : "00:00");
    Matcher stamp = TIMESTAMP.matcher(text);
    if (stamp.matches() && isDate(stamp.group(1))) return normalize(stamp.group(2).replaceFirst("\\.\\d+$", ""));
    return Optional.empty();
  }

  private static boolean isDate(String text) {
    try {
      java.time.LocalDate.parse(text);
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  /** A time or a range of two; empty when the text is not (only) that. */
  public static Optional<Reading> read(String text) {
    if (text == null) return Optional.empty();
    Optional<String> single = normalize(text);
    if (single.isPresent()) return Optional.of(new Reading(single.get(), null));
    Matcher m = RANGE.matcher(text);
    if (!m.matches()) return Optional.empty();
    Optional<String> start = time(m, 1);
    Optional<String> end = time(m, 5);
    if (start.isEmpty() || end.isEmpty()) return Optional.empty();
    return Optional.of(new Reading(start.get(), end.get()));
  }

  /**
   * The time in groups {@code from}..{@code from+3} (hours, minutes, seconds, suffix). A bare
   * number is not a time ("9" could be anything), unless marked as one ("11h", "2pm").
   */
  private static Optional<String> time(Matcher m, int from) {
    String hours = m.group(from);
    String mins = m.group(from + 1);
    String secs = m.group(from + 2);
    String suffix = m.group(from + 3) == null ? "" : m.group(from + 3).toLowerCase(Locale.ROOT).replace(".", "");
    if (mins == null && suffix.isEmpty()) return Optional.empty();
    int h = Integer.parseInt(hours);
    int min = mins == null ? 0 : Integer.parseInt(mins);
    if (secs != null && Integer.parseInt(secs) > 59) return Optional.empty();
    if (suffix.equals("am") || suffix.equals("pm")) {
      if (h < 1 || h > 12) return Optional.empty();
      h = h % 12 + (suffix.equals("pm") ? 12 : 0);
    }
    if (h > 23 || min > 59) return Optional.empty();
    return Optional.of(format(h * 60 + min));
  }

  /** True for exactly "HH:MM" within a day: what commands must send. */
  public static boolean isValid(String text) {
    if (text == null) return false;
    Matcher m = STRICT.matcher(text);
    return m.matches() && Integer.parseInt(m.group(1)) <= 23 && Integer.parseInt(m.group(2)) <= 59;
  }

  public static int minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
  }

  public static String format(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  /** Shifts a time; empty when it would leave the day. */
  public static Optional<String> plus(String hhmm, int deltaMinutes) {
    int m = minutes(hhmm) + deltaMinutes;
    if (m < 0 || m >= DAY) return Optional.empty();
    return Optional.of(format(m));
  }

  /** Minutes from start to end; an end before the start is on the next day. */
  public static int duration(String start, String end) {
    int d = minutes(end) - minutes(start);
    return d < 0 ? d + DAY : d;
  }

  /** True when the span ends before it starts and so runs past midnight. */
  public static boolean crossesMidnight(String start, String end) {
    return minutes(end) < minutes(start);
  }

  /**
   * A span that can be meant: end after start, or past midnight for at most
   * {@link #MAX_OVERNIGHT} minutes (23:30–00:30 yes, 10:00–09:00 no). Equal times are no span.
   */
  public static boolean isPlausibleSpan(String start, String end) {
    if (minutes(end) == minutes(start)) return false;
    return !crossesMidnight(start, end) || duration(start, end) <= MAX_OVERNIGHT;
  }

  /**
   * The evident 12-hour slip of an end written on a 12-hour clock: 12:00–1:00 means 13:00. Empty
   * when the end is after the start, when reading it 12 hours later would not help, or when that
   * would make a session longer than six hours (10:00–9:00 is a mistake, not 10:00–21:00).
   */
  public static Optional<String> afternoonEnd(String start, String end) {
    int s = minutes(start);
    int e = minutes(end);
    int afternoon = e + 12 * 60;
    if (e >= s || e >= 12 * 60 || afternoon <= s || afternoon - s > MAX_SLIP_SPAN) return Optional.empty();
    return Optional.of(format(afternoon));
  }
}
