package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Warning;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading a page noticed and settled without refusing it: a duplicate key (the last one
 * wins, as in Jekyll), a time read in a way the page did not spell out, one kept as written.
 */
final class Notes {

  static final String DUPLICATE_KEY = "page-duplicate-key";
  static final String TIME_READ = "page-time-read";
  static final String TIME_AS_WRITTEN = "page-time-as-written";
  /** Bounded like every warning list: a page of ten thousand odd times says so once. */
  private static final int MAX = 200;

  private static final Notes DISCARD = new Notes(false);

  private final List<Warning> list = new ArrayList<>();
  private final boolean keep;
  private int dropped;

  Notes() {
    this(true);
  }

  private Notes(boolean keep) {
    this.keep = keep;
  }

  void add(String code, String message) {
    if (!keep) return;
    if (list.size() < MAX) {
      list.add(new Warning(code, message, List.of()));
    } else {
      dropped++;
    }
  }

  List<Warning> list() {
    if (dropped == 0) return List.copyOf(list);
    List<Warning> out = new ArrayList<>(list);
    out.add(new Warning("page-notes-truncated", dropped + " more notes about this page", List.of()));
    return out;
  }

  /** A sink for readings whose notes nobody needs (comparing a value with its source). */
  static Notes discard() {
    return DISCARD;
  }
}
