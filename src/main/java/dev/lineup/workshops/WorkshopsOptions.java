package dev.lineup.workshops;

/**
 * @param tailSize      events kept in memory per workshop to serve catch-up without the store
 * @param commandMemory recent commandIds remembered per workshop (older retries ask the store)
 */
public record WorkshopsOptions(int tailSize, int commandMemory) {

  public static WorkshopsOptions defaults() {
    return new WorkshopsOptions(2_000, 10_000);
  }
}
