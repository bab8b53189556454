package org.dsm.orchestrator.core.regression;

/**
 * When a change counts as a regression: worse than the baseline by {@code relativeMargin} (0.2 =
 * +20 %) and by at least the absolute margin ({@code absoluteMs} for p95 latencies, {@code
 * absoluteRate} for error and cold-start rates, as fractions), judged only with at least {@code
 * minSamples} on both sides. Both margins must be exceeded: a relative one alone flags 0.01 ms →
 * 0.02 ms, an absolute one alone flags any slow component's ordinary jitter.
 */
public record RegressionConfig(
    double relativeMargin, double absoluteMs, double absoluteRate, long minSamples) {
  public static final RegressionConfig DEFAULTS = new RegressionConfig(0.2, 1.0, 0.02, 20);

  public RegressionConfig {
    if (!(relativeMargin >= 0) || !(absoluteMs >= 0) || !(absoluteRate >= 0) || minSamples < 1) {
      throw new IllegalArgumentException(
          "regression margins must be >= 0 and minSamples >= 1, got "
              + relativeMargin
              + ", "
              + absoluteMs
              + ", "
              + absoluteRate
              + ", "
              + minSamples);
    }
  }

  boolean exceeds(double baseline, double current, double absoluteMargin) {
    double change = current - baseline;
    return change >= absoluteMargin && change > 0 && current >= baseline * (1 + relativeMargin);
  }
}
