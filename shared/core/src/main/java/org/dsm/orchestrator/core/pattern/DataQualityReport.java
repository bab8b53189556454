package org.dsm.orchestrator.core.pattern;

import java.util.List;

/**
 * How much history backs the analysis, with honest names: {@code historicalSprints} counts finished
 * sprints (retrospectives, or velocity entries if Chronicle knows more of those), {@code
 * dailyScrumReports} the daily-scrum notes, {@code avgCompletedTasksPerSprint} the mean of the
 * velocity series, {@code commonTeamVelocity} Chronicle's own average velocity (null when it has
 * none), and {@code dataQualityScore} in [0, 1] is computed from coverage, not a constant. {@code
 * recommendations} is empty when nothing is missing.
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
