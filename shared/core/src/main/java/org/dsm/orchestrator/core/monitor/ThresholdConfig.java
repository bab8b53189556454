package org.dsm.orchestrator.core.monitor;

/** The performance thresholds, configurable; defaults: 2000 ms, 1000 ms, 100 MiB, 95 %. */
public record ThresholdConfig(
    double totalMs, double patternAnalysisMs, double memoryIncreaseMb, double successRatePercent) {
  public static final ThresholdConfig DEFAULTS = new ThresholdConfig(2000, 1000, 100, 95);

  public ThresholdConfig {
    requirePositive("totalMs", totalMs);
    requirePositive("patternAnalysisMs", patternAnalysisMs);
    requirePositive("memoryIncreaseMb", memoryIncreaseMb);
    requirePositive("successRatePercent", successRatePercent);
    if (successRatePercent > 100) {
      throw new IllegalArgumentException(
          "successRatePercent must be at most 100, was " + successRatePercent);
    }
  }

  private static void requirePositive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a positive finite number, was " + value);
    }
  }
}
