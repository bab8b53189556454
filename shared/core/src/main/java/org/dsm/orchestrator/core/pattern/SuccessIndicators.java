package org.dsm.orchestrator.core.pattern;

import java.util.List;

/** {@code recommendedSprintDuration} is in weeks. */
public record SuccessIndicators(
    int optimalTasksPerSprint,
    int recommendedSprintDuration,
    double successProbability,
    List<String> riskFactors) {}
