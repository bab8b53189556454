package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * The confidence of a pattern analysis, the original's formula term for term: 0.3 + 0.2 × mean
 * similarity when similar projects exist, 0.3 × the velocity confidence when it exceeds 0.5, 0.2 ×
 * the success probability when it exceeds {@code confidence_threshold} (0.6 by default); rounded to
 * 2 decimals, at most 1.0.
 */
final class ConfidenceScorer {
  static final double VELOCITY_SIGNAL_MIN = 0.5;
  static final String NO_DATA = "Limited historical data for robust pattern analysis.";

  private ConfidenceScorer() {}

  static ConfidenceScore score(PatternAnalysis analysis, double successThreshold) {
    double score = 0.0;
    List<String> reasons = new ArrayList<>();
    List<SimilarProject> similar = analysis.similarProjects();
    if (!similar.isEmpty()) {
      double[] scores = similar.stream().mapToDouble(SimilarProject::similarityScore).toArray();
      score += 0.3 + 0.2 * PythonNumbers.mean(scores);
      reasons.add("Found " + similar.size() + " similar projects.");
    }
    VelocityTrend velocity = analysis.velocityTrends();
    if (velocity != null && velocity.confidence() > VELOCITY_SIGNAL_MIN) {
      score += 0.3 * velocity.confidence();
      reasons.add(
          "Velocity trend analysis has "
              + PythonNumbers.roundToInt(velocity.confidence() * 100)
              + "% confidence.");
    }
    SuccessIndicators success = analysis.successIndicators();
    if (success != null && success.successProbability() > successThreshold) {
      score += 0.2 * success.successProbability();
      reasons.add(
          "Success indicators suggest "
              + PythonNumbers.roundToInt(success.successProbability() * 100)
              + "% probability.");
    }
    return new ConfidenceScore(
        Math.min(PythonNumbers.round(score, 2), 1.0),
        reasons.isEmpty() ? NO_DATA : String.join(" ", reasons));
  }
}
