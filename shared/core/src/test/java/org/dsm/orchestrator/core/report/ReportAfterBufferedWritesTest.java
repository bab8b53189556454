package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.GatedMetricsStore;
import org.dsm.orchestrator.core.metrics.BufferedMetricsRecorder;
import org.dsm.orchestrator.core.metrics.RetryPolicy;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP records reach the store through a buffer: a report asked for right after an
 * orchestration waits (boundedly) for this instance's records, so it counts the orchestration, and
 * says its history is incomplete when they did not arrive in time.
 */
class ReportAfterBufferedWritesTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);

  private final GatedMetricsStore gated = new GatedMetricsStore();
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final BufferedMetricsRecorder recorder =
      new BufferedMetricsRecorder(
          gated, 1_000, 25, Duration.ofSeconds(1), RetryPolicy.bufferedDefault());
  private final Core core =
      Core.builder()
          .ports(EmbeddedDsm.create().ports())
          .store(gated.memory())
          .recorder(recorder)
          .resources(new ProcessResourceMonitor())
          .executor(executor)
          .build();

  @AfterEach
  void close() {
    gated.open();
    recorder.close();
    executor.shutdownNow();
  }

  @Test
  void aReportRightAfterAnOrchestrationCountsIt() throws Exception {
    orchestrate();
    Thread opener =
        new Thread(
            () -> {
              sleep(300); // the write is still pending when the report starts reading
              gated.open();
            });
    opener.start();

    PerformanceReport report =
        core.reports().report(TEST, Duration.ofHours(1), CoreAssembly.http("r"));
    opener.join();

    assertThat(report.history().invocations()).isEqualTo(1);
    assertThat(report.history().incomplete()).isFalse();
  }

  @Test
  void aReportWhoseRecordsAreStillOnTheirWaySaysSo() {
    orchestrate(); // the store never opens during the report

    PerformanceReport report =
        core.reports().report(TEST, Duration.ofHours(1), CoreAssembly.http("r"));

    assertThat(report.history().invocations()).isZero();
    assertThat(report.history().incomplete()).isTrue();
    assertThat(report.recommendations())
        .anyMatch(r -> r.startsWith("History incomplete: this instance's newest records"));
  }

  private void orchestrate() {
    core.orchestration()
        .orchestrate(
            new OrchestrationRequest(
                TEST,
                OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                OrchestrationOptions.DEFAULTS.withDryRun(true)),
            CoreAssembly.http("o"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
