package org.dsm.orchestrator.core.domain;

import java.util.List;

/**
 * The summary of a finished (historical) project used for similarity. Units are fixed here once:
 * {@code projectDurationWeeks} and {@code avgSprintLengthWeeks} are in weeks (Chronicle's days are
 * converted), {@code completionRate} is in [0, 1], {@code avgTaskComplexity} in [0, 1]. The four
 * similarity features ({@code teamSize}, {@code avgTaskComplexity}, {@code domainCategory}, {@code
 * projectDurationWeeks}) are null when the source does not know them. {@code optimalTaskCount} is
 * the sprint size with the best completion rate in that project's history, or null when unknown.
 */
public record HistoricalProject(
    String projectId,
    Integer teamSize,
    Double avgTaskComplexity,
    String domainCategory,
    Double projectDurationWeeks,
    double completionRate,
    double avgSprintLengthWeeks,
    List<String> keySuccessFactors,
    Integer optimalTaskCount) {

  public HistoricalProject {
    keySuccessFactors = List.copyOf(keySuccessFactors);
  }
}
