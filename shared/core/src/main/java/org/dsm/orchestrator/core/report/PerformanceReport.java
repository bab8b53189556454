package org.dsm.orchestrator.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.invocation.InvocationInfo;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.ThresholdReport;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * The body of {@code GET /orchestrate/intelligence/performance/metrics/{id}} (snake_case). {@code
 * component_metrics}, {@code performance_thresholds} and {@code recommendations} are about this
 * project only: its orchestrations stored by every instance over the requested window ("total" and
 * each component). {@code instance_component_metrics} is labelled as what it is: this instance's
 * figures since start, for every project (including this report's own fresh analysis). {@code
 * history} repeats the project's window with its rates ({@code error_rate} counts failures of the
 * service, {@code client_error_rate} the 4xx answers); {@code dependencies} maps each DSM service
 * to its circuit state (CLOSED, OPEN, HALF_OPEN; empty for the embedded data).
 */
public record PerformanceReport(
    String projectId,
    double totalExecutionTimeMs,
    Map<String, MetricsAggregate.LatencySummary> componentMetrics,
    Map<String, OperationStats> instanceComponentMetrics,
    ResourceUsage resourceUsage,
    ThresholdReport performanceThresholds,
    List<String> recommendations,
    History history,
    Map<String, String> dependencies,
    InvocationInfo invocation,
    RegressionReport regressions) {

  /**
   * Stored invocations of every instance in [from, to); {@code error} is set (and figures empty) if
   * the store failed. {@code metricsUnwritten} counts records this instance could not store whose
   * start falls in the window (to the minute); {@code incomplete} is true when that is above zero,
   * the store failed, or the store's size bounds dropped part of the window, so the figures
   * undercount. {@code benchmarkInvocations}: the scheduled benchmark's dry runs of the project in
   * the window, recorded apart and counted in none of the figures above (null when the store could
   * not say).
   */
  public record History(
      String window,
      Instant from,
      Instant to,
      String store,
      long invocations,
      double errorRate,
      double clientErrorRate,
      double coldStartRate,
      Map<String, MetricsAggregate.LatencySummary> components,
      ThresholdReport thresholds,
      String error,
      long metricsUnwritten,
      boolean incomplete,
      Long benchmarkInvocations) {}
}
