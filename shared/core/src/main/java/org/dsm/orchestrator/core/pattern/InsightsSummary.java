package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.List;

/** The one-paragraph insights text, worded as the original so captured responses still match. */
final class InsightsSummary {
  static final String NONE = "No significant patterns or insights identified from historical data.";

  private InsightsSummary() {}

  static String of(PatternAnalysis analysis) {
    List<String> parts = new ArrayList<>();
    if (!analysis.similarProjects().isEmpty()) {
      parts.add("Found " + analysis.similarProjects().size() + " similar projects.");
    }
    VelocityTrend velocity = analysis.velocityTrends();
    if (velocity != null) {
      parts.add(
          "Team velocity trend is "
              + velocity.trendDirection()
              + " (current: "
              + PythonNumbers.repr(velocity.currentTeamVelocity())
              + ").");
    }
    SuccessIndicators success = analysis.successIndicators();
    if (success != null) {
      parts.add(successSentence(success));
    }
    return parts.isEmpty() ? NONE : String.join(" ", parts);
  }

  private static String successSentence(SuccessIndicators success) {
    StringBuilder text =
        new StringBuilder("Based on similar projects, success probability is ")
            .append(PythonNumbers.roundToInt(success.successProbability() * 100))
            .append('%');
    String joiner = " with ";
    if (success.optimalTasksPerSprint() != null) {
      text.append(joiner)
          .append("optimal ")
          .append(success.optimalTasksPerSprint())
          .append(" tasks per sprint");
      joiner = " and ";
    }
    if (success.recommendedSprintDuration() != null) {
      text.append(joiner).append(success.recommendedSprintDuration()).append("-week duration");
    }
    return text.append('.').toString();
  }
}
