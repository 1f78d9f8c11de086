package dev.lineup.schedule;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a page of text (a Jekyll page) into a workshop, for {@code workshop.import}. Pure; throws
 * a {@link Rejection} naming the field when the page cannot be read. What reading noticed and
 * settled (a duplicate key, a time read as 13:00) comes back as the workshop's warnings.
 */
public interface PageReader {

  Workshop read(String workshopId, String page, String date);

  /** The page of an import command (which may name the meeting and the page's place in its site). */
  default Workshop read(String workshopId, Command.ImportWorkshop command) {
    return read(workshopId, command.page(), command.date());
  }

  /**
   * The page as last imported into {@code w}, read again, its talks and organizers carrying the
   * ids they were given then: the base of a re-import. Empty when {@code w} keeps no page.
   */
  default Optional<Workshop> lastImported(Workshop w) {
    return Optional.empty();
  }

  /**
   * {@code w} as an import leaves it: remembering the ids its page's talks and organizers (in page
   * order) now have, and which of its values the page did not give (a default time zone).
   */
  default Workshop asImported(Workshop w, List<String> talkIds, List<String> organizerIds) {
    return w;
  }

  /**
   * Keys of a workshop's, talk's or person's {@code extra} that belong to the reader (how the page
   * was spelt): a re-import takes them from the new page, they never conflict.
   */
  default Set<String> ownKeys() {
    return Set.of();
  }
}
