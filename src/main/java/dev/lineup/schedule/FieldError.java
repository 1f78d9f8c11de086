package dev.lineup.schedule;

/** One invalid field of a request: {@code path} as a JSON pointer-ish dotted path. */
public record FieldError(String path, String message) {
}
