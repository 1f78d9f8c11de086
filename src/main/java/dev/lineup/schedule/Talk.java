package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A talk or a break in a workshop. {@code start}/{@code end} are "HH:MM" (24 h) or null when the
 * source gave no usable time (the raw text then stays in {@code extra}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Talk(String id, String title, List<Person> authors, String start, String end,
                   @JsonProperty("abstract") String abstractText, String youtube, Kind kind,
                   Status status, Map<String, Object> extra) {

  public enum Kind {
    @JsonProperty("talk") TALK,
    @JsonProperty("break") BREAK
  }

  public enum Status {
    @JsonProperty("scheduled") SCHEDULED,
    @JsonProperty("cancelled") CANCELLED
  }

  public Talk {
    authors = authors == null ? List.of() : List.copyOf(authors);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    start = start == null || start.isEmpty() ? null : start; // "" clears a time
    end = end == null || end.isEmpty() ? null : end;
    kind = kind == null ? Kind.TALK : kind;
    status = status == null ? Status.SCHEDULED : status;
  }

  public Talk withId(String newId) {
    return new Talk(newId, title, authors, start, end, abstractText, youtube, kind, status, extra);
  }

  public Talk withTimes(String newStart, String newEnd) {
    return new Talk(id, title, authors, newStart, newEnd, abstractText, youtube, kind, status, extra);
  }

  @JsonIgnore
  public boolean isTimed() {
    return start != null && end != null;
  }
}
