package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

import static dev.lineup.schedule.Patches.or;
import static dev.lineup.schedule.Patches.orEmpty;

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
    return new PersonPatch(given == null ? null : orEmpty(p.given()),
        family == null ? null : orEmpty(p.family()), url == null ? null : orEmpty(p.url()),
        institute == null ? null : orEmpty(p.institute()), extra == null ? null : p.extra());
  }

  public Person toPerson(String id) {
    return new Person(id, given, family, url, institute, extra);
  }
}
