package org.dsm.orchestrator.core;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.dsm.orchestrator.core.decision.DecisionEngine;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.port.ResourceMonitor;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.report.PerformanceHistoryService;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.core.schedule.DailyScrumService;

/**
 * The core, assembled in one place: the use cases over the ports, sharing one set of monitors so
 * one report sees every operation. The functions' Spring wiring, the benchmarks and the test
 * fixtures all build it here; the builder's defaults are the plain local set-up (in-memory store,
 * synchronous recording, default configuration).
 */
public record Core(
    DsmPorts ports,
    MetricsStore store,
    UnwrittenRecords unwritten,
    Monitoring monitoring,
    PatternEngine patternEngine,
    OrchestrationService orchestration,
    PerformanceReportService reports,
    PerformanceHistoryService history,
    BenchmarkService benchmark,
    DailyScrumService dailyScrum) {

  public static Builder builder() {
    return new Builder();
  }

  public InvocationMetering metering() {
    return monitoring.metering();
  }

  /** What the core is built from; the ports, the resource monitor and the executor are required. */
  public static final class Builder {
    private DsmPorts ports;
    private ResourceMonitor resources;
    private Executor executor;
    private MetricsStore store;
    private UnwrittenRecords unwritten;
    private MetricsRecorder recorder;
    private PerformanceMonitor performanceMonitor;
    private ThresholdConfig thresholds = ThresholdConfig.DEFAULTS;
    private IntelligenceConfig intelligence = IntelligenceConfig.DEFAULTS;
    private RegressionConfig regression = RegressionConfig.DEFAULTS;
    private RegressionSink regressionSink = RegressionSink.NONE;
    private Clock clock = Clock.systemUTC();
    private String appVersion = "dev";

    private Builder() {}

    /** The DSM's project state, Chronicle and actions (embedded demo data or the http services). */
    public Builder ports(DsmPorts ports) {
      this.ports = ports;
      return this;
    }

    /** Process resource spans for each invocation (JMX and OSHI in production). */
    public Builder resources(ResourceMonitor resources) {
      this.resources = resources;
      return this;
    }

    /** The pool the DSM and Chronicle reads run on in parallel. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Where invocation records are kept and aggregated (default: in memory). */
    public Builder store(MetricsStore store) {
      this.store = store;
      return this;
    }

    /** The count of records the recorder could not store (default: a fresh one). */
    public Builder unwritten(UnwrittenRecords unwritten) {
      this.unwritten = unwritten;
      return this;
    }

    /** How a finished invocation's record reaches the store (default: written synchronously). */
    public Builder recorder(MetricsRecorder recorder) {
      this.recorder = recorder;
      return this;
    }

    /** The component timers (default: on the monotonic system clock). */
    public Builder performanceMonitor(PerformanceMonitor performanceMonitor) {
      this.performanceMonitor = performanceMonitor;
      return this;
    }

    public Builder thresholds(ThresholdConfig thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds);
      return this;
    }

    public Builder intelligence(IntelligenceConfig intelligence) {
      this.intelligence = Objects.requireNonNull(intelligence);
      return this;
    }

    public Builder regression(RegressionConfig regression, RegressionSink sink) {
      this.regression = Objects.requireNonNull(regression);
      this.regressionSink = Objects.requireNonNull(sink);
      return this;
    }

    /** The wall clock for record timestamps and dates (durations use the monotonic clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The version every record carries. */
    public Builder appVersion(String appVersion) {
      this.appVersion = Objects.requireNonNull(appVersion);
      return this;
    }

    public Core build() {
      Objects.requireNonNull(ports, "ports");
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(executor, "executor");
      MetricsStore metricsStore = store != null ? store : new InMemoryMetricsStore();
      UnwrittenRecords lost = unwritten != null ? unwritten : new UnwrittenRecords();
      MetricsRecorder metricsRecorder =
          recorder != null ? recorder : new SynchronousMetricsRecorder(metricsStore, lost);
      PerformanceMonitor monitor =
          performanceMonitor != null
              ? performanceMonitor
              : new PerformanceMonitor(MonotonicClock.SYSTEM);
      Monitoring monitoring =
          new Monitoring(
              monitor,
              resources,
              thresholds,
              new InvocationMetering(metricsRecorder, clock, appVersion));
      PatternEngine patternEngine = new PatternEngine(intelligence, clock);
      OrchestrationService orchestration =
          new OrchestrationService(
              ports,
              new DecisionEngine(),
              patternEngine,
              intelligence,
              monitoring,
              executor,
              clock);
      return new Core(
          ports,
          metricsStore,
          lost,
          monitoring,
          patternEngine,
          orchestration,
          new PerformanceReportService(
              ports,
              patternEngine,
              monitoring,
              metricsStore,
              executor,
              regression,
              regressionSink,
              lost),
          new PerformanceHistoryService(ports, metricsStore, monitoring, regression, lost),
          new BenchmarkService(
              orchestration, thresholds, metricsStore, regression, regressionSink, clock),
          new DailyScrumService(ports.state(), ports.actions(), monitoring));
    }
  }
}
