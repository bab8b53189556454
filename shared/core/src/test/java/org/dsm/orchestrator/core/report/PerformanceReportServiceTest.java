package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerformanceReportServiceTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);
  private CoreAssembly core = CoreAssembly.embedded();

  @AfterEach
  void close() {
    core.close();
  }

  private void orchestrateDryRun(int times) {
    for (int i = 0; i < times; i++) {
      core.orchestration.orchestrate(
          new OrchestrationRequest(
              TEST,
              OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
              OrchestrationOptions.DEFAULTS.withDryRun(true)),
          CoreAssembly.http("o-" + i));
    }
  }

  @Test
  void madeUpProjectIdsCannotCrowdARealProjectOutOfABoundedStore() {
    core.close();
    InMemoryMetricsStore store = new InMemoryMetricsStore(1_000, 20);
    core = bounded(store);
    orchestrateDryRun(2);
    for (int i = 0; i < 200; i++) { // each 404 once had a bucket and ring slots of its own
      String junk = "JUNK-" + i;
      String invocation = "junk-" + i;
      assertThatThrownBy(
              () ->
                  core.orchestration.orchestrate(
                      new OrchestrationRequest(
                          ProjectId.of(junk),
                          OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                          OrchestrationOptions.DEFAULTS.withDryRun(true)),
                      CoreAssembly.http(invocation)))
          .isInstanceOf(ProjectNotFoundException.class);
    }

    PerformanceReport report =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-junk"));

    // the 404s share one bucket per minute (no project) instead of filling the cap of 20
    assertThat(store.storedBuckets()).isLessThanOrEqualTo(6);
    assertThat(report.history().invocations()).isEqualTo(2);
    assertThat(report.history().incomplete()).isFalse();
  }

  @Test
  void aWindowTheStoresBoundsCutShortIsReportedIncomplete() {
    core.close();
    InMemoryMetricsStore small = new InMemoryMetricsStore(50, 4); // the report's own takes one
    core = bounded(small);
    java.time.Instant now = java.time.Instant.now();
    for (int minutes = 50; minutes >= 10; minutes -= 10) { // five minutes of an hour: 2 will go
      small.write(
          java.util.List.of(
              org.dsm.orchestrator.core.fixtures.InvocationRecords.ok(
                  org.dsm.orchestrator.core.invocation.FunctionNames.ORCHESTRATE,
                  "old-" + minutes,
                  TEST.value(),
                  now.minus(Duration.ofMinutes(minutes)),
                  5)));
    }

    PerformanceReport report =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-cut"));

    assertThat(report.history().invocations()).isEqualTo(3);
    assertThat(report.history().incomplete()).isTrue();
    assertThat(report.recommendations())
        .anyMatch(r -> r.startsWith("History incomplete: the memory store's size bounds"));
    assertThat(report.regressions().status()).isEqualTo("no_baseline");
    // a window inside what the store still holds is complete
    assertThat(
            core.reports
                .report(TEST, Duration.ofMinutes(25), CoreAssembly.http("r-held"))
                .history()
                .incomplete())
        .isFalse();
  }

  private static CoreAssembly bounded(InMemoryMetricsStore store) {
    return new CoreAssembly(
        EmbeddedDsm.create().ports(), store, IntelligenceConfig.DEFAULTS, ThresholdConfig.DEFAULTS);
  }

  @Test
  void runsAFreshAnalysisEvenWhenOrchestrationsHitTheCache() {
    orchestrateDryRun(3); // the first computes, the next two are cache hits

    PerformanceReport report =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-1"));

    // 1 computed by orchestration + 1 fresh for the report: the report never reads the cache
    assertThat(report.instanceComponentMetrics().get(Operations.FULL_PATTERN_ANALYSIS).totalCalls())
        .isEqualTo(2);
    assertThat(report.instanceComponentMetrics())
        .containsKeys(
            Operations.SIMILARITY_ANALYSIS,
            Operations.VELOCITY_ANALYSIS,
            Operations.SUCCESS_PATTERN_DETECTION,
            Operations.TOTAL_ORCHESTRATION,
            Operations.PERFORMANCE_REPORT);
    assertThat(report.instanceComponentMetrics().get(Operations.TOTAL_ORCHESTRATION).totalCalls())
        .isEqualTo(3);
    // the project's own stored orchestrations: three, one of them computed the analysis
    assertThat(report.componentMetrics().get("total").count()).isEqualTo(3);
    assertThat(report.componentMetrics().get(Operations.FULL_PATTERN_ANALYSIS).count())
        .isEqualTo(1);
    assertThat(report.totalExecutionTimeMs())
        .isEqualTo(report.invocation().totalDurationMs())
        .isGreaterThanOrEqualTo(
            report.invocation().components().stream()
                .filter(c -> c.operation().equals(Operations.FULL_PATTERN_ANALYSIS))
                .findFirst()
                .orElseThrow()
                .durationMs());
    assertThat(report.performanceThresholds().checks()).hasSize(5);
    assertThat(report.recommendations()).isNotEmpty();
  }

  @Test
  void historyCountsTheStoredOrchestrationsOfThisProjectOnly() {
    orchestrateDryRun(4);
    core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(EmbeddedDataset.STEADY),
            OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
            OrchestrationOptions.DEFAULTS.withDryRun(true)),
        CoreAssembly.http("other"));

    PerformanceReport.History history =
        core.reports.report(TEST, Duration.ofMinutes(15), CoreAssembly.http("r-2")).history();

    assertThat(history.window()).isEqualTo("15m");
    assertThat(history.store()).isEqualTo("memory");
    assertThat(history.invocations()).isEqualTo(4);
    assertThat(history.errorRate()).isZero();
    assertThat(history.components()).containsKeys("total", Operations.TOTAL_ORCHESTRATION);
    assertThat(history.components().get("total").count()).isEqualTo(4);
    assertThat(history.thresholds().checks()).isNotEmpty();
    assertThat(history.error()).isNull();
  }

  @Test
  void unknownProjectIsNotFoundAndStillRecordedUnderNoProject() {
    assertThatThrownBy(
            () ->
                core.reports.report(
                    ProjectId.of("NOPE-1"), Duration.ofHours(1), CoreAssembly.http("r-3")))
        .isInstanceOf(ProjectNotFoundException.class);

    var from = java.time.Instant.EPOCH;
    var to = java.time.Instant.parse("2100-01-01T00:00:00Z");
    // the made-up id gets no history of its own: the function's does count the 404
    assertThat(
            core.store
                .aggregate(PerformanceReportService.FUNCTION, "NOPE-1", from, to)
                .invocations())
        .isZero();
    var function = core.store.aggregate(PerformanceReportService.FUNCTION, null, from, to);
    assertThat(function.invocations()).isEqualTo(1);
    assertThat(function.clientErrorRate()).isEqualTo(1.0);
  }

  @Test
  void aStoreOutageIsReportedInTheHistoryNotRaised() {
    core.close();
    core =
        new CoreAssembly(
            EmbeddedDsm.create().ports(),
            new StoreDown(),
            IntelligenceConfig.DEFAULTS,
            ThresholdConfig.DEFAULTS);

    PerformanceReport report =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-4"));

    assertThat(report.history().error()).contains("unavailable").doesNotContain("Exception");
    assertThat(report.history().benchmarkInvocations()).isNull();
    assertThat(report.instanceComponentMetrics()).containsKey(Operations.FULL_PATTERN_ANALYSIS);
    assertThat(report.componentMetrics()).isEmpty();
  }

  @Test
  void theBenchmarksRunsAreShownApartAndUnknownWhenTheStoreCannotCountThem() {
    InMemoryMetricsStore memory = new InMemoryMetricsStore();
    boolean[] benchmarkReadFails = {false};
    MetricsStore store =
        new MetricsStore() {
          @Override
          public void write(java.util.List<InvocationRecord> batch) {
            memory.write(batch);
          }

          @Override
          public RecordPage query(MetricsQuery query) {
            return memory.query(query);
          }

          @Override
          public MetricsAggregate aggregate(
              String function, String projectId, java.time.Instant from, java.time.Instant to) {
            if (benchmarkReadFails[0] && BenchmarkService.FUNCTION.equals(function)) {
              throw new MetricsStoreException("timed out", null);
            }
            return memory.aggregate(function, projectId, from, to);
          }

          @Override
          public String name() {
            return "memory";
          }
        };
    core.close();
    core =
        new CoreAssembly(
            EmbeddedDsm.create().ports(),
            store,
            IntelligenceConfig.DEFAULTS,
            ThresholdConfig.DEFAULTS);
    core.benchmark.run(java.util.List.of(TEST), 3, BenchmarkService.newTrigger("local"));
    orchestrateDryRun(2);

    PerformanceReport.History shown =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-5")).history();
    benchmarkReadFails[0] = true;
    PerformanceReport.History unknown =
        core.reports.report(TEST, Duration.ofHours(1), CoreAssembly.http("r-6")).history();

    assertThat(shown.invocations()).isEqualTo(2);
    assertThat(shown.benchmarkInvocations()).isEqualTo(3);
    // the history itself does not depend on that count
    assertThat(unknown.invocations()).isEqualTo(2);
    assertThat(unknown.error()).isNull();
    assertThat(unknown.benchmarkInvocations()).isNull();
  }

  /** A store that is down for writes and reads. */
  private static final class StoreDown implements MetricsStore {
    @Override
    public void write(java.util.List<InvocationRecord> batch) {
      throw new MetricsStoreException("down", null);
    }

    @Override
    public RecordPage query(MetricsQuery query) {
      throw new MetricsStoreException("down", null);
    }

    @Override
    public MetricsAggregate aggregate(
        String function, String projectId, java.time.Instant from, java.time.Instant to) {
      throw new MetricsStoreException("down", null);
    }

    @Override
    public String name() {
      return "down";
    }
  }
}
