package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A speaker or an organizer. {@code id} is assigned by the server for organizers (so they can be
 * updated and removed by id) and is null for talk authors.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Person(String id, String given, String family, String url, String institute,
                     Map<String, Object> extra) {

  public Person {
    // "" and absent are one thing: JSON drops empty values, so memory must too (or a restart or
    // another node would rebuild a different state).
    given = emptyToNull(given);
    family = emptyToNull(family);
    url = emptyToNull(url);
    institute = emptyToNull(institute);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  public static Person named(String given, String family) {
    return new Person(null, given, family, null, null, Map.of());
  }

  public Person withId(String newId) {
    return new Person(newId, given, family, url, institute, extra);
  }

  /** "Given Family", as shown on screens and compared for speaker clashes. */
  public String displayName() {
    String g = given == null ? "" : given.trim();
    String f = family == null ? "" : family.trim();
    return (g + " " + f).trim();
  }
}
