package org.dsm.orchestrator.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.ResourceMonitor;

/**
 * The core as the functions build it (embedded data, in-memory store, synchronous recording as on
 * Lambda), with monitoring either as shipped or switched off as far as the core allows without code
 * changes. Built by {@link Core#builder()} like every other assembly, with the benchmark's own
 * monitors.
 */
public final class BenchCore implements AutoCloseable {
  static final ProjectId PROJECT = ProjectId.of(EmbeddedDataset.TEST);
  static final OrchestrationRequest DRY_RUN =
      new OrchestrationRequest(
          PROJECT,
          OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
          OrchestrationOptions.DEFAULTS.withDryRun(true));
  private static final AtomicLong INVOCATIONS = new AtomicLong();

  /**
   * "Off": the monitor's clock never reads the time (its histograms then only see zeros, so
   * summaries are trivial), no resource span (no JMX thread counters, no OSHI sampler) and records
   * go nowhere. What remains — the histogram update and component list per timed block
   * (PerformanceMonitor is final) — is bounded by count × MonitorBenchmark.timedOperation.
   */
  public enum Monitor {
    ON,
    OFF,
    /** ON without the resource span (attribution only: MonitoringOverhead). */
    ON_NO_SPAN,
    /** ON with records dropped instead of written to the store (attribution only). */
    ON_NO_STORE,
    /** ON with a span that reads only the thread's CPU clock (attribution only). */
    ON_SPAN_CPU_ONLY,
    /** ON with a span that reads everything but the thread's CPU clock (attribution only). */
    ON_SPAN_NO_CPU
  }

  final MetricsStore store = new InMemoryMetricsStore();
  final PerformanceMonitor monitor;
  final ResourceMonitor resources;
  final OrchestrationService orchestration;
  private final ProcessResourceMonitor processMonitor;

  BenchCore(Monitor mode, EmbeddedDsm dsm) {
    Clock clock = Clock.systemUTC();
    MetricsRecorder recorder;
    if (mode != Monitor.OFF) {
      monitor = new PerformanceMonitor(MonotonicClock.SYSTEM);
      processMonitor = new ProcessResourceMonitor().start();
      resources =
          switch (mode) {
            case ON_NO_SPAN -> NoResources.INSTANCE;
            case ON_SPAN_CPU_ONLY -> new PartialSpan(processMonitor, true);
            case ON_SPAN_NO_CPU -> new PartialSpan(processMonitor, false);
            default -> processMonitor;
          };
      recorder =
          mode == Monitor.ON_NO_STORE ? NoRecorder.INSTANCE : new SynchronousMetricsRecorder(store);
    } else {
      monitor = new PerformanceMonitor(() -> 0L);
      processMonitor = null;
      resources = NoResources.INSTANCE;
      recorder = NoRecorder.INSTANCE;
    }
    orchestration =
        Core.builder()
            .ports(dsm.ports())
            .store(store)
            .recorder(recorder)
            .performanceMonitor(monitor)
            .resources(resources)
            // the embedded data's reads on the caller, as the functions run them
            .executor(Runnable::run)
            .clock(clock)
            .appVersion("benchmark")
            .build()
            .orchestration();
  }

  /**
   * A context with a fresh invocation id, as every real request has one: the store drops a record
   * whose id it already holds (a retry), so a constant id would skip the store's real work after
   * the first write.
   */
  static InvocationContext context() {
    return new InvocationContext(
        "bench-" + INVOCATIONS.incrementAndGet(), "local", "benchmark", false);
  }

  BenchCore(Monitor mode) {
    this(mode, EmbeddedDsm.create());
  }

  @Override
  public void close() {
    if (processMonitor != null) {
      processMonitor.close();
    }
    store.close();
  }

  /**
   * Half of the shipped span, to tell its costs apart: the thread's CPU clock alone (a system call
   * per read), or the allocation counter and the process figures alone.
   */
  private record PartialSpan(ResourceMonitor process, boolean cpuOnly) implements ResourceMonitor {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Override
    public ResourceSpan begin() {
      long start =
          cpuOnly ? THREADS.getCurrentThreadCpuTime() : THREADS.getCurrentThreadAllocatedBytes();
      return () -> {
        long end =
            cpuOnly ? THREADS.getCurrentThreadCpuTime() : THREADS.getCurrentThreadAllocatedBytes();
        ResourceUsage p = cpuOnly ? NoResources.ZERO : process.processUsage();
        return new ResourceUsage(
            p.memoryUsageMb(),
            cpuOnly ? 0 : (end - start) / 1048576.0,
            p.cpuPercent(),
            p.openFiles(),
            p.threads(),
            cpuOnly ? (end - start) / 1e6 : 0,
            p.heapUsedMb());
      };
    }

    @Override
    public ResourceUsage processUsage() {
      return process.processUsage();
    }
  }

  private enum NoResources implements ResourceMonitor, ResourceMonitor.ResourceSpan {
    INSTANCE;
    private static final ResourceUsage ZERO = new ResourceUsage(0, 0, 0.0, 0, 0, 0, 0);

    @Override
    public ResourceSpan begin() {
      return this;
    }

    @Override
    public ResourceUsage end() {
      return ZERO;
    }

    @Override
    public ResourceUsage processUsage() {
      return ZERO;
    }
  }

  private enum NoRecorder implements MetricsRecorder {
    INSTANCE;

    @Override
    public void record(InvocationRecord record) {
      // monitoring off: the record is dropped
    }

    @Override
    public void flush() {
      // nothing buffered
    }

    @Override
    public long failedRecords() {
      return 0;
    }
  }
}
