package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FlakyMetricsStore;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.report.PerformanceReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Records the store could not take are counted, shown in EMF lines and flag history windows. */
class UnwrittenRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void emfLinesCarryTheLossesOfTheStoreWrittenBeforeThem() throws Exception {
    FlakyMetricsStore store = new FlakyMetricsStore(3); // one record's three attempts fail
    UnwrittenRecords unwritten = new UnwrittenRecords();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MetricsRecorder recorder =
        new CompositeMetricsRecorder(
            List.of(
                new SynchronousMetricsRecorder(
                    store,
                    RetryPolicy.of(3, Duration.ofMillis(1), Duration.ofMillis(1)),
                    unwritten),
                new EmfMetricsRecorder(
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), "Ns", unwritten)));

    recorder.record(InvocationRecords.ok("orchestrate", "lost", "P-1", T0, 5));
    recorder.record(InvocationRecords.ok("orchestrate", "kept", "P-1", T0.plusSeconds(1), 5));

    List<JsonNode> lines =
        bytes.toString(StandardCharsets.UTF_8).lines().map(UnwrittenRecordsTest::parse).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("MetricsUnwritten").asLong()).isEqualTo(1);
    assertThat(lines.get(0).path("metrics_unwritten").asLong()).isEqualTo(1);
    assertThat(lines.get(1).path("MetricsUnwritten").asLong()).isZero(); // sums to the true loss
    assertThat(lines.get(1).path("metrics_unwritten").asLong()).isEqualTo(1);
    assertThat(
            lines
                .get(0)
                .path("_aws")
                .path("CloudWatchMetrics")
                .get(0)
                .path("Metrics")
                .findValuesAsString("Name"))
        .contains("MetricsUnwritten");
    assertThat(recorder.failedRecords()).isEqualTo(1);
    assertThat(store.stored()).isEqualTo(1);
  }

  @Test
  void windowsCountOnlyTheirFunctionProjectAndMinutes() {
    UnwrittenRecords unwritten = new UnwrittenRecords();
    unwritten.add(
        List.of(
            InvocationRecords.ok("orchestrate", "a", "P-1", T0.plusSeconds(30), 1),
            InvocationRecords.ok("orchestrate", "b", "P-2", T0.plusSeconds(30), 1),
            InvocationRecords.ok("performanceMetrics", "c", "P-1", T0.plusSeconds(30), 1),
            InvocationRecords.ok("orchestrate", "d", "P-1", T0.plusSeconds(7200), 1)));

    assertThat(unwritten.total()).isEqualTo(4);
    assertThat(unwritten.inWindow("orchestrate", "P-1", T0, T0.plusSeconds(3600))).isEqualTo(1);
    assertThat(unwritten.inWindow(null, null, T0, T0.plusSeconds(3600))).isEqualTo(3);
    assertThat(unwritten.inWindow("orchestrate", "P-1", T0.plusSeconds(45), T0.plusSeconds(50)))
        .isEqualTo(1); // same minute: counted (minute precision)
    assertThat(unwritten.inWindow("orchestrate", "P-1", T0.plusSeconds(60), T0.plusSeconds(7200)))
        .isZero();
    assertThat(unwritten.inWindow("orchestrate", null, T0, T0.plusSeconds(8000))).isEqualTo(3);
  }

  @Test
  void historyWindowIsIncompleteWhenThisInstanceLostItsRecords() {
    ProjectId project = ProjectId.of(EmbeddedDataset.TEST);
    try (CoreAssembly down =
        new CoreAssembly(
            EmbeddedDsm.create().ports(),
            FlakyMetricsStore.alwaysDown(),
            IntelligenceConfig.DEFAULTS,
            ThresholdConfig.DEFAULTS)) {
      for (int i = 0; i < 2; i++) {
        down.orchestration.orchestrate(
            new OrchestrationRequest(
                project,
                OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                OrchestrationOptions.DEFAULTS.withDryRun(true)),
            CoreAssembly.http("o-" + i));
      }

      PerformanceReport report =
          down.reports.report(project, Duration.ofHours(1), CoreAssembly.http("r"));

      assertThat(report.history().invocations()).isZero(); // the store holds nothing of them
      assertThat(report.history().metricsUnwritten()).isEqualTo(2);
      assertThat(report.history().incomplete()).isTrue();
      assertThat(report.recommendations())
          .anyMatch(r -> r.startsWith("History may be incomplete: the store did not confirm 2 "));
      assertThat(down.reports.metricsUnwritten()).isEqualTo(3); // + the report's own record
      PerformanceReport otherProject =
          down.reports.report(
              ProjectId.of(EmbeddedDataset.STEADY), Duration.ofHours(1), CoreAssembly.http("r2"));
      assertThat(otherProject.history().incomplete()).isFalse();
    }
    try (CoreAssembly healthy = CoreAssembly.embedded()) {
      healthy.orchestration.orchestrate(
          new OrchestrationRequest(
              project,
              OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
              OrchestrationOptions.DEFAULTS.withDryRun(true)),
          CoreAssembly.http("o"));
      PerformanceReport report =
          healthy.reports.report(project, Duration.ofHours(1), CoreAssembly.http("r"));
      assertThat(report.history().invocations()).isEqualTo(1);
      assertThat(report.history().metricsUnwritten()).isZero();
      assertThat(report.history().incomplete()).isFalse();
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
