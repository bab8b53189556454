package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.regression.Regression;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares its run with the previous run's stored records, so it must count its own
 * failed orchestrations as their records do. It counted each as 0 ms with no components, while the
 * stored record holds the time the failure took: a project service that went from failing in 1 ms
 * to failing after 60 ms looked unchanged (0 ms against 1 ms).
 */
class BenchmarkFailedRunsTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);

  @Test
  void failedRunsAreComparedAsTheirRecordsHoldThem() {
    DsmPorts embedded = EmbeddedDsm.create().ports();
    // the timers run on a clock only the failing read advances: each duration is its delay
    AtomicLong clockNanos = new AtomicLong(1_000_000_000L);
    AtomicLong failAfterMs = new AtomicLong(1);
    ProjectStateSource down =
        new ProjectStateSource() {
          @Override
          public ProjectSnapshot load(ProjectId projectId, LocalDate from, LocalDate to) {
            clockNanos.addAndGet(failAfterMs.get() * 1_000_000L);
            throw new DependencyUnavailableException("project-service", "down in the test", null);
          }

          @Override
          public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
            return false;
          }
        };
    InMemoryMetricsStore store = new InMemoryMetricsStore();
    try (ProcessResourceMonitor resources = new ProcessResourceMonitor()) {
      OrchestrationService orchestration =
          Core.builder()
              .ports(new DsmPorts(down, embedded.chronicle(), embedded.actions()))
              .store(store)
              .performanceMonitor(new PerformanceMonitor(clockNanos::get))
              .resources(resources)
              .executor(Runnable::run)
              .appVersion("test")
              .build()
              .orchestration();
      BenchmarkService benchmark =
          new BenchmarkService(
              orchestration,
              ThresholdConfig.DEFAULTS,
              store,
              new RegressionConfig(0.2, 25.0, 0.02, 20),
              RegressionSink.NONE,
              Clock.systemUTC());

      BenchmarkResult first =
          benchmark.run(List.of(TEST), 25, BenchmarkService.newTrigger("local"));
      failAfterMs.set(60);
      BenchmarkResult second =
          benchmark.run(List.of(TEST), 25, BenchmarkService.newTrigger("local"));

      assertThat(first.invocations()).isEqualTo(25);
      RegressionReport regressions = second.regressions();
      assertThat(regressions.status()).isEqualTo(RegressionReport.REGRESSED);
      assertThat(regressions.causes()).containsExactly(Operations.PROJECT_STATE_FETCH);
      assertThat(regressions.regressions())
          .filteredOn(r -> r.component().equals(Operations.TOTAL_ORCHESTRATION))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.current()).isGreaterThanOrEqualTo(60.0);
                assertThat(r.currentSamples()).isEqualTo(25);
                assertThat(r.role()).isEqualTo(Regression.EXPLAINED);
              });
    }
  }
}
