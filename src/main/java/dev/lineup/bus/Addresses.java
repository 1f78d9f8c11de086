package dev.lineup.bus;

import dev.lineup.schedule.Workshop;

/**
 * Every event-bus address and notice type Lineup uses, in one place (DESIGN.md's table).
 * {@code webroot/js/addresses.js} is the pages' copy; {@code AddressesAgreeTest} checks that the
 * two agree.
 */
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

  /** Node to node only, never bridged: each node's presence entries for the others. */
  public static final String PRESENCE_SYNC = "lineup.live.presence-sync";

  /** Workshop ids are slugs; addresses carry them verbatim. */
  public static final String WORKSHOP_ID_PATTERN = Workshop.ID_PATTERN;

  /**
   * The types of notices: bodies with a {@code type} and no {@code seq}, on a workshop's (or a
   * presence) address, which event handlers tell apart from events.
   */
  public static final class Notice {

    /** The socket fell behind and missed events after {@code after}: catch up. */
    public static final String LAGGING = "lineup.lagging";
    /** The store is unreachable: changes are refused until it is back. */
    public static final String CHANGES_PAUSED = "lineup.changes-paused";
    public static final String CHANGES_RESUMED = "lineup.changes-resumed";
    /** A registration is in effect (also across the cluster): catch up now, nothing later is missed. */
    public static final String REGISTERED = "lineup.registered";
    /**
     * The server closes this socket now ({@code reason}: idle, lagging, too_large; {@code after}:
     * the last seq written on this address, if any): reconnect at once, then catch up.
     */
    public static final String CLOSING = "lineup.closing";

    private Notice() {
    }
  }

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

  /** The workshop id of a workshop or presence address, or null for any other address. */
  public static String workshopOf(String address) {
    if (address.startsWith(WORKSHOP_PREFIX)) return address.substring(WORKSHOP_PREFIX.length());
    if (address.startsWith(PRESENCE_PREFIX)) return address.substring(PRESENCE_PREFIX.length());
    return null;
  }
}
