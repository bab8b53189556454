package org.dsm.orchestrator.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.ThresholdReport;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.InvocationInfo;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * The body of {@code GET /orchestrate/intelligence/performance/metrics/{id}} (snake_case): this
 * instance's view ({@code component_metrics} since start, including this report's own fresh
 * analysis) and the stored {@code history} across every instance over the requested window; {@code
 * dependencies} maps each DSM service to its circuit state (CLOSED, OPEN, HALF_OPEN; empty for the
 * embedded data); {@code regressions} compares the window with the one of the same length before
 * it.
 */
public record PerformanceReport(
    String projectId,
    double totalExecutionTimeMs,
    Map<String, OperationStats> componentMetrics,
    ResourceUsage resourceUsage,
    ThresholdReport performanceThresholds,
    List<String> recommendations,
    History history,
    Map<String, String> dependencies,
    InvocationInfo invocation,
    RegressionReport regressions) {

  /**
   * Stored invocations of every instance in [from, to); {@code error} is set (and figures empty) if
   * the store failed.
   */
  public record History(
      String window,
      Instant from,
      Instant to,
      String store,
      long invocations,
      double errorRate,
      double coldStartRate,
      Map<String, MetricsAggregate.LatencySummary> components,
      ThresholdReport thresholds,
      String error) {}
}
