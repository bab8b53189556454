package org.dsm.orchestrator.core.pattern;

import java.util.List;

/**
 * What similar projects suggest. {@code optimalTasksPerSprint} is the mean of the similar projects'
 * own best sprint sizes (null when none of them knows it — the original printed a constant 6);
 * {@code recommendedSprintDuration} is in weeks, the half-to-even rounded mean of their sprint
 * lengths (null when none is known); {@code successProbability} is the share of similar projects
 * that completed more than 80 % of their work; {@code riskFactors} lists risks seen in the data
 * ({@code velocity_decreasing} when the project's own trend falls).
 */
public record SuccessIndicators(
    Integer optimalTasksPerSprint,
    Integer recommendedSprintDuration,
    double successProbability,
    List<String> riskFactors) {

  public SuccessIndicators {
    riskFactors = List.copyOf(riskFactors);
  }
}
