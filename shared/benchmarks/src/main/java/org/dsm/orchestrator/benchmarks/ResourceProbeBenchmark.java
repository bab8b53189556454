package org.dsm.orchestrator.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JMX calls one resource span makes (ProcessResourceMonitor.begin/end: thread CPU time and
 * allocated bytes at both ends, then heap usage and the thread count), one by one. They run in
 * native code, where JFR's execution sampler does not look, so this is the profile of the span.
 * Run: {@code java -jar shared/benchmarks/target/benchmarks.jar ResourceProbeBenchmark -f 1 -wi 3
 * -i 5 -w 1s -r 2s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ResourceProbeBenchmark {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  @Benchmark
  public long currentThreadCpuTime() {
    return threads.getCurrentThreadCpuTime();
  }

  @Benchmark
  public long currentThreadAllocatedBytes() {
    return threads.getCurrentThreadAllocatedBytes();
  }

  @Benchmark
  public long heapMemoryUsage() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The same figure from the heap's own counter, without building a MemoryUsage. */
  @Benchmark
  public long runtimeHeapUsed() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Benchmark
  public int threadCount() {
    return threads.getThreadCount();
  }
}
