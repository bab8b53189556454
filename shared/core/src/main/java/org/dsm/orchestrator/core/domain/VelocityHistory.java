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
}
