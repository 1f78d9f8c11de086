package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Times;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How front-matter values read into model values: forgiving, never throwing. */
final class Values {

  private Values() {
  }

  /** Text of a scalar, stripped; blank → null. Numbers and booleans as written. */
  static String text(Object v) {
    if (v == null || v instanceof Map<?, ?>) return null;
    if (v instanceof Collection<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) {
        String t = text(o);
        if (t != null) parts.add(t);
      }
      return parts.isEmpty() ? null : String.join(", ", parts);
    }
    String s = String.valueOf(v).strip();
    return s.isEmpty() ? null : s;
  }

  /** A name or title: entities decoded, runs of blanks and tabs made one space. */
  static String name(Object v) {
    String t = text(v);
    if (t == null) return null;
    String s = Entities.decode(t).replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? null : s;
  }

  static String title(Object v) {
    String t = name(v);
    return t == null ? "" : t;
  }

  static String time(Object v) {
    return Times.normalize(timeText(v)).orElse(null);
  }

  /**
   * The text of a time field. YAML reads an unquoted 9.30 as the number 9.3: a number with a
   * fraction is the dotted time it was written as.
   */
  static String timeText(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d >= 0 && d < 24) return String.format(Locale.ROOT, "%.2f", d);
    }
    return text(v);
  }

  static Boolean bool(Object v) {
    if (v instanceof Boolean b) return b;
    String t = text(v);
    if (t == null) return null;
    String s = t.toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("yes") || s.equals("on")) return true;
    if (s.equals("false") || s.equals("no") || s.equals("off")) return false;
    return null;
  }

  /** "2018-04-03", also the day of "2018-04-03 10:00:00 +0200"; anything else → null. */
  static String date(Object v) {
    String t = text(v);
    if (t == null || t.length() < 10) return null;
    try {
      return LocalDate.parse(t.substring(0, 10)).toString();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Categories as Lineup accepts them: a list, or Jekyll's space-separated text. */
  static List<String> categories(Object v) {
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    List<?> items = v instanceof List<?> l ? l : List.of(String.valueOf(v).strip().split("\\s+"));
    for (Object item : items) {
      String t = text(item);
      if (t == null) continue;
      String c = t.replaceAll("[^A-Za-z0-9_-]", "-");
      out.add(c.length() > 64 ? c.substring(0, 64) : c);
    }
    return out;
  }
}
