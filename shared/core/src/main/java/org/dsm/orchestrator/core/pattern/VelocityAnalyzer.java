package org.dsm.orchestrator.core.pattern;

import java.util.List;
import org.dsm.orchestrator.core.domain.VelocityPoint;

/**
 * Velocity trend over completed tasks per sprint: the least-squares slope is judged relative to the
 * mean velocity (at least one task per sprint, so near-zero series are judged on the original's
 * absolute scale) and the confidence is clamped to [0, 1]. For series averaging at most one task
 * per sprint, results equal the original's.
 */
final class VelocityAnalyzer {
  static final String INCREASING = "increasing";
  static final String DECREASING = "decreasing";
  static final String STABLE = "stable";

  /** A trend must move the velocity by more than 10 % of its mean per sprint. */
  static final double RELATIVE_TREND_THRESHOLD = 0.1;

  /** Ten sprints of history give full weight to the trend. */
  static final double FULL_CONFIDENCE_SPRINTS = 10.0;

  static final VelocityTrend NO_DATA =
      new VelocityTrend(0.0, List.of(0.0, 0.0), STABLE, 0.0, "No velocity data available.");

  private VelocityAnalyzer() {}

  static VelocityTrend analyze(List<VelocityPoint> points) {
    int n = points.size();
    if (n == 0) {
      return NO_DATA;
    }
    double[] y = new double[n];
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      y[i] = points.get(i).completedTasks();
      min = Math.min(min, y[i]);
      max = Math.max(max, y[i]);
    }
    double slope = PythonNumbers.round(slope(y), 4);
    double relative = slope / Math.max(PythonNumbers.mean(y), 1.0);
    String direction =
        relative > RELATIVE_TREND_THRESHOLD
            ? INCREASING
            : relative < -RELATIVE_TREND_THRESHOLD ? DECREASING : STABLE;
    double weight = Math.min(n / FULL_CONFIDENCE_SPRINTS, 1.0);
    double confidence = PythonNumbers.round(weight * (1.0 - Math.min(Math.abs(relative), 1.0)), 2);
    return new VelocityTrend(
        PythonNumbers.round(y[n - 1], 2),
        List.of(PythonNumbers.round(min, 2), PythonNumbers.round(max, 2)),
        direction,
        confidence,
        "Velocity trend is " + direction + ".");
  }

  /** Ordinary least-squares slope of y against x = 0..n-1; 0 for fewer than two points. */
  static double slope(double[] y) {
    int n = y.length;
    if (n < 2) {
      return 0.0;
    }
    double xMean = (n - 1) / 2.0;
    double yMean = PythonNumbers.mean(y);
    double numerator = 0.0;
    double denominator = 0.0;
    for (int i = 0; i < n; i++) {
      numerator += (i - xMean) * (y[i] - yMean);
      denominator += (i - xMean) * (i - xMean);
    }
    return numerator / denominator;
  }
}
