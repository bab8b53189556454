package org.dsm.orchestrator.core.pattern;

import java.util.List;

/**
 * How much history backs the analysis, with honest names (flaw F18): {@code historicalSprints} counts
 * retrospectives (finished sprints), {@code dailyScrumReports} the daily-scrum notes,
 * {@code avgCompletedTasksPerSprint} the mean velocity, and {@code dataQualityScore} is computed from coverage,
 * not a constant. {@code recommendations} is empty when nothing is missing.
 */
public record DataQualityReport(
    boolean dataAvailable,
    int historicalSprints,
    int dailyScrumReports,
    Double avgCompletedTasksPerSprint,
    Double commonTeamVelocity,
    double dataQualityScore,
    String observationNote,
    List<String> recommendations) {}
