package dev.lineup.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a recorded Lineup spent its CPU: {@code java -cp ... dev.lineup.bench.JfrTop FILE.jfr [N [SKIP_S]]}
 * prints the N most sampled top frames, the most sampled first frames of Lineup's own code (what
 * in Lineup led there) and of selected libraries, and samples by thread, from
 * {@code jdk.ExecutionSample} events (the same as {@code jfr print --events jdk.ExecutionSample}, summed),
 * leaving out the first SKIP_S seconds of the recording (the start-up); also Lineup's methods by
 * the share of samples with them anywhere on the stack (inclusive).
 */
public final class JfrTop {

  private JfrTop() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    long skipSeconds = args.length > 2 ? Long.parseLong(args[2]) : 0;
    java.time.Instant from = null;
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> lineup = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
      if (from == null) from = e.getStartTime().plusSeconds(skipSeconds);
      if (e.getStartTime().isBefore(from)) continue;
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) continue;
      total++;
      List<RecordedFrame> frames = stack.getFrames();
      top.merge(name(frames.get(0)), 1, Integer::sum);
      packages.merge(pkg(frames.get(0)), 1, Integer::sum);
      boolean first = true;
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (RecordedFrame f : frames) {
        if (f.getMethod().getType().getName().startsWith("dev.lineup")) {
          if (first) lineup.merge(name(f), 1, Integer::sum);
          first = false;
          if (seen.add(name(f))) inclusive.merge(name(f), 1, Integer::sum);
        }
      }
      var thread = e.getThread("sampledThread");
      String t = thread == null ? "?" : thread.getJavaName();
      threads.merge(t == null ? "?" : t.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
    }
    System.out.println(total + " execution samples in " + args[0]);
    print("top frames", top, total, n);
    print("top frame by package", packages, total, n);
    print("first Lineup frame on the stack", lineup, total, n);
    print("Lineup methods on the stack (inclusive)", inclusive, total, n);
    print("threads", threads, total, n);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String pkg(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    String[] parts = type.split("\\.");
    return parts.length <= 3 ? type : String.join(".", parts[0], parts[1], parts[2]);
  }

  private static void print(String title, Map<String, Integer> counts, int total, int n) {
    System.out.println("\n" + title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
        .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }
}
