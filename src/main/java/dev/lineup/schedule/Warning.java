package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A problem in a schedule that never blocks a change; recomputed after every change. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Warning(String code, String message, List<String> talkIds) {

  public static final String OVERLAP = "overlap";
  public static final String SPEAKER_CLASH = "speaker-clash";
  public static final String UNTIMED = "untimed";
  /** A start and no end: exported until the next talk (or for the default duration). */
  public static final String NO_END = "no-end";

  public Warning {
    talkIds = talkIds == null ? List.of() : List.copyOf(talkIds);
  }
}
