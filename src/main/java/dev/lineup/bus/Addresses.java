package dev.lineup.bus;

import dev.lineup.schedule.Workshop;

/** Every event-bus address Lineup uses, in one place (DESIGN.md's table). */
public final class Addresses {

  /** Commands, request/reply; the body names its {@code workshop}. */
  public static final String COMMANDS = "lineup.commands";

  /**
   * Server to server only (never bridged, not in webroot/js/addresses.js): the subject (a username
   * or {@code service:<name>}) whose user or service account just changed, so that every node
   * drops what it remembered about its tokens.
   */
  public static final String AUTH_SUBJECT_CHANGED = "lineup.auth.subject-changed";

  private static final String WORKSHOP_PREFIX = "lineup.workshop.";
  private static final String PRESENCE_PREFIX = "lineup.presence.";

  /** Workshop ids are slugs; addresses carry them verbatim. */
  public static final String WORKSHOP_ID_PATTERN = Workshop.ID_PATTERN;

  private Addresses() {
  }

  /** Every event of one workshop, in seq order per publisher. */
  public static String workshop(String workshopId) {
    return WORKSHOP_PREFIX + workshopId;
  }

  /** Who is online in a workshop and what they are editing. */
  public static String presence(String workshopId) {
    return PRESENCE_PREFIX + workshopId;
  }

  public static String workshopRegex() {
    return "lineup\\.workshop\\." + WORKSHOP_ID_PATTERN;
  }

  public static String presenceRegex() {
    return "lineup\\.presence\\." + WORKSHOP_ID_PATTERN;
  }
}
