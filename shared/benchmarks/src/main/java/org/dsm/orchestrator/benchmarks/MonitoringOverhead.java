package org.dsm.orchestrator.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Monitoring's cost on a warm in-process orchestration, paired finely enough for a shared machine:
 * one JVM holds both cores ({@link BenchCore.Monitor#ON} and {@code OFF}), warms both, then
 * alternates blocks of orchestrations (ON, OFF, OFF, ON, ...), so a change in the machine's load
 * hits both alike. Per block: wall time and the benchmark thread's CPU time (what it ran, not what
 * it waited for another process), and the collectors' time while the block ran. Prints the medians
 * per mode and the median of the per-pair ratios. Not JMH: JMH runs one setting after the other,
 * minutes apart, and under load those differ by more than the figure sought.
 *
 * <p>Run: {@code java -cp shared/benchmarks/target/benchmarks.jar
 * org.dsm.orchestrator.benchmarks.MonitoringOverhead [seconds=40] [blockOps=2000]}
 */
public final class MonitoringOverhead {
  private MonitoringOverhead() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int blockOps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    List<BenchCore.Monitor> extra = new ArrayList<>();
    if (args.length > 2) {
      for (String name : args[2].split(",")) {
        extra.add(BenchCore.Monitor.valueOf(name));
      }
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
    List<BenchCore.Monitor> modes =
        new ArrayList<>(List.of(BenchCore.Monitor.ON, BenchCore.Monitor.OFF));
    modes.addAll(extra);
    List<BenchCore> cores = new ArrayList<>();
    try {
      for (BenchCore.Monitor mode : modes) {
        cores.add(new BenchCore(mode));
      }
      long warmEnd = System.nanoTime() + Math.max(5, seconds / 4) * 1_000_000_000L;
      while (System.nanoTime() < warmEnd) {
        for (BenchCore core : cores) {
          block(core, blockOps);
        }
      }
      // per mode, per round: {wall, cpu, gc} µs per op
      List<List<double[]>> figures = new ArrayList<>();
      cores.forEach(c -> figures.add(new ArrayList<>()));
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      for (int round = 0; System.nanoTime() < end; round++) {
        for (int k = 0; k < cores.size(); k++) {
          int m = round % 2 == 0 ? k : cores.size() - 1 - k; // ABBA: drift hits every mode alike
          long gc0 = gcMillis(gcs);
          long cpu0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          block(cores.get(m), blockOps);
          long wall = System.nanoTime() - t0;
          long cpu = threads.getCurrentThreadCpuTime() - cpu0;
          long gc = gcMillis(gcs) - gc0;
          figures
              .get(m)
              .add(new double[] {wall / 1e3 / blockOps, cpu / 1e3 / blockOps, gc * 1e3 / blockOps});
        }
      }
      List<double[]> off = figures.get(1);
      System.out.printf(
          Locale.ROOT, "monitoring-overhead rounds=%d ops/block=%d%n", off.size(), blockOps);
      for (int m = 0; m < modes.size(); m++) {
        List<double[]> mine = figures.get(m);
        int n = Math.min(mine.size(), off.size());
        double[] wallRatio = new double[n];
        double[] cpuRatio = new double[n];
        for (int i = 0; i < n; i++) {
          wallRatio[i] = mine.get(i)[0] / off.get(i)[0];
          cpuRatio[i] = mine.get(i)[1] / off.get(i)[1];
        }
        System.out.printf(
            Locale.ROOT,
            "%-11s wall %.2f us/op  cpu %.2f us/op  gc %.2f us/op  vs OFF (median of rounds): wall %.3f"
                + " (p25 %.3f, p75 %.3f)  cpu %.3f (p25 %.3f, p75 %.3f)%n",
            modes.get(m),
            median(mine, 0),
            median(mine, 1),
            mean(mine, 2),
            quantile(wallRatio, 0.5),
            quantile(wallRatio, 0.25),
            quantile(wallRatio, 0.75),
            quantile(cpuRatio, 0.5),
            quantile(cpuRatio, 0.25),
            quantile(cpuRatio, 0.75));
      }
    } finally {
      cores.forEach(BenchCore::close);
    }
  }

  private static void block(BenchCore core, int ops) {
    for (int i = 0; i < ops; i++) {
      if (core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context()) == null) {
        throw new IllegalStateException("no response");
      }
    }
  }

  private static long gcMillis(List<GarbageCollectorMXBean> gcs) {
    long total = 0;
    for (GarbageCollectorMXBean gc : gcs) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double median(List<double[]> blocks, int column) {
    return quantile(blocks.stream().mapToDouble(b -> b[column]).toArray(), 0.5);
  }

  private static double mean(List<double[]> blocks, int column) {
    return blocks.stream().mapToDouble(b -> b[column]).average().orElse(0);
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted.length == 0
        ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
  }
}
