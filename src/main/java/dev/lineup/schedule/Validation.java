package dev.lineup.schedule;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Field checks shared by every command and every imported page; collects all errors of a request
 * before refusing it. Besides sizes and forms, what would attack whoever reads the data later:
 * links that run script ({@code javascript:}, {@code data:}: only http, https and mailto links,
 * or none) and characters that hide or reorder text (C0 controls, DEL, bidi overrides and
 * isolates; tab and line breaks only in prose such as abstracts).
 */
final class Validation {

  static final int MAX_TEXT = 500;
  static final int MAX_LONG_TEXT = 50_000;
  static final int MAX_LIST = 500;
  private static final List<String> LINK_SCHEMES = List.of("http:", "https:", "mailto:");

  private final List<FieldError> errors = new ArrayList<>();

  /** One line of text: a title, a name, a room. */
  void line(String path, String value) {
    text(path, value, MAX_TEXT, false);
  }

  /** Prose: an abstract, a bio; tab and line breaks allowed. */
  void prose(String path, String value) {
    text(path, value, MAX_LONG_TEXT, true);
  }

  private void text(String path, String value, int max, boolean lineBreaks) {
    if (value == null) return;
    if (value.length() > max) {
      errors.add(new FieldError(path, "longer than " + max + " characters"));
      return;
    }
    int bad = hidden(value, lineBreaks);
    if (bad >= 0) {
      errors.add(new FieldError(path, String.format("contains the control or direction character U+%04X%s", bad,
          lineBreaks ? "" : " (tab and line breaks only in abstracts)")));
    }
  }

  /**
   * The first C0 control, DEL, bidi override or isolate in {@code value}, or -1. Prose keeps tab,
   * line breaks and ESC: real pages carry ESC from YAML's "\e" (a LaTeX {@code \emph} written in
   * double quotes), and every output escapes it (JSON as \u001b, YAML as \e).
   */
  private static int hidden(String value, boolean prose) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = c < 0x20 || c == 0x7F;
      if (control && prose && (c == '\t' || c == '\n' || c == '\r' || c == 0x1B)) continue;
      if (control || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) return c;
    }
    return -1;
  }

  /**
   * A link someone's page will show: empty, without a scheme (a bare host or path, as some real
   * pages have), or http, https or mailto. A scheme is read as a browser reads it: around blanks,
   * in any case; a character reference before the first "/" could hide one, so it counts as one.
   */
  void url(String path, String value) {
    line(path, value);
    if (value == null) return;
    String link = value.strip().toLowerCase(Locale.ROOT);
    int end = link.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int at = link.indexOf(stop);
      if (at >= 0) end = Math.min(end, at);
    }
    String head = link.substring(0, end);
    boolean schemed = head.contains(":") || head.contains("&");
    if (schemed && LINK_SCHEMES.stream().noneMatch(link::startsWith)) {
      errors.add(new FieldError(path, "only http:, https: and mailto: links (or none) are accepted"));
    }
  }

  void time(String path, String value) {
    if (value != null && !value.isEmpty() && !Times.isValid(value)) {
      errors.add(new FieldError(path, "\"" + value + "\" is not a time of day (HH:MM, 00:00–23:59)"));
    }
  }

  void required(String path, Object value) {
    if (value == null) errors.add(new FieldError(path, "is required"));
  }

  /** An end before the start is on the next day (23:30–00:30), for at most 12 hours. */
  void order(String path, String start, String end) {
    if (Times.isValid(start) && Times.isValid(end) && !Times.isPlausibleSpan(start, end)) {
      errors.add(new FieldError(path, "end " + end + " is not after start " + start
          + (end.equals(start) ? "" : " (nor within 12 hours past midnight)")));
    }
  }

  void date(String path, String value) {
    if (value == null || value.isEmpty()) return;
    try {
      LocalDate.parse(value);
    } catch (DateTimeException e) {
      errors.add(new FieldError(path, "\"" + value + "\" is not a date (YYYY-MM-DD)"));
    }
  }

  void zone(String path, String value) {
    if (value == null || value.isEmpty()) return;
    try {
      ZoneId.of(value);
    } catch (DateTimeException e) {
      errors.add(new FieldError(path, "\"" + value + "\" is not an IANA time zone"));
    }
  }

  void list(String path, List<?> value) {
    if (value != null && value.size() > MAX_LIST) {
      errors.add(new FieldError(path, "more than " + MAX_LIST + " entries"));
    }
  }

  void person(String path, Person p) {
    if (p == null) {
      errors.add(new FieldError(path, "is null"));
      return;
    }
    line(path + ".given", p.given());
    line(path + ".family", p.family());
    url(path + ".url", p.url());
    line(path + ".institute", p.institute());
    extra(path + ".extra", p.extra());
  }

  void people(String path, List<Person> people) {
    if (people == null) return;
    list(path, people);
    for (int i = 0; i < people.size(); i++) person(path + "[" + i + "]", people.get(i));
  }

  /** Keys MongoDB would read as operators or paths are refused, at any depth. */
  void extra(String path, Object value) {
    if (value instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.isEmpty() || key.startsWith("$") || key.contains(".") || hidden(key, false) >= 0) {
          errors.add(new FieldError(path + "." + key.replaceAll("[\\x00-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069]", "?"),
              "keys may not be empty, start with $, contain a dot or a control character"));
        } else {
          extra(path + "." + key, e.getValue());
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) extra(path + "[" + i + "]", list.get(i));
    } else if (value instanceof String s) {
      prose(path, s);
    }
  }

  void talk(String path, TalkPatch t) {
    line(path + ".title", t.title());
    people(path + ".authors", t.authors());
    time(path + ".start", t.start());
    time(path + ".end", t.end());
    prose(path + ".abstract", t.abstractText());
    line(path + ".youtube", t.youtube());
    extra(path + ".extra", t.extra());
  }

  void workshop(String path, WorkshopPatch w) {
    line(path + "title", w.title());
    prose(path + "abstract", w.abstractText());
    url(path + "organizerUrl", w.organizerUrl());
    list(path + "categories", w.categories());
    if (w.categories() != null) {
      for (int i = 0; i < w.categories().size(); i++) {
        String c = w.categories().get(i);
        if (c == null || !c.matches(Workshop.CATEGORY_PATTERN)) {
          errors.add(new FieldError(path + "categories[" + i + "]", "a category is 1–64 letters, digits, - or _"));
        }
      }
    }
    line(path + "room", w.room());
    date(path + "date", w.date());
    zone(path + "timezone", w.timezone());
    people(path + "speakers", w.speakers());
    extra(path + "extra", w.extra());
  }

  void add(String path, String message) {
    errors.add(new FieldError(path, message));
  }

  void throwIfAny() {
    if (!errors.isEmpty()) throw Rejection.invalid(errors);
  }
}
