package org.dsm.orchestrator.core.pattern;

import java.util.List;

/** {@code historicalRange} is [min, max]; {@code confidence} in [0, 1]. */
public record VelocityTrend(
    double currentTeamVelocity,
    List<Double> historicalRange,
    String trendDirection,
    double confidence,
    String patternNote) {}
