package org.dsm.orchestrator.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * A project's stored orchestrations over a window, cut into equal slices: what the history page
 * draws. {@code components} lists every component seen in the window, outermost first; each slice
 * holds the percentiles of the components that ran in it. {@code incomplete} says why the figures
 * may undercount (the store's size bounds dropped part of the span, this instance could not store
 * records in it, or its newest were still on their way); empty when nothing is known missing.
 */
public record PerformanceHistory(
    String projectId,
    String window,
    Instant from,
    Instant to,
    String store,
    List<String> components,
    List<Slice> slices,
    ThresholdConfig thresholds,
    RegressionReport regressions,
    List<String> incomplete) {

  public PerformanceHistory {
    incomplete = List.copyOf(incomplete);
  }

  /** This history with one more reason it may undercount. */
  public PerformanceHistory withIncomplete(String reason) {
    List<String> reasons = new java.util.ArrayList<>(incomplete);
    reasons.add(reason);
    return new PerformanceHistory(
        projectId, window, from, to, store, components, slices, thresholds, regressions, reasons);
  }

  public record Slice(
      Instant from,
      Instant to,
      long invocations,
      double errorRate,
      double coldStartRate,
      Map<String, LatencySummary> components) {}
}
