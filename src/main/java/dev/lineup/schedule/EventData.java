package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

import java.util.List;

/**
 * What an event says happened. Each carries what {@link Decider#evolve} needs to replay it and,
 * for changes, the previous values (for conflict display, changelogs and reverts).
 */
public sealed interface EventData {

  /** The event name: the past tense of the command ({@code talk.moved}). */
  String type();

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WorkshopCreated(Workshop workshop) implements EventData {
    public String type() {
      return "workshop.created";
    }
  }

  /**
   * {@code workshop}: the state the page made (the whole of it, so that every reader can apply it
   * as it is); {@code reimport}: for a newer version of a page already held, what it changed
   * (with the previous values, for rebase, revert and changelog) and the conflicts it kept the
   * live value for; {@code warnings}: what reading the page noticed and settled.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record WorkshopImported(Workshop workshop, Reimport.Diff reimport, List<Warning> warnings)
      implements EventData {
    public String type() {
      return "workshop.imported";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WorkshopUpdated(WorkshopPatch set, WorkshopPatch previous) implements EventData {
    public String type() {
      return "workshop.updated";
    }
  }

  record WorkshopDeleted() implements EventData {
    public String type() {
      return "workshop.deleted";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerAdded(Person organizer) implements EventData {
    public String type() {
      return "organizer.added";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerUpdated(String organizerId, PersonPatch set, PersonPatch previous)
      implements EventData {
    public String type() {
      return "organizer.updated";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrganizerRemoved(String organizerId, Person organizer) implements EventData {
    public String type() {
      return "organizer.removed";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkAdded(Talk talk) implements EventData {
    public String type() {
      return "talk.added";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkUpdated(String talkId, TalkPatch set, TalkPatch previous) implements EventData {
    public String type() {
      return "talk.updated";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkMoved(String talkId, String start, String end, String previousStart,
                   String previousEnd) implements EventData {
    public String type() {
      return "talk.moved";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TalkRemoved(String talkId, Talk talk) implements EventData {
    public String type() {
      return "talk.removed";
    }
  }

  /** {@code talkIds}: the talks that moved, so that a replay moves exactly those. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ScheduleShifted(String from, int minutes, List<String> talkIds) implements EventData {
    public String type() {
      return "schedule.shifted";
    }
  }

  /**
   * {@code inverse}: what the revert of event {@code seq} did, written with its own {@code type}
   * (for instance {@code {"type": "talk.moved", "talkId": ..., "start": ...}}).
   */
  record ChangeReverted(long seq,
                        @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
                        @JsonTypeIdResolver(EventTypeIds.class) EventData inverse)
      implements EventData {
    public String type() {
      return "change.reverted";
    }
  }

  static Class<? extends EventData> classOf(String type) {
    return switch (type) {
      case "workshop.created" -> WorkshopCreated.class;
      case "workshop.imported" -> WorkshopImported.class;
      case "workshop.updated" -> WorkshopUpdated.class;
      case "workshop.deleted" -> WorkshopDeleted.class;
      case "organizer.added" -> OrganizerAdded.class;
      case "organizer.updated" -> OrganizerUpdated.class;
      case "organizer.removed" -> OrganizerRemoved.class;
      case "talk.added" -> TalkAdded.class;
      case "talk.updated" -> TalkUpdated.class;
      case "talk.moved" -> TalkMoved.class;
      case "talk.removed" -> TalkRemoved.class;
      case "schedule.shifted" -> ScheduleShifted.class;
      case "change.reverted" -> ChangeReverted.class;
      default -> throw new IllegalArgumentException("unknown event type " + type);
    };
  }
}
