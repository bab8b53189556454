package org.dsm.orchestrator.core.pattern;

import java.util.List;

/**
 * {@code avgSprintDuration} is in weeks; {@code teamSize} is null when the source does not know it.
 */
public record SimilarProject(
    String projectId,
    double similarityScore,
    Integer teamSize,
    double completionRate,
    double avgSprintDuration,
    List<String> keySuccessFactors) {}
