package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

import java.util.List;

/**
 * What an event says happened. Each carries what {@link Decider#evolve} needs to replay it and,
 * for changes, the previous values (for conflict display, changelogs and reverts).
 */
public sealed interface EventData {

  /** The event name: the past tense of the command ({@code talk.moved}). */
  default String type() {
    return TypeNames.EVENTS.nameOf(getClass());
  }

  @JsonTypeName("workshop.created")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WorkshopCreated(Workshop workshop) implements EventData {
  }

  @JsonTypeName("workshop.imported")
  /**
   * {@code workshop}: the state the page made (the whole of it, so that every reader can apply it
   * as it is); {@code reimport}: for a newer version of a page already held, what it changed
   * (with the previous values, for rebase, revert and changelog) and the conflicts it kept the
   * live value for; {@code warnings}: what reading the page noticed and settled.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record WorkshopImported(Workshop workshop, Reimport.Diff reimport, List<Warning> warnings)
      implements EventData {
  }

  @JsonTypeName("workshop.updated")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WorkshopUpdated(WorkshopPatch set, WorkshopPatch previous) implements EventData {
  }

  @JsonTypeName("workshop.deleted")
  record WorkshopDeleted() implements EventData {
  }

  @JsonTypeName("organizer.added")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerAdded(Person organizer) implements EventData {
  }

  @JsonTypeName("organizer.updated")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerUpdated(String organizerId, PersonPatch set, PersonPatch previous)
      implements EventData {
  }

  @JsonTypeName("organizer.removed")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerRemoved(String organizerId, Person organizer) implements EventData {
  }

  @JsonTypeName("talk.added")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkAdded(Talk talk) implements EventData {
  }

  @JsonTypeName("talk.updated")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkUpdated(String talkId, TalkPatch set, TalkPatch previous) implements EventData {
  }

  @JsonTypeName("talk.moved")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkMoved(String talkId, String start, String end, String previousStart,
                   String previousEnd) implements EventData {
  }

  @JsonTypeName("talk.removed")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkRemoved(String talkId, Talk talk) implements EventData {
  }

  /** {@code talkIds}: the talks that moved, so that a replay moves exactly those. */
  @JsonTypeName("schedule.shifted")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ScheduleShifted(String from, int minutes, List<String> talkIds) implements EventData {
  }

  /**
   * {@code inverse}: what the revert of event {@code seq} did, written with its own {@code type}
   * (for instance {@code {"type": "talk.moved", "talkId": ..., "start": ...}}).
   */
  @JsonTypeName("change.reverted")
  record ChangeReverted(long seq,
                        @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
                        @JsonTypeIdResolver(EventTypeIds.class) EventData inverse)
      implements EventData {
  }

  /** The event data class of an event type ("talk.moved"). */
  static Class<? extends EventData> classOf(String type) {
    return TypeNames.EVENTS.classOf(type).orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
  }
}
