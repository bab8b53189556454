package org.dsm.orchestrator.core.monitor;

import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;

/** Judges figures against the {@link ThresholdConfig}: one invocation, the instance since start, or a stored window. */
public final class ThresholdChecker {
  public ThresholdChecker(ThresholdConfig config) {}

  /** This invocation's own figures; {@code patternMs} is null when pattern analysis did not run (check passes). */
  public ThresholdReport evaluateInvocation(double totalMs, Double patternMs, ResourceUsage usage) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The instance's stats since start (p95 of total and pattern analysis, success rate of total_orchestration). */
  public ThresholdReport evaluateInstance(Map<String, OperationStats> stats, ResourceUsage usage) {
    throw new UnsupportedOperationException("TODO");
  }

  /** A stored window across instances: p95 of "total" and full_pattern_analysis, error rate as success rate. */
  public ThresholdReport evaluateAggregate(MetricsAggregate aggregate) {
    throw new UnsupportedOperationException("TODO");
  }
}
