package dev.lineup.schedule;

/**
 * Reads a page of text (a Jekyll page) into a workshop, for {@code workshop.import}. Pure; throws
 * a {@link Rejection} naming the field when the page cannot be read.
 */
@FunctionalInterface
public interface PageReader {

  Workshop read(String workshopId, String page, String date);
}
