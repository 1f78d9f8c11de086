package dev.lineup.schedule;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times of day as the contract writes them: "HH:MM", 24 h. */
public final class Times {

  private static final Pattern LENIENT = Pattern.compile("\\s*(\\d{1,2})[:.h](\\d{2})\\s*");
  private static final Pattern STRICT = Pattern.compile("(\\d{2}):(\\d{2})");

  private Times() {
  }

  /** "9:30", " 09:30 ", "9.30" → "09:30"; anything else (free text, "25:99") → empty. */
  public static Optional<String> normalize(String text) {
    if (text == null) return Optional.empty();
    Matcher m = LENIENT.matcher(text);
    if (!m.matches()) return Optional.empty();
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
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
    if (m < 0 || m >= 24 * 60) return Optional.empty();
    return Optional.of(format(m));
  }
}
