package org.dsm.orchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.report.PerformanceReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoreBuilderTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final ProcessResourceMonitor resources = new ProcessResourceMonitor();

  @AfterEach
  void close() {
    executor.shutdownNow();
    resources.close();
  }

  @Test
  void theUseCasesShareOneStoreAndOneMonitor() {
    Core core =
        Core.builder()
            .ports(EmbeddedDsm.create().ports())
            .resources(resources)
            .executor(executor)
            .appVersion("builder-test")
            .build();
    ProjectId project = ProjectId.of(EmbeddedDataset.TEST);
    Instant before = Instant.now().minusSeconds(1);

    core.orchestration()
        .orchestrate(
            new OrchestrationRequest(
                project,
                OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                OrchestrationOptions.DEFAULTS.withDryRun(true)),
            new InvocationContext("builder-1", "local", "http", false));

    // the orchestration's record is in the store the report reads
    assertThat(
            core.store()
                .aggregate(
                    FunctionNames.ORCHESTRATE,
                    project.value(),
                    before,
                    Instant.now().plusSeconds(1))
                .invocations())
        .isEqualTo(1);
    PerformanceReport report =
        core.reports()
            .report(
                project,
                Duration.ofHours(1),
                new InvocationContext("builder-2", "local", "http", false));
    // the report's instance-wide view sees the orchestration's components: one monitor for both
    assertThat(report.instanceComponentMetrics()).containsKey("total_orchestration");
    assertThat(core.metering()).isSameAs(core.monitoring().metering());
  }

  @Test
  void theRequiredPartsAreNamedWhenMissing() {
    assertThatThrownBy(() -> Core.builder().resources(resources).executor(executor).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ports");
    assertThatThrownBy(
            () -> Core.builder().ports(EmbeddedDsm.create().ports()).executor(executor).build())
        .hasMessage("resources");
  }
}
