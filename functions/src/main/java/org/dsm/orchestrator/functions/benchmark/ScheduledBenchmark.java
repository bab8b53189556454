package org.dsm.orchestrator.functions.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.orchestration.BenchmarkResult;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.orchestration.InvocationContext;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.functions.api.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled benchmark behind {@code performanceMetrics}: triggered by an EventBridge scheduled
 * event (Lambda) or a CloudEvent from a Knative PingSource. Runs the configured dry-run
 * orchestrations and logs one verdict line.
 */
public final class ScheduledBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledBenchmark.class);
  public static final String PING_SOURCE_TYPE = "dev.knative.sources.ping";

  private final BenchmarkService service;
  private final List<ProjectId> projects;
  private final int iterations;

  public ScheduledBenchmark(BenchmarkService service, List<ProjectId> projects, int iterations) {
    if (projects.isEmpty()) {
      throw new IllegalStateException("BENCHMARK_PROJECTS names no project");
    }
    if (iterations < 1 || iterations > BenchmarkService.MAX_ITERATIONS) {
      throw new IllegalStateException(
          "BENCHMARK_ITERATIONS must be 1.."
              + BenchmarkService.MAX_ITERATIONS
              + ", got "
              + iterations);
    }
    this.service = service;
    this.projects = List.copyOf(projects);
    this.iterations = iterations;
  }

  /**
   * "TEST-001, DEMO-002" → project ids; each must be a valid id (fails fast at start otherwise).
   */
  public static List<ProjectId> parseProjects(String csv) {
    List<ProjectId> ids = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        ids.add(ProjectId.of(part.trim()));
      }
    }
    return ids;
  }

  /**
   * Runs the benchmark; returns the verdict as a snake_case map (what the trigger's caller sees).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(String platform, String triggerId) {
    InvocationContext trigger = BenchmarkService.newTrigger(platform);
    long start = System.nanoTime();
    try (LogContext ignored =
        LogContext.open(trigger.invocationId(), PerformanceReportService.FUNCTION, null, null)) {
      return runLogged(trigger, triggerId, start);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> runLogged(InvocationContext trigger, String triggerId, long start) {
    BenchmarkResult result = service.run(projects, iterations, trigger);
    Map<String, Object> verdict = Json.mapper().convertValue(result, Map.class);
    LOG.info(
        "scheduled benchmark {} (trigger {}) verdict={} invocations={} errors={} total_p95_ms={} "
            + "pattern_p95_ms={} regression={} regression_causes={} took_ms={}",
        trigger.invocationId(),
        triggerId,
        result.verdict(),
        result.invocations(),
        result.errors(),
        result.totalOrchestration().p95Ms(),
        result.patternAnalysis().p95Ms(),
        result.regressions().status(),
        result.regressions().causes(),
        (System.nanoTime() - start) / 1_000_000);
    return verdict;
  }
}
