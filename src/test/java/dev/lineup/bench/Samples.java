package dev.lineup.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples in nanoseconds (or any longs); exact percentiles by sorting. */
final class Samples {

  private long[] values = new long[1024];
  private int size;

  synchronized void add(long value) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = value;
  }

  synchronized int size() {
    return size;
  }

  /** Nearest-rank percentile, p in [0, 100]; NaN when empty. */
  synchronized double percentile(double p) {
    if (size == 0) return Double.NaN;
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  synchronized double max() {
    if (size == 0) return Double.NaN;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) max = Math.max(max, values[i]);
    return max;
  }

  static double ms(double nanos) {
    return nanos / 1_000_000.0;
  }

  /** The median of per-repeat figures (NaN entries ignored). */
  static double median(List<Double> figures) {
    double[] v = figures.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
