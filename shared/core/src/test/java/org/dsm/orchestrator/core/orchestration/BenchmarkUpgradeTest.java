package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.MutableClock;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Builds before this one recorded the benchmark's runs under {@code orchestrate}: the first run
 * after the upgrade compares with the last of those, and later runs with their own kind.
 */
class BenchmarkUpgradeTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);
  private static final Instant START = Instant.parse("2030-03-04T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryMetricsStore store =
      new InMemoryMetricsStore(new StoreMaintenance(Duration.ofDays(30), clock));
  private final ProcessResourceMonitor resources = new ProcessResourceMonitor();
  private Core core;

  @BeforeEach
  void build() {
    core =
        Core.builder()
            .ports(EmbeddedDsm.create().ports())
            .store(store)
            .resources(resources)
            .executor(Runnable::run)
            .clock(clock)
            .appVersion("test")
            .build();
  }

  @AfterEach
  void close() {
    resources.close();
  }

  /** A run as an earlier build recorded it: function orchestrate, trigger benchmark. */
  private void oldBuildRun(String runId, Instant at) {
    List<InvocationRecord> records = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      records.add(record(FunctionNames.ORCHESTRATE, runId + "-" + i, BenchmarkService.TRIGGER, at));
    }
    store.write(records);
  }

  private static InvocationRecord record(
      String function, String invocationId, String trigger, Instant at) {
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        function,
        invocationId,
        TEST.value(),
        "local",
        trigger,
        false,
        at,
        40.0,
        Map.of("total_orchestration", 35.0),
        200,
        null,
        0.0,
        0.0,
        "old",
        null,
        null);
  }

  private BenchmarkResult run(InvocationContext trigger) {
    return core.benchmark().run(List.of(TEST), 2, trigger);
  }

  @Test
  void theFirstRunAfterTheUpgradeComparesWithTheLastRunRecordedUnderOrchestrate() {
    oldBuildRun("benchmark-old", START.minus(Duration.ofDays(1)));
    // a real orchestration since then is not a benchmark run
    store.write(
        List.of(
            record(FunctionNames.ORCHESTRATE, "real-1", "http", START.minus(Duration.ofHours(1)))));

    BenchmarkResult first = run(BenchmarkService.newTrigger("local"));

    RegressionReport regressions = first.regressions();
    assertThat(regressions.baseline()).isEqualTo(RegressionReport.BENCHMARK);
    assertThat(regressions.baselineId()).isEqualTo("benchmark-old");
    var ownRecords =
        store
            .query(
                new MetricsQuery(
                    BenchmarkService.FUNCTION, null, START, START.plusSeconds(1), 100, null))
            .records();
    assertThat(ownRecords)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.trigger()).isEqualTo(BenchmarkService.TRIGGER));
    assertThat(
            store
                .query(
                    new MetricsQuery(
                        FunctionNames.ORCHESTRATE, null, START, START.plusSeconds(1), 100, null))
                .records())
        .isEmpty();
  }

  @Test
  void onceARunIsRecordedUnderItsOwnNameTheNextComparesWithIt() {
    InvocationContext firstRun = BenchmarkService.newTrigger("local");
    assertThat(run(firstRun).regressions().status()).isEqualTo(RegressionReport.NO_BASELINE);
    // an instance of the earlier build, still running during the rollout, runs the benchmark too
    clock.advance(Duration.ofMinutes(1));
    oldBuildRun("benchmark-old", clock.instant());
    clock.advance(Duration.ofMinutes(1));

    BenchmarkResult second = run(BenchmarkService.newTrigger("local"));

    assertThat(second.regressions().baselineId()).isEqualTo(firstRun.invocationId());
  }
}
