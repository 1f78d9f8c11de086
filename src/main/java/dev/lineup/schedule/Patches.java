package dev.lineup.schedule;

/** What the patch records share: null means "not set", and "" stands for "had no value". */
final class Patches {

  private Patches() {
  }

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** A previous value as a patch records it: "" for none, so that setting it back clears it. */
  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
