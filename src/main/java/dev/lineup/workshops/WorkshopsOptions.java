package dev.lineup.workshops;

/**
 * @param tailSize      events kept in memory per workshop to serve catch-up without the store
 * @param commandMemory recent commandIds remembered per workshop (older retries ask the store)
 * @param historyEvery  a snapshot of every this many versions is kept for time travel
 */
public record WorkshopsOptions(int tailSize, int commandMemory, int historyEvery) {

  public WorkshopsOptions {
    if (historyEvery < 1) throw new IllegalArgumentException("historyEvery must be at least 1");
  }

  public static WorkshopsOptions defaults() {
    return new WorkshopsOptions(2_000, 10_000, 100);
  }

  public WorkshopsOptions withHistoryEvery(int versions) {
    return new WorkshopsOptions(tailSize, commandMemory, versions);
  }
}
