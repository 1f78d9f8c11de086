package dev.lineup.schedule;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Field checks shared by every command; collects all errors of a request before refusing it. */
final class Validation {

  static final int MAX_TEXT = 500;
  static final int MAX_LONG_TEXT = 50_000;
  static final int MAX_LIST = 500;

  private final List<FieldError> errors = new ArrayList<>();

  void text(String path, String value, int max) {
    if (value != null && value.length() > max) {
      errors.add(new FieldError(path, "longer than " + max + " characters"));
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
    text(path + ".given", p.given(), MAX_TEXT);
    text(path + ".family", p.family(), MAX_TEXT);
    text(path + ".url", p.url(), MAX_TEXT);
    text(path + ".institute", p.institute(), MAX_TEXT);
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
        if (key.isEmpty() || key.startsWith("$") || key.contains(".") || key.indexOf('\0') >= 0) {
          errors.add(new FieldError(path + "." + key, "keys may not be empty, start with $ or contain a dot"));
        } else {
          extra(path + "." + key, e.getValue());
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) extra(path + "[" + i + "]", list.get(i));
    } else if (value instanceof String s) {
      text(path, s, MAX_LONG_TEXT);
    }
  }

  void talk(String path, TalkPatch t) {
    text(path + ".title", t.title(), MAX_TEXT);
    people(path + ".authors", t.authors());
    time(path + ".start", t.start());
    time(path + ".end", t.end());
    text(path + ".abstract", t.abstractText(), MAX_LONG_TEXT);
    text(path + ".youtube", t.youtube(), MAX_TEXT);
    extra(path + ".extra", t.extra());
  }

  void workshop(String path, WorkshopPatch w) {
    text(path + "title", w.title(), MAX_TEXT);
    text(path + "abstract", w.abstractText(), MAX_LONG_TEXT);
    text(path + "organizerUrl", w.organizerUrl(), MAX_TEXT);
    list(path + "categories", w.categories());
    if (w.categories() != null) {
      for (int i = 0; i < w.categories().size(); i++) {
        String c = w.categories().get(i);
        if (c == null || !c.matches(Workshop.CATEGORY_PATTERN)) {
          errors.add(new FieldError(path + "categories[" + i + "]", "a category is 1–64 letters, digits, - or _"));
        }
      }
    }
    text(path + "room", w.room(), MAX_TEXT);
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
