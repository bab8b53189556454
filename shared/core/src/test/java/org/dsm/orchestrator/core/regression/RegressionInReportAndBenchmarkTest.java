package org.dsm.orchestrator.core.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.BenchmarkResult;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.report.PerformanceReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store is fed two windows, before and after one nested component slowed down (its ancestors
 * slowed by as much); the report and the benchmark must name exactly that component.
 */
class RegressionInReportAndBenchmarkTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);
  private static final String F = OrchestrationService.FUNCTION;

  private final List<String> published = new ArrayList<>();
  private final RegressionSink sink =
      (source, function, report) -> published.add(source + ":" + report.causes());
  private CoreAssembly core;

  @AfterEach
  void close() {
    if (core != null) {
      core.close();
    }
  }

  /**
   * A typical orchestration's components, with ±{@code jitter} relative noise on each and {@code
   * slowerSimilarityMs} added to similarity_analysis and every component that contains it.
   */
  private static Map<String, Double> components(
      Random random, double jitter, double slowerSimilarityMs) {
    Map<String, Double> c = new LinkedHashMap<>();
    double similarity = noisy(random, 5.0, jitter) + slowerSimilarityMs;
    double velocity = noisy(random, 1.0, jitter);
    double success = noisy(random, 1.0, jitter);
    double pattern = similarity + velocity + success + noisy(random, 0.5, jitter);
    double state = noisy(random, 3.0, jitter);
    double chronicle = noisy(random, 4.0, jitter);
    double decision = noisy(random, 1.0, jitter);
    double quality = noisy(random, 0.5, jitter);
    c.put("project_state_fetch", state);
    c.put("chronicle_fetch", chronicle);
    c.put("rule_decision", decision);
    c.put("similarity_analysis", similarity);
    c.put("velocity_analysis", velocity);
    c.put("success_pattern_detection", success);
    c.put("full_pattern_analysis", pattern);
    c.put("data_quality_check", quality);
    c.put("total_orchestration", state + chronicle + decision + pattern + quality + 0.3);
    c.put("metrics_store_write", noisy(random, 0.2, jitter));
    return c;
  }

  private static double noisy(Random random, double value, double jitter) {
    return value * (1 + jitter * (2 * random.nextDouble() - 1));
  }

  /** 60 records spread over [from, from + 1h), 5 minutes clear of each edge. */
  private static void feed(
      InMemoryMetricsStore store, Instant from, String prefix, double jitter, double slower) {
    Random random = new Random(prefix.hashCode());
    List<InvocationRecord> batch = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Map<String, Double> c = components(random, jitter, slower);
      batch.add(
          InvocationRecords.record(
              F,
              prefix + i,
              TEST.value(),
              from.plus(Duration.ofMinutes(5)).plusSeconds(i * 50L),
              c.get("total_orchestration"),
              c,
              200,
              null,
              false));
    }
    store.write(batch);
  }

  private PerformanceReport reportAfter(double jitter, double slowerSimilarityMs) {
    InMemoryMetricsStore store = new InMemoryMetricsStore();
    core =
        new CoreAssembly(
            EmbeddedDsm.create().ports(),
            store,
            IntelligenceConfig.DEFAULTS,
            ThresholdConfig.DEFAULTS);
    Instant now = Instant.now();
    feed(store, now.minus(Duration.ofHours(2)), "before-", jitter, 0.0);
    feed(store, now.minus(Duration.ofHours(1)), "after-", jitter, slowerSimilarityMs);
    // the fixture's ports and monitors, with this test's regression sink; reads on the caller
    var reports =
        Core.builder()
            .ports(core.ports)
            .store(store)
            .performanceMonitor(core.monitor)
            .resources(core.resources)
            .executor(Runnable::run)
            .regression(RegressionConfig.DEFAULTS, sink)
            .appVersion("test")
            .build()
            .reports();
    return reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("report-1"));
  }

  @Test
  void theReportNamesTheSlowedNestedComponentAsTheOnlyCause() {
    PerformanceReport report = reportAfter(0.05, 10.0);

    RegressionReport regressions = report.regressions();
    assertThat(regressions.status()).isEqualTo(RegressionReport.REGRESSED);
    assertThat(regressions.baseline()).isEqualTo(RegressionReport.PREVIOUS_WINDOW);
    assertThat(regressions.causes()).containsExactly("similarity_analysis");
    assertThat(regressions.regressions())
        .filteredOn(r -> !r.isCause())
        .extracting(Regression::component)
        .containsExactlyInAnyOrder("full_pattern_analysis", "total_orchestration", "total");
    assertThat(regressions.regressions())
        .filteredOn(r -> !r.isCause())
        .extracting(Regression::explainedBy)
        .containsOnly("similarity_analysis");
    assertThat(report.recommendations())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("Regression: similarity_analysis p95")
                    .contains("against the previous 1h")
                    .contains("full_pattern_analysis"))
        .noneMatch(line -> line.equals("Performance within acceptable thresholds"));
    assertThat(published).containsExactly("report:[similarity_analysis]");
  }

  @Test
  void noiseBelowTheMarginFlagsNothing() {
    // ±10 % jitter on both sides, and a +0.3 ms drift: under both the +20 % and the 1 ms margin
    PerformanceReport report = reportAfter(0.10, 0.3);

    assertThat(report.regressions().status()).isEqualTo(RegressionReport.OK);
    assertThat(report.regressions().regressions()).isEmpty();
    assertThat(report.regressions().notJudged()).doesNotContain("similarity_analysis");
    assertThat(report.recommendations()).noneMatch(line -> line.startsWith("Regression"));
    assertThat(published).containsExactly("report:[]");
  }

  /**
   * The embedded Chronicle with a switchable delay on one of its reads, taken on the benchmark's
   * clock: the durations are exact, so a loaded machine's scheduling cannot make an unchanged run
   * look slower or hide the delay.
   */
  private static final class SlowChronicle implements ChronicleAnalytics {
    private final ChronicleAnalytics delegate;
    private final AtomicLong clockNanos;
    volatile long delayMs;

    SlowChronicle(ChronicleAnalytics delegate, AtomicLong clockNanos) {
      this.delegate = delegate;
      this.clockNanos = clockNanos;
    }

    @Override
    public ProjectPatterns patterns(ProjectId projectId) {
      if (delayMs > 0) {
        clockNanos.addAndGet(delayMs * 1_000_000L);
      }
      return delegate.patterns(projectId);
    }

    @Override
    public VelocityHistory velocity(ProjectId projectId) {
      return delegate.velocity(projectId);
    }

    @Override
    public ImpedimentSummary impediments(ProjectId projectId) {
      return delegate.impediments(projectId);
    }

    @Override
    public List<HistoricalProject> historicalProjects() {
      return delegate.historicalProjects();
    }

    @Override
    public long historyVersion() {
      return delegate.historyVersion();
    }
  }

  private BenchmarkResult[] twoBenchmarkRuns(long secondRunDelayMs) {
    DsmPorts embedded = EmbeddedDsm.create().ports();
    // the component timers run on a clock that only the slow read advances, and every read runs
    // on the caller, one after another: each duration is exactly the delay it contains
    AtomicLong clockNanos = new AtomicLong(1_000_000_000L);
    SlowChronicle chronicle = new SlowChronicle(embedded.chronicle(), clockNanos);
    core = CoreAssembly.over(new DsmPorts(embedded.state(), chronicle, embedded.actions()));
    var orchestration =
        Core.builder()
            .ports(core.ports)
            .store(core.store)
            .performanceMonitor(new PerformanceMonitor(clockNanos::get))
            .resources(core.resources)
            .executor(Runnable::run)
            .appVersion("test")
            .build()
            .orchestration();
    var benchmark =
        new BenchmarkService(
            orchestration,
            ThresholdConfig.DEFAULTS,
            core.store,
            new RegressionConfig(0.2, 25.0, 0.02, 20),
            sink,
            java.time.Clock.systemUTC());
    BenchmarkResult first = benchmark.run(List.of(TEST), 25, BenchmarkService.newTrigger("local"));
    chronicle.delayMs = secondRunDelayMs;
    BenchmarkResult second = benchmark.run(List.of(TEST), 25, BenchmarkService.newTrigger("local"));
    return new BenchmarkResult[] {first, second};
  }

  @Test
  void theBenchmarkComparesWithThePreviousStoredRunAndFailsOnARegression() {
    BenchmarkResult[] runs = twoBenchmarkRuns(60);

    assertThat(runs[0].regressions().status()).isEqualTo(RegressionReport.NO_BASELINE);
    assertThat(runs[0].verdict()).isEqualTo("pass");
    RegressionReport second = runs[1].regressions();
    assertThat(second.baseline()).isEqualTo(RegressionReport.BENCHMARK);
    assertThat(second.baselineId()).startsWith("benchmark-");
    assertThat(second.causes()).containsExactly("chronicle_fetch");
    assertThat(second.regressions())
        .filteredOn(r -> !r.isCause())
        .extracting(Regression::component)
        .contains("total_orchestration", "total");
    assertThat(runs[1].thresholds()).containsEntry("no_regression_against_previous_run", false);
    assertThat(runs[1].verdict()).isEqualTo("fail");
    assertThat(published).containsExactly("benchmark:[]", "benchmark:[chronicle_fetch]");
  }

  @Test
  void anUnchangedBenchmarkFlagsNothing() {
    BenchmarkResult[] runs = twoBenchmarkRuns(0);

    assertThat(runs[1].regressions().status()).isEqualTo(RegressionReport.OK);
    assertThat(runs[1].regressions().regressions()).isEmpty();
    assertThat(runs[1].verdict()).isEqualTo("pass");
  }
}
