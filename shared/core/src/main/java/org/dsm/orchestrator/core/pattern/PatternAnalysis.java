package org.dsm.orchestrator.core.pattern;

import java.util.List;

/**
 * Result of one pattern analysis; {@code velocityTrends} / {@code successIndicators} are null when
 * no data (or the stage is disabled). {@code cached} tells whether this result was served from the
 * {@link PatternCache} rather than computed by this call, so callers and benchmarks can count hits
 * and keep them out of timing figures.
 */
public record PatternAnalysis(
    List<SimilarProject> similarProjects,
    VelocityTrend velocityTrends,
    SuccessIndicators successIndicators,
    boolean cached) {

  public static final PatternAnalysis EMPTY = new PatternAnalysis(List.of(), null, null, false);

  public PatternAnalysis {
    similarProjects = List.copyOf(similarProjects);
  }

  public PatternAnalysis(
      List<SimilarProject> similarProjects,
      VelocityTrend velocityTrends,
      SuccessIndicators successIndicators) {
    this(similarProjects, velocityTrends, successIndicators, false);
  }

  /** The same result, marked as served from the cache. */
  PatternAnalysis asCached() {
    return cached
        ? this
        : new PatternAnalysis(similarProjects, velocityTrends, successIndicators, true);
  }
}
