package org.dsm.orchestrator.core.orchestration;

import java.util.List;
import org.dsm.orchestrator.core.pattern.ConfidenceScore;
import org.dsm.orchestrator.core.pattern.DataQualityReport;
import org.dsm.orchestrator.core.pattern.PatternAnalysis;

/**
 * The observation-only intelligence of one orchestration. {@code status}: "ok", "disabled" (pattern
 * recognition off) or "unavailable" (Chronicle failed — {@code warnings} names the cause); the rule
 * decision never depends on it.
 */
record IntelligenceOutcome(
    String status,
    PatternAnalysis analysis,
    String insightsSummary,
    ConfidenceScore confidence,
    DataQualityReport dataQuality,
    List<String> warnings) {

  static final String OK = "ok";
  static final String DISABLED = "disabled";
  static final String UNAVAILABLE = "unavailable";

  static IntelligenceOutcome disabled() {
    return new IntelligenceOutcome(DISABLED, null, "", null, null, List.of());
  }

  static IntelligenceOutcome unavailable(String warning) {
    return new IntelligenceOutcome(UNAVAILABLE, null, "", null, null, List.of(warning));
  }

  double confidenceScore() {
    return confidence == null ? 0.0 : confidence.score();
  }
}
