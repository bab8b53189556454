package org.dsm.orchestrator.core.monitor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.dsm.orchestrator.core.monitor.ThresholdReport.ThresholdCheck;

/**
 * Judges figures against the {@link ThresholdConfig}: one invocation, the instance since start, or
 * a stored window. Every report carries the same four checks, named from the configured values
 * ("total_under_2000ms", "pattern_analysis_under_1000ms", "memory_increase_under_100mb",
 * "success_rate_over_95pct"); a stored window's has a fifth beside the first,
 * "request_to_response_under_2000ms": the same total-time limit on the platform's total (see {@link
 * Operations#REQUEST_TO_RESPONSE}), which only the stored records hold (it ends after the response
 * is serialised). A check without data (actual null) is met: nothing was measured that breaks it.
 * Comparisons are strict, as the names say. The headline {@code threshold_met} is the use case's
 * total-time check (as in the original); {@link ThresholdReport#allMet()} covers every check.
 */
public final class ThresholdChecker {
  /**
   * The stored component the total-time check judges: the use case's own total, present only where
   * an orchestration ran. The records' "total" also counts idempotent replays and requests rejected
   * before the use case (a millisecond each), which would pull a slow p95 under the line.
   */
  static final String TOTAL_STORED_COMPONENT = Operations.TOTAL_ORCHESTRATION;

  /**
   * The platform's total of the same invocations (present where a use case ran), judged against the
   * same limit: a throttled CPU or a slow serialisation shows here and not in the use case's total.
   */
  static final String EDGE_STORED_COMPONENT = Operations.REQUEST_TO_RESPONSE;

  private final ThresholdConfig config;
  // named once: every response carries the four checks
  private final String totalName;
  private final String edgeName;
  private final String patternName;
  private final String memoryName;
  private final String successRateName;

  public ThresholdChecker(ThresholdConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.totalName = "total_under_" + number(config.totalMs()) + "ms";
    this.edgeName = EDGE_STORED_COMPONENT + "_under_" + number(config.totalMs()) + "ms";
    this.patternName = "pattern_analysis_under_" + number(config.patternAnalysisMs()) + "ms";
    this.memoryName = "memory_increase_under_" + number(config.memoryIncreaseMb()) + "mb";
    this.successRateName = "success_rate_over_" + number(config.successRatePercent()) + "pct";
  }

  public ThresholdConfig config() {
    return config;
  }

  /**
   * This invocation's own figures; {@code patternMs} is null when pattern analysis did not run
   * (check passes).
   */
  public ThresholdReport evaluateInvocation(double totalMs, Double patternMs, ResourceUsage usage) {
    return report(
        totalMs,
        "total_orchestration_ms",
        patternMs,
        "full_pattern_analysis_ms",
        usage == null ? null : usage.memoryIncreaseMb(),
        null,
        "invocation_success_rate_pct");
  }

  /**
   * The instance's stats since start (p95 of total and pattern analysis, success rate of
   * total_orchestration).
   */
  public ThresholdReport evaluateInstance(Map<String, OperationStats> stats, ResourceUsage usage) {
    OperationStats total = stats.get(Operations.TOTAL_ORCHESTRATION);
    OperationStats pattern = stats.get(Operations.FULL_PATTERN_ANALYSIS);
    return report(
        p95(total),
        "total_orchestration_p95_ms",
        p95(pattern),
        "full_pattern_analysis_p95_ms",
        usage == null ? null : usage.memoryIncreaseMb(),
        total == null || total.totalCalls() == 0 ? null : total.successRate(),
        "total_orchestration_success_rate_pct");
  }

  /**
   * A stored window across instances: p95 of total_orchestration, request_to_response and
   * full_pattern_analysis, error rate as success rate.
   */
  public ThresholdReport evaluateAggregate(MetricsAggregate aggregate) {
    return evaluateAggregate(aggregate, null);
  }

  /**
   * A stored window plus one invocation's memory increase (the report's own): a project's figures
   * over the window. The success rate counts only failures of the service, never 4xx answers.
   */
  public ThresholdReport evaluateAggregate(MetricsAggregate aggregate, ResourceUsage usage) {
    Map<String, LatencySummary> components =
        aggregate.components() == null ? Map.of() : aggregate.components();
    ThresholdReport report =
        report(
            p95(components.get(TOTAL_STORED_COMPONENT)),
            "stored_total_orchestration_p95_ms",
            p95(components.get(Operations.FULL_PATTERN_ANALYSIS)),
            "stored_full_pattern_analysis_p95_ms",
            usage == null ? null : usage.memoryIncreaseMb(),
            aggregate.invocations() == 0 ? null : 100.0 * (1.0 - aggregate.errorRate()),
            "stored_success_rate_pct");
    List<ThresholdCheck> checks = new ArrayList<>(report.checks());
    checks.add(
        1,
        under(
            edgeName,
            "stored_" + EDGE_STORED_COMPONENT + "_p95_ms",
            config.totalMs(),
            p95(components.get(EDGE_STORED_COMPONENT))));
    return new ThresholdReport(
        report.targetTotalTimeMs(), report.actualTotalTimeMs(), report.thresholdMet(), checks);
  }

  static String number(double value) {
    return new BigDecimal(Double.toString(value))
        .stripTrailingZeros()
        .toPlainString()
        .replace('.', '_');
  }

  String totalName() {
    return totalName;
  }

  String patternName() {
    return patternName;
  }

  String memoryName() {
    return memoryName;
  }

  String successRateName() {
    return successRateName;
  }

  private ThresholdReport report(
      Double totalMs,
      String totalMetric,
      Double patternMs,
      String patternMetric,
      Double memoryMb,
      Double successRate,
      String successMetric) {
    List<ThresholdCheck> checks =
        List.of(
            under(totalName(), totalMetric, config.totalMs(), totalMs),
            under(patternName(), patternMetric, config.patternAnalysisMs(), patternMs),
            under(memoryName(), "memory_increase_mb", config.memoryIncreaseMb(), memoryMb),
            over(successRateName(), successMetric, config.successRatePercent(), successRate));
    // The headline is the total-time check, as in the original response; allMet() covers every
    // check.
    return new ThresholdReport(config.totalMs(), totalMs, checks.get(0).met(), checks);
  }

  private static ThresholdCheck under(String name, String metric, double limit, Double actual) {
    return new ThresholdCheck(name, metric, limit, actual, "<", actual == null || actual < limit);
  }

  private static ThresholdCheck over(String name, String metric, double limit, Double actual) {
    return new ThresholdCheck(name, metric, limit, actual, ">", actual == null || actual > limit);
  }

  private static Double p95(OperationStats stats) {
    return stats == null || stats.successfulCalls() == 0 ? null : stats.p95DurationMs();
  }

  private static Double p95(LatencySummary summary) {
    return summary == null || summary.count() == 0 ? null : summary.p95Ms();
  }
}
