package org.dsm.orchestrator.core.pattern;

import java.util.List;

/** Result of one pattern analysis; {@code velocityTrends} / {@code successIndicators} are null when no data. */
public record PatternAnalysis(
    List<SimilarProject> similarProjects,
    VelocityTrend velocityTrends,
    SuccessIndicators successIndicators) {

  public static final PatternAnalysis EMPTY = new PatternAnalysis(List.of(), null, null);

  public PatternAnalysis {
    similarProjects = List.copyOf(similarProjects);
  }
}
