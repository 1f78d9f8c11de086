package dev.lineup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run: one row per metric, Lineup against its baseline of the same run. */
final class Report {

  /**
   * @param lineup   median over repeats (NaN when not measured)
   * @param baseline median over repeats of the baseline, NaN when there is none
   * @param goal     the goal as text, e.g. "≤ 149 ms"
   * @param met      whether the goal is met, null when there is no goal
   * @param repeats  the per-repeat Lineup figures, for the spread
   * @param ratio    the median of the per-repeat ratios Lineup / baseline (each pair measured back
   *                 to back), NaN without a baseline
   */
  record Row(String scenario, String metric, String unit, double lineup, double baseline, String baselineName,
             String goal, Boolean met, List<Double> repeats, double ratio) {
  }

  /** The median of Lineup / baseline per repeat; the ratio of the medians when the repeats do not pair. */
  static double ratio(List<Double> lineup, List<Double> baseline) {
    if (baseline == null || baseline.isEmpty()) return Double.NaN;
    if (lineup.size() != baseline.size()) return Samples.median(lineup) / Samples.median(baseline);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < lineup.size(); i++) {
      if (baseline.get(i) != 0) ratios.add(lineup.get(i) / baseline.get(i));
    }
    return Samples.median(ratios);
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
    System.out.println(line(row));
    System.out.flush();
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) return "–";
    if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%,.0f", v);
    if (Math.abs(v) >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String line(Row r) {
    String ratio = Double.isNaN(r.ratio()) || Double.isInfinite(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.2f", r.ratio());
    String met = r.met() == null ? "" : r.met() ? "yes" : "**no**";
    List<String> reps = r.repeats().stream().map(Report::fmt).toList();
    return "| " + r.scenario() + " | " + r.metric() + " | " + fmt(r.lineup()) + " " + r.unit() + " | "
        + (Double.isNaN(r.baseline()) ? "–" : fmt(r.baseline()) + " " + r.unit() + " (" + r.baselineName() + ")")
        + " | " + ratio + " | " + (r.goal() == null ? "" : r.goal()) + " | " + met + " | " + String.join(", ", reps) + " |";
  }

  static String header() {
    return "| scenario | metric | Lineup (median) | baseline, same run (median) | ratio (median per repeat) | goal | met | Lineup per repeat |\n"
        + "|---|---|---|---|---|---|---|---|";
  }

  synchronized String markdown() {
    StringBuilder sb = new StringBuilder(header()).append('\n');
    for (Row r : rows) sb.append(line(r)).append('\n');
    if (!notes.isEmpty()) {
      sb.append('\n');
      for (String n : notes) sb.append("- ").append(n).append('\n');
    }
    return sb.toString();
  }

  void write(Path file, String preamble) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, preamble + "\n" + markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
