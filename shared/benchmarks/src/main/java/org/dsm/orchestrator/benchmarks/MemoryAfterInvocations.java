package org.dsm.orchestrator.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.MonitorFootprint;

/**
 * Not JMH: runs N monitored invocations in one JVM and prints, at 10k, 100k and 1M (and every
 * further power of ten), the heap in use after a full GC, the monitor's footprint and the process
 * RSS. The monitor's footprint must not grow with the count. Modes: {@code orchestrate} (full
 * dry-run orchestrations, monitoring ON, synchronous records into the in-memory store, which keeps
 * a bounded ring of 20,000) or {@code monitor} (six timed operations per invocation, nothing else).
 * Run: {@code java -Xmx256m -cp shared/benchmarks/target/benchmarks.jar
 * org.dsm.orchestrator.benchmarks.MemoryAfterInvocations orchestrate 1000000}.
 */
public final class MemoryAfterInvocations {
  private MemoryAfterInvocations() {}

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "orchestrate";
    long count = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    if (!mode.equals("orchestrate") && !mode.equals("monitor")) {
      throw new IllegalArgumentException("mode must be orchestrate or monitor, got " + mode);
    }
    try (BenchCore core = new BenchCore(BenchCore.Monitor.ON)) {
      System.out.printf(
          Locale.ROOT,
          "mode=%s count=%d jvm=%s maxHeapMb=%.0f%n",
          mode,
          count,
          System.getProperty("java.vm.version"),
          Runtime.getRuntime().maxMemory() / 1048576.0);
      System.out.printf(
          Locale.ROOT,
          "%12s %10s %16s %16s %10s %17s %16s %12s%n",
          "invocations",
          "elapsed_s",
          "heap_after_gc_mb",
          "monitor_bytes",
          "rss_mb",
          "heap_committed_mb",
          "non_heap_used_mb",
          "us_per_inv");
      report(0, 0, core);
      long next = 10_000;
      long started = System.nanoTime();
      long lastCheckpoint = started;
      long lastCount = 0;
      for (long i = 1; i <= count; i++) {
        if (mode.equals("orchestrate")) {
          core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context());
        } else {
          Invocation invocation = core.monitor.startInvocation();
          for (String op : MonitoringPartsBenchmark.SIX) {
            invocation.time(op).close();
          }
        }
        if (i == next || i == count) {
          long now = System.nanoTime();
          double usPer = (now - lastCheckpoint) / 1000.0 / (i - lastCount);
          System.out.printf(Locale.ROOT, "%12d %10.1f ", i, (now - started) / 1e9);
          report(i, usPer, core);
          lastCheckpoint = System.nanoTime();
          lastCount = i;
          if (i == next) {
            next *= 10;
          }
        }
      }
    }
  }

  private static void report(long invocations, double usPerInvocation, BenchCore core)
      throws IOException {
    System.gc();
    System.gc();
    var memory = ManagementFactory.getMemoryMXBean();
    var heap = memory.getHeapMemoryUsage();
    String prefix = invocations == 0 ? String.format(Locale.ROOT, "%12d %10s ", 0, "-") : "";
    // committed heap and non-heap (code cache, metaspace) explain RSS moves that are not the
    // monitor's
    System.out.printf(
        Locale.ROOT,
        "%s%16.1f %16d %10.1f %17.1f %16.1f %12.2f%n",
        prefix,
        heap.getUsed() / 1048576.0,
        MonitorFootprint.bytes(core.monitor),
        rssMb(),
        heap.getCommitted() / 1048576.0,
        memory.getNonHeapMemoryUsage().getUsed() / 1048576.0,
        usPerInvocation);
  }

  /** VmRSS from /proc (Linux); -1 elsewhere. */
  private static double rssMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
