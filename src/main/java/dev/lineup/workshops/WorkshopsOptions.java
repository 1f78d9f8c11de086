package dev.lineup.workshops;

/**
 * @param tailSize         events kept in memory per workshop to serve catch-up without the store
 * @param commandMemory    recent commandIds remembered per workshop (older retries ask the store)
 * @param historyEvery     a snapshot of every this many versions is kept for time travel
 * @param maxEventBytes    the largest event (as JSON) a command may append
 * @param maxSnapshotBytes the largest state (as JSON) a command may leave a workshop in
 */
public record WorkshopsOptions(int tailSize, int commandMemory, int historyEvery, long maxEventBytes,
                               long maxSnapshotBytes) {

  public WorkshopsOptions {
    if (historyEvery < 1) throw new IllegalArgumentException("historyEvery must be at least 1");
    if (maxEventBytes < 1024 || maxSnapshotBytes < 1024) {
      throw new IllegalArgumentException("size bounds below 1 KB leave no room for a workshop");
    }
  }

  public static WorkshopsOptions defaults() {
    return new WorkshopsOptions(2_000, 10_000, 100, 2L << 20, 8L << 20);
  }

  public WorkshopsOptions withHistoryEvery(int versions) {
    return new WorkshopsOptions(tailSize, commandMemory, versions, maxEventBytes, maxSnapshotBytes);
  }

  public WorkshopsOptions withTailSize(int events) {
    return new WorkshopsOptions(events, commandMemory, historyEvery, maxEventBytes, maxSnapshotBytes);
  }

  public WorkshopsOptions withSizeBounds(long eventBytes, long snapshotBytes) {
    return new WorkshopsOptions(tailSize, commandMemory, historyEvery, eventBytes, snapshotBytes);
  }
}
