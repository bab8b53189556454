package org.dsm.orchestrator.core.monitor;

import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;

/** The reference's recommendation rules (section 6), each able to fire; stored history is considered when given. */
public final class Recommendations {
  private Recommendations() {}

  /** @param history the stored window's aggregate, or null when none is available */
  public static List<String> of(Map<String, OperationStats> stats, ThresholdConfig config, ResourceUsage usage,
      MetricsAggregate history) {
    throw new UnsupportedOperationException("TODO");
  }
}
