package org.dsm.orchestrator.functions.lambda;

import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.config.CoreConfiguration;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.config.Settings;
import org.dsm.orchestrator.functions.config.StoreConnection;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers the SnapStart hooks at start-up (every platform: only a CRaC/SnapStart JVM ever calls
 * them): {@link SnapshotConnections} first, then {@link PrimingHook}. The property {@code
 * dsm.priming.on-start=true} runs the priming pass once the app is ready, on any JVM: that is how
 * its effect on the first request is measured without a CRaC JVM (scripts/bench/).
 */
@Configuration(proxyBeanMethods = false)
public class PrimingConfiguration {

  @Bean
  public SnapshotConnections snapshotConnections(StoreConnection connection) {
    return new SnapshotConnections(connection).register();
  }

  /**
   * Depends on {@link SnapshotConnections}, so it registers after it: its checkpoint hook runs
   * before the connections are closed (hooks run in reverse order of registration).
   */
  @Bean
  public PrimingHook primingHook(
      SnapshotConnections connections,
      Settings s,
      Environment environment,
      Monitoring monitoring,
      MetricsRecorder recorder,
      OrchestratorApi api) {
    if (recorder instanceof AfterResponseRecorder afterResponse) {
      afterResponse.timeWritesIn(monitoring.performance());
    }
    boolean embedded = CoreConfiguration.embeddedData(s);
    List<ProjectId> projects =
        ScheduledBenchmark.parseProjects(
            s.text(EnvironmentVariables.BENCHMARK_PROJECTS, "TEST-001"));
    ProjectId project = projects.isEmpty() ? ProjectId.of("TEST-001") : projects.get(0);
    String function = environment.getProperty("spring.cloud.function.definition");
    return new PrimingHook(
            new Priming(
                project,
                embedded,
                function == null || function.isBlank() ? null : function,
                ApiAuthorizer.from(s).mode()),
            throughTheApi(api),
            monitoring.performance(),
            monitoring.resources())
        .register();
  }

  /**
   * Where priming goes without a Lambda handler in the JVM (an HTTP instance): the API the function
   * beans call, and the response mapping and JSON after it, marked as priming like the handler
   * does.
   */
  static Priming.Entry throughTheApi(OrchestratorApi api) {
    return (call, requestId) -> {
      HandlerScope scope = HandlerScope.open(System.nanoTime(), requestId, true);
      try {
        ApiResponse response =
            api.handle(
                new ApiRequest(
                    call.method(),
                    call.path(),
                    call.queryParameters(),
                    call.body() == null ? Map.of() : Map.of("content-type", "application/json"),
                    call.bodyBytes(),
                    call.base64()),
                Platform.context(Platform.LAMBDA, "priming", requestId));
        Json.mapper().writeValueAsBytes(ApiGatewayEvents.toResponse(response));
        return response.status();
      } finally {
        scope.close(System.nanoTime());
      }
    };
  }

  @Bean
  public ApplicationListener<ApplicationReadyEvent> primeOnStart(
      PrimingHook hook, Environment environment) {
    return event -> {
      if (Platform.initDurationMs() == null) { // an HTTP instance: ready now (Lambda: the handler)
        Platform.markReady(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      }
      if (Boolean.parseBoolean(environment.getProperty("dsm.priming.on-start", "false"))) {
        hook.prime();
      }
    };
  }
}
