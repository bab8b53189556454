package org.dsm.orchestrator.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.TimedOperation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The monitor's overhead per timed block (goal: at most 100 ns), next to the bare cost of the two
 * nanoTime reads it cannot avoid. Run: {@code java -jar shared/benchmarks/target/benchmarks.jar
 * MonitorBenchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MonitorBenchmark {
  private PerformanceMonitor monitor;
  private Invocation invocation;

  @Setup(Level.Trial)
  public void createMonitor() {
    monitor = new PerformanceMonitor(MonotonicClock.SYSTEM);
  }

  /**
   * A fresh invocation per iteration, like a request; it keeps at most its capped list of
   * components.
   */
  @Setup(Level.Iteration)
  public void startInvocation() {
    invocation = monitor.startInvocation();
  }

  @Benchmark
  public void nanoTimePair(Blackhole blackhole) {
    long start = System.nanoTime();
    blackhole.consume(System.nanoTime() - start);
  }

  @Benchmark
  public void timedOperation() {
    try (TimedOperation ignored = invocation.time("benchmark_operation")) {
      // the empty block: what remains is the monitor's own cost
    }
  }

  @Benchmark
  public Object timedSupplier() {
    return invocation.time("benchmark_supplier", () -> Boolean.TRUE);
  }

  @Benchmark
  public Object invocationWithOneTimedOperation() {
    Invocation fresh = monitor.startInvocation();
    try (TimedOperation ignored = fresh.time("benchmark_invocation")) {
      // one request timing one block
    }
    return fresh;
  }
}
