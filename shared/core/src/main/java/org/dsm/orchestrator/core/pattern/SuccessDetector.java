package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;

/**
 * Success indicators from the similar projects, computed from the data: the optimal task count is
 * the mean of the similar projects' own best sprint sizes (the original used a constant 6), the
 * sprint length is in weeks throughout, and a falling velocity is reported as a risk (the
 * original's list was always empty).
 */
final class SuccessDetector {
  /**
   * A similar project counts as a success when it completed more than this share of its work
   * (original: 0.8).
   */
  static final double SUCCESS_COMPLETION_RATE = 0.8;

  static final String RISK_VELOCITY_DECREASING = "velocity_decreasing";

  private SuccessDetector() {}

  /**
   * @param velocity the project's own trend, or null; {@code similar} must not be empty
   */
  static SuccessIndicators detect(List<SimilarityAnalyzer.Match> similar, VelocityTrend velocity) {
    int successes = 0;
    List<Double> taskCounts = new ArrayList<>();
    List<Double> sprintWeeks = new ArrayList<>();
    for (SimilarityAnalyzer.Match match : similar) {
      HistoricalProject p = match.project();
      if (p.completionRate() > SUCCESS_COMPLETION_RATE) {
        successes++;
      }
      if (p.optimalTaskCount() != null && p.optimalTaskCount() > 0) {
        taskCounts.add(p.optimalTaskCount().doubleValue());
      }
      if (p.avgSprintLengthWeeks() > 0.0) {
        sprintWeeks.add(p.avgSprintLengthWeeks());
      }
    }
    List<String> risks =
        velocity != null && VelocityAnalyzer.DECREASING.equals(velocity.trendDirection())
            ? List.of(RISK_VELOCITY_DECREASING)
            : List.of();
    return new SuccessIndicators(
        roundedMean(taskCounts),
        roundedMean(sprintWeeks),
        PythonNumbers.round((double) successes / similar.size(), 2),
        risks);
  }

  private static Integer roundedMean(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    return PythonNumbers.roundToInt(
        PythonNumbers.mean(values.stream().mapToDouble(Double::doubleValue).toArray()));
  }
}
