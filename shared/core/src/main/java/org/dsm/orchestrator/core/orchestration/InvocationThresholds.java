package org.dsm.orchestrator.core.orchestration;

import java.util.Map;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;

/** TEMPORARY until the monitor package's threshold checker lands; judged on this invocation's own figures. */
final class InvocationThresholds {
  private final ThresholdConfig config;

  InvocationThresholds(ThresholdConfig config) {
    this.config = config;
  }

  Map<String, Boolean> verdict(double totalMs, Double patternMs, ResourceUsage usage) {
    boolean total = totalMs < config.totalMs();
    boolean pattern = patternMs == null || patternMs < config.patternAnalysisMs();
    boolean memory = usage.memoryIncreaseMb() <= config.memoryIncreaseMb();
    return Map.of("total_under_2000ms", total, "pattern_analysis_under_1000ms", pattern,
        "memory_increase_under_100mb", memory, "thresholds_met", total && pattern && memory);
  }
}
