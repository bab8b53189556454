package org.dsm.orchestrator.functions.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.orchestration.BenchmarkResult;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.functions.api.ApiResponse;
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

  /** The trigger of the scheduled invocation's own record (its orchestrations are "benchmark"). */
  public static final String TRIGGER = "schedule";

  private final BenchmarkService service;
  private final List<ProjectId> projects;
  private final int iterations;

  private final InvocationMetering metering;

  public ScheduledBenchmark(
      BenchmarkService service,
      List<ProjectId> projects,
      int iterations,
      InvocationMetering metering) {
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
    this.metering = metering;
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
   * Answers one scheduled invocation: runs the benchmark and answers 200 with the verdict, or 500
   * when it could not run. Leaves one record of its own (trigger {@code schedule}, no project) next
   * to the records of the orchestrations it ran.
   */
  public ApiResponse answer(InvocationContext context, String triggerId) {
    return answer(context, triggerId, Deadline.UNBOUNDED);
  }

  /**
   * @param remainingMillis the time the invocation has left (Lambda's Context): the benchmark stops
   *     iterating before it runs out, and says so in the verdict
   */
  public ApiResponse answer(
      InvocationContext context, String triggerId, LongSupplier remainingMillis) {
    Instant started = metering.now();
    long startNanos = System.nanoTime();
    int status = 200;
    String errorType = null;
    try {
      return ApiResponse.json(200, run(context, triggerId, remainingMillis));
    } catch (RuntimeException | Error e) {
      status = 500;
      errorType = e.getClass().getSimpleName();
      LOG.error("scheduled benchmark {} failed", context.invocationId(), e);
      return ApiResponse.error(
          500,
          "Internal error; the failure was logged with this invocation's id ("
              + context.invocationId()
              + ")");
    } finally {
      try {
        metering.recordRejected(
            PerformanceReportService.FUNCTION,
            context,
            null,
            started,
            (System.nanoTime() - startNanos) / 1_000_000.0,
            status,
            errorType);
      } catch (RuntimeException e) {
        LOG.warn("could not record invocation {}: {}", context.invocationId(), e.toString());
      }
    }
  }

  /**
   * Runs the benchmark; returns the verdict as a snake_case map (what the trigger's caller sees).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(InvocationContext trigger, String triggerId) {
    return run(trigger, triggerId, Deadline.UNBOUNDED);
  }

  public Map<String, Object> run(
      InvocationContext trigger, String triggerId, LongSupplier remainingMillis) {
    long start = System.nanoTime();
    try (LogContext ignored =
        LogContext.open(trigger.invocationId(), PerformanceReportService.FUNCTION, null, null)) {
      return runLogged(trigger, triggerId, start, remainingMillis);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> runLogged(
      InvocationContext trigger, String triggerId, long start, LongSupplier remainingMillis) {
    BenchmarkResult result = service.run(projects, iterations, trigger, remainingMillis);
    Map<String, Object> verdict = Json.mapper().convertValue(result, Map.class);
    LOG.info(
        "scheduled benchmark {} (trigger {}) verdict={} iterations_run={}/{} stopped_early={} "
            + "invocations={} errors={} total_p95_ms={} pattern_p95_ms={} regression={} "
            + "regression_causes={} took_ms={}",
        trigger.invocationId(),
        triggerId,
        result.verdict(),
        result.iterationsRun(),
        result.iterations(),
        result.stoppedEarly(),
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
