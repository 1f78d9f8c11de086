package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Organizer fields a command sets; null means "leave as it is". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonPatch(String given, String family, String url, String institute,
                          Map<String, Object> extra) {

  public List<String> fieldNames() {
    return Json.toMap(this).keySet().stream().sorted().toList();
  }

  public Person applyTo(Person p) {
    return new Person(p.id(), or(given, p.given()), or(family, p.family()), or(url, p.url()),
        or(institute, p.institute()), or(extra, p.extra()));
  }

  public PersonPatch previousOf(Person p) {
    return new PersonPatch(given == null ? null : nz(p.given()),
        family == null ? null : nz(p.family()), url == null ? null : nz(p.url()),
        institute == null ? null : nz(p.institute()), extra == null ? null : p.extra());
  }

  public Person toPerson(String id) {
    return new Person(id, given, family, url, institute, extra);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
