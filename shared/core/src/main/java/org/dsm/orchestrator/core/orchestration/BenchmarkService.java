package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;

/**
 * The scheduled benchmark: N dry-run orchestrations over the configured projects, each recorded as
 * its own invocation with trigger "benchmark", judged against the thresholds on their p95 (not an
 * average).
 */
public final class BenchmarkService {
  public static final String TRIGGER = "benchmark";
  public static final int MAX_ITERATIONS = 1000;

  private final OrchestrationService orchestration;
  private final ThresholdConfig thresholds;

  public BenchmarkService(OrchestrationService orchestration, ThresholdConfig thresholds) {
    this.orchestration = orchestration;
    this.thresholds = thresholds;
  }

  public BenchmarkResult run(List<ProjectId> projects, int iterations, InvocationContext trigger) {
    if (projects.isEmpty() || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "benchmark needs at least one project and 1.." + MAX_ITERATIONS + " iterations");
    }
    Histogram total = newHistogram();
    Histogram pattern = newHistogram();
    Map<String, Integer> errors = new LinkedHashMap<>();
    int runs = 0;
    OrchestrationOptions options = OrchestrationOptions.DEFAULTS.withDryRun(true);
    for (int i = 0; i < iterations; i++) {
      for (ProjectId project : projects) {
        runs++;
        var context =
            new InvocationContext(
                trigger.invocationId() + "-" + runs, trigger.platform(), TRIGGER, false);
        try {
          var response =
              orchestration.orchestrate(
                  new OrchestrationRequest(
                      project, OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
                  context);
          total.recordValue(micros(response.invocation().totalDurationMs()));
          // a cache hit replaces the analysis with a lookup: that lookup is what pattern analysis
          // cost this run
          response.invocation().components().stream()
              .filter(
                  c ->
                      c.operation().equals(Operations.FULL_PATTERN_ANALYSIS)
                          || c.operation().equals(PatternEngine.PATTERN_CACHE_LOOKUP))
              .mapToDouble(ComponentTiming::durationMs)
              .reduce(Double::sum)
              .ifPresent(ms -> pattern.recordValue(micros(ms)));
        } catch (OrchestratorException e) {
          errors.merge(project.value() + ": " + e.getMessage(), 1, Integer::sum);
        }
      }
    }
    return verdict(projects, iterations, runs, total, pattern, errors);
  }

  private BenchmarkResult verdict(
      List<ProjectId> projects,
      int iterations,
      int runs,
      Histogram total,
      Histogram pattern,
      Map<String, Integer> errors) {
    int failed = errors.values().stream().mapToInt(Integer::intValue).sum();
    double successRate = runs == 0 ? 0.0 : 100.0 * (runs - failed) / runs;
    var totalSummary = BenchmarkResult.Latency.of(total);
    var patternSummary = BenchmarkResult.Latency.of(pattern);
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put(
        "total_p95_under_" + fmt(thresholds.totalMs()) + "ms",
        totalSummary.p95Ms() < thresholds.totalMs());
    checks.put(
        "pattern_analysis_p95_under_" + fmt(thresholds.patternAnalysisMs()) + "ms",
        patternSummary.p95Ms() < thresholds.patternAnalysisMs());
    checks.put(
        "success_rate_over_" + fmt(thresholds.successRatePercent()) + "pct",
        successRate > thresholds.successRatePercent());
    boolean pass = checks.values().stream().allMatch(Boolean::booleanValue);
    List<String> ids = new ArrayList<>();
    projects.forEach(p -> ids.add(p.value()));
    return new BenchmarkResult(
        ids,
        iterations,
        runs,
        failed,
        successRate,
        totalSummary,
        patternSummary,
        checks,
        pass ? "pass" : "fail",
        errors);
  }

  static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static Histogram newHistogram() {
    return new Histogram(3_600_000_000L, 3); // microseconds up to one hour, 3 significant digits
  }

  private static long micros(double ms) {
    return Math.max(0L, Math.round(ms * 1000.0));
  }

  /** A benchmark run; {@code invocationId} of the trigger prefixes each run's own id. */
  public static InvocationContext newTrigger(String platform) {
    return new InvocationContext("benchmark-" + UUID.randomUUID(), platform, TRIGGER, false);
  }
}
