package org.dsm.orchestrator.functions.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.lambda.Priming;
import org.dsm.orchestrator.functions.lambda.PrimingHook;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SnapStart hooks called directly on the real Spring context (as Lambda would around the
 * snapshot): priming runs the dry orchestration and the report, yet leaves no trace in the
 * instance's store, stats or embedded data, and a restore makes the next invocation cold again.
 */
class PrimingHookTest {
  private static final ProjectId PROJECT = ProjectId.of("TEST-001");

  @Test
  void beforeCheckpointPrimesWithoutTouchingTheStoreTheStatsOrTheEmbeddedData() {
    try (ConfigurableApplicationContext app =
        start(Map.of("BENCHMARK_PROJECTS", PROJECT.value()))) {
      PrimingHook hook = app.getBean(PrimingHook.class);
      DsmPorts ports = app.getBean(DsmPorts.class);
      Monitoring monitoring = app.getBean(Monitoring.class);
      Instant before = Instant.now().minusSeconds(1);
      LocalDate today = LocalDate.now();
      var stateBefore = ports.state().load(PROJECT, today.minusDays(14), today);
      long historyBefore = ports.chronicle().historyVersion();

      hook.beforeCheckpoint(null);

      Priming.Result result = hook.lastPriming();
      assertThat(result).isNotNull();
      assertThat(hook.lastEntry()).isEqualTo("function-beans"); // no Lambda handler here
      assertThat(result.calls()).isGreaterThanOrEqualTo(100);
      assertThat(result.count(200)).as("dry runs and reports: %s", result.statuses()).isPositive();
      assertThat(result.count(400)).as("rejections: %s", result.statuses()).isPositive();
      assertThat(result.count(-1)).as("failed calls: %s", result.statuses()).isZero();

      app.getBean(MetricsRecorder.class).flush();
      var real =
          app.getBean(MetricsStore.class)
              .query(
                  new MetricsStore.MetricsQuery(
                      null, null, before, Instant.now().plusSeconds(1), 10, null));
      assertThat(real.records()).as("records in the instance's store").isEmpty();
      assertThat(monitoring.performance().summaries())
          .as("the instance's operation stats")
          .isEmpty();
      assertThat(ports.state().load(PROJECT, today.minusDays(14), today)).isEqualTo(stateBefore);
      assertThat(ports.chronicle().historyVersion()).isEqualTo(historyBefore);
    }
  }

  @Test
  void afterRestoreMakesTheNextInvocationColdAgainAndSamplesTheProcessAgain() {
    try (ConfigurableApplicationContext app = start(Map.of())) {
      PrimingHook hook = app.getBean(PrimingHook.class);
      ProcessResourceMonitor resources = app.getBean(ProcessResourceMonitor.class);
      Platform.context(
          Platform.LAMBDA, "http", null); // whatever ran before, the flag is now consumed
      assertThat(Platform.context(Platform.LAMBDA, "http", null).coldStart()).isFalse();

      hook.beforeCheckpoint(null);
      assertThat(Platform.context(Platform.LAMBDA, "http", null).coldStart())
          .as("priming does not consume the flag, and does not set it either")
          .isFalse();
      long restoredAt = System.nanoTime();
      hook.afterRestore(null);

      assertThat(resources.sampledAtNanos().orElseThrow())
          .as("the process figures are the restored process's, sampled before the next invocation")
          .isGreaterThanOrEqualTo(restoredAt);
      assertThat(Platform.context(Platform.LAMBDA, "http", null).coldStart()).isTrue();
      assertThat(Platform.context(Platform.LAMBDA, "http", null).coldStart()).isFalse();
      assertThat(hook.restores()).isEqualTo(1);
    }
  }

  @Test
  void withHttpDataPrimingNeverCallsTheDsmServices() throws IOException {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket dsm = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!dsm.isClosed()) {
                  try (Socket ignored = dsm.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + dsm.getLocalPort();
      try (ConfigurableApplicationContext app =
          start(
              Map.of(
                  "DSM_DATA_SOURCE",
                  "http",
                  "PROJECT_SERVICE_URL",
                  url,
                  "BACKLOG_SERVICE_URL",
                  url,
                  "SPRINT_SERVICE_URL",
                  url,
                  "CHRONICLE_SERVICE_URL",
                  url))) {
        PrimingHook hook = app.getBean(PrimingHook.class);

        hook.beforeCheckpoint(null);

        assertThat(hook.lastPriming().count(400))
            .as("every call rejected at the edge, before any use case: %s", hook.lastPriming())
            .isEqualTo(hook.lastPriming().calls());
        assertThat(connections.get()).as("connections to the DSM services").isZero();
        assertThat(app.getBean(Monitoring.class).performance().summaries()).isEmpty();
      }
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> properties) {
    return new SpringApplicationBuilder(FunctionsApplication.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }
}
