package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request to change one workshop. {@code commandId} makes retries idempotent;
 * {@code expectedVersion} is the version the sender saw (field-level rebase when stale).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Command.CreateWorkshop.class, name = "workshop.create"),
    @JsonSubTypes.Type(value = Command.UpdateWorkshop.class, name = "workshop.update"),
    @JsonSubTypes.Type(value = Command.DeleteWorkshop.class, name = "workshop.delete"),
    @JsonSubTypes.Type(value = Command.ImportWorkshop.class, name = "workshop.import"),
    @JsonSubTypes.Type(value = Command.AddOrganizer.class, name = "organizer.add"),
    @JsonSubTypes.Type(value = Command.UpdateOrganizer.class, name = "organizer.update"),
    @JsonSubTypes.Type(value = Command.RemoveOrganizer.class, name = "organizer.remove"),
    @JsonSubTypes.Type(value = Command.AddTalk.class, name = "talk.add"),
    @JsonSubTypes.Type(value = Command.UpdateTalk.class, name = "talk.update"),
    @JsonSubTypes.Type(value = Command.MoveTalk.class, name = "talk.move"),
    @JsonSubTypes.Type(value = Command.RemoveTalk.class, name = "talk.remove"),
    @JsonSubTypes.Type(value = Command.ShiftSchedule.class, name = "schedule.shift"),
    @JsonSubTypes.Type(value = Command.RevertChange.class, name = "change.revert"),
})
public sealed interface Command {

  String commandId();

  Long expectedVersion();

  /**
   * Creates a workshop from JSON fields; {@code workshop} is a whole workshop (talks and
   * organizers included, their ids assigned by the server).
   */
  record CreateWorkshop(String commandId, Long expectedVersion, Workshop workshop)
      implements Command {
  }

  record UpdateWorkshop(String commandId, Long expectedVersion, WorkshopPatch set)
      implements Command {
  }

  record DeleteWorkshop(String commandId, Long expectedVersion) implements Command {
  }

  /**
   * Creates the workshop from a Jekyll page (its text), or re-imports a newer version of its page
   * (a three-way merge that keeps talk ids and changes made in Lineup since); {@code date}
   * ("YYYY-MM-DD") when the page itself does not say; {@code category}: the meeting a page that
   * names none joins; {@code path}: where the page lives in its Jekyll site ("_posts/…md").
   */
  record ImportWorkshop(String commandId, Long expectedVersion, String page, String date,
                        String category, String path) implements Command {
  }

  record AddOrganizer(String commandId, Long expectedVersion, PersonPatch organizer)
      implements Command {
  }

  record UpdateOrganizer(String commandId, Long expectedVersion, String organizerId,
                         PersonPatch set) implements Command {
  }

  record RemoveOrganizer(String commandId, Long expectedVersion, String organizerId)
      implements Command {
  }

  record AddTalk(String commandId, Long expectedVersion, TalkPatch talk) implements Command {
  }

  record UpdateTalk(String commandId, Long expectedVersion, String talkId, TalkPatch set)
      implements Command {
  }

  record MoveTalk(String commandId, Long expectedVersion, String talkId, String start, String end)
      implements Command {
  }

  record RemoveTalk(String commandId, Long expectedVersion, String talkId) implements Command {
  }

  record ShiftSchedule(String commandId, Long expectedVersion, String from, Integer minutes)
      implements Command {
  }

  /** Undoes the change that event {@code seq} made, by appending its inverse; the log stays. */
  record RevertChange(String commandId, Long expectedVersion, Long seq) implements Command {
  }
}
