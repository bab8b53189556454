package org.dsm.orchestrator.core.monitor;

import java.util.List;

/**
 * A threshold verdict: the headline total-time check plus one entry per threshold. Serialised
 * snake_case as {@code target_total_time_ms, actual_total_time_ms, threshold_met, checks[]}; the
 * actual time is null when nothing was measured (the original showed 0 ms, which reads as fast).
 */
public record ThresholdReport(
    double targetTotalTimeMs,
    Double actualTotalTimeMs,
    boolean thresholdMet,
    List<ThresholdCheck> checks) {

  public ThresholdReport {
    checks = List.copyOf(checks);
  }

  /** Whether every check holds (not serialised: the JSON carries the checks themselves). */
  public boolean allMet() {
    return checks.stream().allMatch(ThresholdCheck::met);
  }

  /**
   * One threshold: {@code name} (e.g. "total_under_2000ms"), the figure judged ({@code metric}),
   * the limit, the measured value, the comparison ("<" or ">") and whether it holds. {@code actual}
   * is null when there is no data.
   */
  public record ThresholdCheck(
      String name,
      String metric,
      double threshold,
      Double actual,
      String comparison,
      boolean met) {}
}
