package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

import static dev.lineup.schedule.Patches.or;
import static dev.lineup.schedule.Patches.orEmpty;

/**
 * Workshop fields a command sets; null means "leave as it is". Talks and organizers have commands
 * of their own, so that concurrent edits of different talks never conflict.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkshopPatch(String title, @JsonProperty("abstract") String abstractText,
                            String organizerUrl, List<String> categories, String room,
                            Boolean showAbstracts, String date, String timezone,
                            List<Person> speakers, Map<String, Object> extra) {

  public List<String> fieldNames() {
    return Json.toMap(this).keySet().stream().sorted().toList();
  }

  public Workshop applyTo(Workshop w) {
    return new Workshop(w.id(), w.version(), or(title, w.title()),
        or(abstractText, w.abstractText()), or(organizerUrl, w.organizerUrl()),
        or(categories, w.categories()), w.organizers(), or(room, w.room()),
        or(showAbstracts, w.showAbstracts()), or(date, w.date()), or(timezone, w.timezone()),
        w.talks(), or(speakers, w.speakers()), or(extra, w.extra()), w.warnings());
  }

  public WorkshopPatch previousOf(Workshop w) {
    return new WorkshopPatch(title == null ? null : orEmpty(w.title()),
        abstractText == null ? null : orEmpty(w.abstractText()),
        organizerUrl == null ? null : orEmpty(w.organizerUrl()),
        categories == null ? null : w.categories(), room == null ? null : orEmpty(w.room()),
        showAbstracts == null ? null : w.showAbstracts(), date == null ? null : orEmpty(w.date()),
        timezone == null ? null : orEmpty(w.timezone()), speakers == null ? null : w.speakers(),
        extra == null ? null : w.extra());
  }
}
