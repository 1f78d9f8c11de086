package dev.lineup.bench;

import dev.lineup.support.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 6: heap per idle connection. The server runs as a child JVM; idle clients connect and
 * register on one workshop (as a venue screen does); after a full GC ({@code jcmd GC.run}) the
 * used heap is read ({@code jcmd GC.heap_info}) at FROM and at TO connections: per connection =
 * difference / (TO − FROM). Each level is read three times (median). The stock bridge, measured
 * the same way, is the baseline.
 */
final class Memory {

  private static final Logger LOG = LoggerFactory.getLogger(Memory.class);

  private final Bench bench;

  Memory(Bench bench) {
    this.bench = bench;
  }

  void run() {
    int from = bench.intOpt("memory-from");
    int to = bench.intOpt("memory-to");
    double lineup;
    double stock;
    double lineupIdle;
    double stockIdle;
    try (Child child = bench.lineup("memory")) {
      new LineupApi(bench.vertx, child.port).create("mem", 12);
      double[] m = measure("lineup", child, from, to);
      lineupIdle = m[0];
      lineup = m[1];
    }
    try (Child child = bench.baseline("stock-bridge-memory", "bridge")) {
      double[] m = measure("stock bridge", child, from, to);
      stockIdle = m[0];
      stock = m[1];
    }
    String s = "6 memory: idle connections " + from + " → " + to;
    bench.row(s, "heap per idle connection", "KB", List.of(lineup), List.of(stock), "stock bridge", "≤ 20 KB", v -> v <= 20);
    bench.row(s, "used heap at 0 connections (after GC)", "MB", List.of(lineupIdle), List.of(stockIdle), "stock bridge", null, null);
  }

  /** [used heap at 0 in MB, KB per connection between from and to]. */
  private double[] measure(String name, Child child, int from, int to) {
    Swarm swarm = new Swarm(bench.vertx);
    try {
      double idle = heap(child);
      Await.result(swarm.connect(from, child.port, "lineup.workshop.mem", 100), Duration.ofSeconds(300));
      Child.sleep(2_000);
      double atFrom = heap(child);
      Await.result(swarm.connect(to - from, child.port, "lineup.workshop.mem", 100), Duration.ofSeconds(600));
      Child.sleep(2_000);
      double atTo = heap(child);
      long open = swarm.members.stream().filter(m -> !m.closed).count();
      double perConnection = (atTo - atFrom) / (to - from) / 1024;
      LOG.info("{}: used heap {} MB idle, {} MB at {}, {} MB at {} ({} open): {} KB per connection", name,
          Report.fmt(idle / 1048576), Report.fmt(atFrom / 1048576), from, Report.fmt(atTo / 1048576), to, open,
          Report.fmt(perConnection));
      if (open < to) LOG.warn("{}: only {} of {} connections open", name, open, to);
      return new double[] {idle / 1048576, perConnection};
    } finally {
      swarm.close();
    }
  }

  private static double heap(Child child) {
    List<Double> reads = new ArrayList<>();
    for (int i = 0; i < 3; i++) reads.add((double) child.heapUsedAfterGc());
    return Samples.median(reads);
  }
}
