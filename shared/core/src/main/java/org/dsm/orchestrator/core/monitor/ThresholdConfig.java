package org.dsm.orchestrator.core.monitor;

/** The change request's thresholds, configurable; defaults: 2000 ms, 1000 ms, 100 MB, 95 %. */
public record ThresholdConfig(
    double totalMs, double patternAnalysisMs, double memoryIncreaseMb, double successRatePercent) {
  public static final ThresholdConfig DEFAULTS = new ThresholdConfig(2000, 1000, 100, 95);
}
