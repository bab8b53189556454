package org.dsm.orchestrator.core.pattern;

import java.util.List;

/** {@code avgSprintDuration} is in weeks. */
public record SimilarProject(
    String projectId,
    double similarityScore,
    int teamSize,
    double completionRate,
    double avgSprintDuration,
    List<String> keySuccessFactors) {}
