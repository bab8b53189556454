package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.metrics.BufferedMetricsRecorder;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.RetryPolicy;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP records reach the store through a buffer: a report asked for right after an
 * orchestration waits (boundedly) for this instance's records, so it counts the orchestration, and
 * says its history is incomplete when they did not arrive in time.
 */
class ReportAfterBufferedWritesTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);

  private final CountDownLatch storeOpen = new CountDownLatch(1);
  private final InMemoryMetricsStore memory = new InMemoryMetricsStore();
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final BufferedMetricsRecorder recorder =
      new BufferedMetricsRecorder(
          new GatedStore(), 1_000, 25, Duration.ofSeconds(1), RetryPolicy.bufferedDefault());
  private final Core core =
      Core.builder()
          .ports(EmbeddedDsm.create().ports())
          .store(memory)
          .recorder(recorder)
          .resources(new ProcessResourceMonitor())
          .executor(executor)
          .build();

  @AfterEach
  void close() {
    storeOpen.countDown();
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
              storeOpen.countDown();
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

  /** The in-memory store behind a gate: writes wait until the test opens it. */
  private final class GatedStore implements MetricsStore {
    @Override
    public void write(List<InvocationRecord> batch) {
      try {
        storeOpen.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      memory.write(batch);
    }

    @Override
    public RecordPage query(MetricsQuery query) {
      return memory.query(query);
    }

    @Override
    public MetricsAggregate aggregate(
        String function, String projectId, java.time.Instant from, java.time.Instant to) {
      return memory.aggregate(function, projectId, from, to);
    }

    @Override
    public String name() {
      return "gated";
    }
  }
}
