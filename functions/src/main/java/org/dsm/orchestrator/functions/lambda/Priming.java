package org.dsm.orchestrator.functions.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.decision.DecisionEngine;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.InMemoryIdempotencyStore;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.DsmPorts;
import org.dsm.orchestrator.core.orchestration.InvocationContext;
import org.dsm.orchestrator.core.orchestration.InvocationMetering;
import org.dsm.orchestrator.core.orchestration.Monitoring;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.core.resilience.DependencyHealth;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.config.CoreUseCases;

/**
 * One warm-up pass over the code a request runs (API edge, JSON, engines, monitors, report), on a
 * throw-away stack: the same data ports, pattern engine and executor as the real services (so their
 * classes load and their caches fill), but its own PerformanceMonitor, an in-memory metrics store
 * and an in-memory idempotency store. So priming never writes a record into the real store, never
 * shows up in the instance's operation stats, and never consumes the cold-start flag.
 *
 * <p>With embedded data it runs a dry-run orchestration (no action is taken, embedded state is
 * unchanged) and a performance report. With HTTP data it must not call the DSM services, so it only
 * drives a request the API rejects before any use case runs (request parsing, Jackson, error
 * responses).
 */
public final class Priming {
  private static final String PROJECT_METRICS = OrchestratorApi.METRICS_PREFIX;

  private final ProjectId project;
  private final boolean embeddedData;
  private final String platform;
  private final OrchestratorApi api;
  private final PerformanceMonitor monitor = new PerformanceMonitor();
  private final InMemoryMetricsStore store = new InMemoryMetricsStore(1_000, 10);
  private final AtomicLong runs = new AtomicLong();

  public Priming(
      ProjectId project,
      boolean embeddedData,
      String platform,
      DsmPorts ports,
      PatternEngine patternEngine,
      IntelligenceConfig intelligence,
      ThresholdConfig thresholds,
      ResourceMonitor resources,
      ExecutorService executor,
      String appVersion) {
    this.project = project;
    this.embeddedData = embeddedData;
    this.platform = platform;
    InvocationMetering metering =
        new InvocationMetering(
            new SynchronousMetricsRecorder(store), Clock.systemUTC(), appVersion);
    Monitoring monitoring = new Monitoring(monitor, resources, thresholds, metering);
    OrchestrationService orchestration =
        new OrchestrationService(
            ports,
            new DecisionEngine(),
            patternEngine,
            intelligence,
            monitoring,
            executor,
            Clock.systemUTC());
    PerformanceReportService reports =
        new PerformanceReportService(ports, patternEngine, monitoring, store, executor);
    this.api =
        new OrchestratorApi(
            new CoreUseCases(orchestration, reports, DependencyHealth.NONE),
            metering,
            new IdempotencyGuard(new InMemoryIdempotencyStore(100)));
  }

  /** Runs the warm-up once; the statuses say what ran (a failing prime is reported, not thrown). */
  public Result run() {
    long started = System.nanoTime();
    int orchestrate;
    int report = 0;
    if (embeddedData) {
      orchestrate =
          call(
              "POST",
              OrchestratorApi.ORCHESTRATE_PREFIX + project.value(),
              "{\"action\": \"analyze_and_orchestrate\", \"options\": {\"dry_run\": true}}");
      report = call("GET", PROJECT_METRICS + project.value(), "");
    } else {
      // rejected by the edge (wrong type) before any use case: nothing leaves the process
      orchestrate =
          call(
              "POST",
              OrchestratorApi.ORCHESTRATE_PREFIX + project.value(),
              "{\"options\": {\"dry_run\": \"not-a-boolean\"}}");
    }
    return new Result(orchestrate, report, (System.nanoTime() - started) / 1e6);
  }

  private int call(String method, String path, String body) {
    InvocationContext context =
        new InvocationContext("priming-" + runs.incrementAndGet(), platform, "priming", false);
    ApiResponse response =
        api.handle(
            new ApiRequest(
                method,
                path,
                Map.of(),
                Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8),
                false),
            context);
    ApiGatewayEvents.toResponse(response); // the Lambda response mapping, loaded too
    return response.status();
  }

  /** Operation stats of the priming runs only (never the instance's). */
  public PerformanceMonitor monitor() {
    return monitor;
  }

  /** The throw-away store the priming runs recorded into. */
  public InMemoryMetricsStore store() {
    return store;
  }

  /** HTTP statuses of the primed calls (0 = not run) and the wall time of the pass. */
  public record Result(int orchestrateStatus, int reportStatus, double durationMs) {}
}
