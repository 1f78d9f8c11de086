package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A request to change one workshop. {@code commandId} makes retries idempotent;
 * {@code expectedVersion} is the version the sender saw (field-level rebase when stale).
 */
// Each record names its type once (@JsonTypeName); Json registers them all with the mapper.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface Command {

  String commandId();

  Long expectedVersion();

  /**
   * Creates a workshop from JSON fields; {@code workshop} is a whole workshop (talks and
   * organizers included, their ids assigned by the server).
   */
  @JsonTypeName("workshop.create")
  record CreateWorkshop(String commandId, Long expectedVersion, Workshop workshop)
      implements Command {
  }

  @JsonTypeName("workshop.update")
  record UpdateWorkshop(String commandId, Long expectedVersion, WorkshopPatch set)
      implements Command {
  }

  @JsonTypeName("workshop.delete")
  record DeleteWorkshop(String commandId, Long expectedVersion) implements Command {
  }

  /**
   * Creates the workshop from a Jekyll page (its text), or re-imports a newer version of its page
   * (a three-way merge that keeps talk ids and changes made in Lineup since); {@code date}
   * ("YYYY-MM-DD") when the page itself does not say; {@code category}: the meeting a page that
   * names none joins; {@code path}: where the page lives in its Jekyll site ("_posts/…md").
   */
  @JsonTypeName("workshop.import")
  record ImportWorkshop(String commandId, Long expectedVersion, String page, String date,
                        String category, String path) implements Command {
  }

  @JsonTypeName("organizer.add")
  record AddOrganizer(String commandId, Long expectedVersion, PersonPatch organizer)
      implements Command {
  }

  @JsonTypeName("organizer.update")
  record UpdateOrganizer(String commandId, Long expectedVersion, String organizerId,
                         PersonPatch set) implements Command {
  }

  @JsonTypeName("organizer.remove")
  record RemoveOrganizer(String commandId, Long expectedVersion, String organizerId)
      implements Command {
  }

  @JsonTypeName("talk.add")
  record AddTalk(String commandId, Long expectedVersion, TalkPatch talk) implements Command {
  }

  @JsonTypeName("talk.update")
  record UpdateTalk(String commandId, Long expectedVersion, String talkId, TalkPatch set)
      implements Command {
  }

  @JsonTypeName("talk.move")
  record MoveTalk(String commandId, Long expectedVersion, String talkId, String start, String end)
      implements Command {
  }

  @JsonTypeName("talk.remove")
  record RemoveTalk(String commandId, Long expectedVersion, String talkId) implements Command {
  }

  @JsonTypeName("schedule.shift")
  record ShiftSchedule(String commandId, Long expectedVersion, String from, Integer minutes)
      implements Command {
  }

  /** Undoes the change that event {@code seq} made, by appending its inverse; the log stays. */
  @JsonTypeName("change.revert")
  record RevertChange(String commandId, Long expectedVersion, Long seq) implements Command {
  }
}
