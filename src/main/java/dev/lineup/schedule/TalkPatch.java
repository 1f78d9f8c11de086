package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

import static dev.lineup.schedule.Patches.or;
import static dev.lineup.schedule.Patches.orEmpty;

/** Talk fields a command sets; null means "leave as it is". Also the payload of talk.add. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TalkPatch(String title, List<Person> authors, String start, String end,
                        @JsonProperty("abstract") String abstractText, String youtube,
                        Talk.Kind kind, Talk.Status status, Map<String, Object> extra) {

  public static final TalkPatch EMPTY = new TalkPatch(null, null, null, null, null, null, null,
      null, null);

  /** The names of the fields this patch sets, as in the JSON. */
  public List<String> fieldNames() {
    return Json.toMap(this).keySet().stream().sorted().toList();
  }

  public Talk applyTo(Talk t) {
    return new Talk(t.id(), or(title, t.title()), or(authors, t.authors()), or(start, t.start()),
        or(end, t.end()), or(abstractText, t.abstractText()), or(youtube, t.youtube()),
        or(kind, t.kind()), or(status, t.status()), or(extra, t.extra()));
  }

  /** The values {@code t} has for the fields this patch sets: what an undo would set back. */
  public TalkPatch previousOf(Talk t) {
    return new TalkPatch(title == null ? null : orEmpty(t.title()),
        authors == null ? null : t.authors(),
        start == null ? null : orEmpty(t.start()), end == null ? null : orEmpty(t.end()),
        abstractText == null ? null : orEmpty(t.abstractText()),
        youtube == null ? null : orEmpty(t.youtube()), kind == null ? null : t.kind(),
        status == null ? null : t.status(), extra == null ? null : t.extra());
  }
}
