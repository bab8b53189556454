package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.junit.jupiter.api.Test;

class SuccessAndConfidenceTest {
  private static SimilarityAnalyzer.Match match(
      String id, double completion, double weeks, Integer optimal, double similarity) {
    return new SimilarityAnalyzer.Match(
        new HistoricalProject(id, 5, 0.5, "general", 10.0, completion, weeks, List.of(), optimal),
        similarity);
  }

  @Test
  void optimalTaskCountAndSprintLengthComeFromTheData() {
    var matches =
        List.of(
            match("A", 0.9, 2.0, 8, 0.9),
            match("B", 0.81, 3.0, 11, 0.8),
            match("C", 0.8, 2.0, null, 0.7));

    SuccessIndicators s = SuccessDetector.detect(matches, null);

    assertThat(s.optimalTasksPerSprint()).isEqualTo(10); // mean(8, 11) = 9.5 → 10 (half to even)
    assertThat(s.recommendedSprintDuration()).isEqualTo(2); // mean(2, 3, 2) = 2.33
    assertThat(s.successProbability()).isEqualTo(0.67); // 0.8 is not a success: strictly greater
    assertThat(s.riskFactors()).isEmpty();
  }

  @Test
  void unknownFiguresStayUnknownAndTheTextSaysLess() {
    SuccessIndicators s = SuccessDetector.detect(List.of(match("A", 0.5, 0.0, null, 0.9)), null);

    assertThat(s.optimalTasksPerSprint()).isNull();
    assertThat(s.recommendedSprintDuration()).isNull();
    assertThat(InsightsSummary.of(new PatternAnalysis(List.of(), null, s)))
        .isEqualTo("Based on similar projects, success probability is 0%.");
  }

  @Test
  void aFallingVelocityIsARisk() {
    var falling =
        new VelocityTrend(2, List.of(2.0, 9.0), "decreasing", 0.4, "Velocity trend is decreasing.");
    assertThat(SuccessDetector.detect(List.of(match("A", 0.9, 2, 5, 0.9)), falling).riskFactors())
        .containsExactly(SuccessDetector.RISK_VELOCITY_DECREASING);
  }

  @Test
  void confidenceAddsEachStrongSignalAndCapsAtOne() {
    var similar = List.of(new SimilarProject("A", 1.0, 5, 0.9, 2, List.of()));
    var velocity =
        new VelocityTrend(5, List.of(5.0, 5.0), "stable", 1.0, "Velocity trend is stable.");
    var success = new SuccessIndicators(5, 2, 1.0, List.of());

    ConfidenceScore full =
        ConfidenceScorer.score(new PatternAnalysis(similar, velocity, success), 0.6);

    assertThat(full.score()).isEqualTo(1.0);
    assertThat(full.reasoning())
        .isEqualTo(
            "Found 1 similar projects. Velocity trend analysis has 100% confidence. "
                + "Success indicators suggest 100% probability.");
  }

  @Test
  void weakSignalsAddNothingAndTheThresholdIsConfigurable() {
    var velocity =
        new VelocityTrend(5, List.of(5.0, 5.0), "stable", 0.5, "Velocity trend is stable.");
    var success = new SuccessIndicators(5, 2, 0.6, List.of());
    var analysis = new PatternAnalysis(List.of(), velocity, success);

    assertThat(ConfidenceScorer.score(analysis, 0.6))
        .isEqualTo(new ConfidenceScore(0.0, ConfidenceScorer.NO_DATA));
    assertThat(ConfidenceScorer.score(analysis, 0.5).score()).isEqualTo(0.12);
  }

  @Test
  void emptyAnalysisHasTheOriginalTexts() {
    assertThat(InsightsSummary.of(PatternAnalysis.EMPTY)).isEqualTo(InsightsSummary.NONE);
  }
}
