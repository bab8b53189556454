package org.dsm.orchestrator.core.domain;

import java.util.List;

/**
 * Completed tasks per sprint, ordered by sprint start ascending, and their average as Chronicle
 * reports it.
 */
public record VelocityHistory(List<VelocityPoint> points, double averageVelocity) {
  public static final VelocityHistory EMPTY = new VelocityHistory(List.of(), 0.0);

  public VelocityHistory {
    points = List.copyOf(points);
  }

  /** The points whose sprint has both dates, in order; all of them unless some have none. */
  public List<VelocityPoint> dated() {
    return undated() == 0 ? points : points.stream().filter(VelocityPoint::dated).toList();
  }

  /** How many retrospectives have no dates (Chronicle's are optional). */
  public int undated() {
    int count = 0;
    for (VelocityPoint point : points) {
      if (!point.dated()) {
        count++;
      }
    }
    return count;
  }
}
