package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.fixtures.ParityFixture;
import org.junit.jupiter.api.Test;

/**
 * The original's worked values of its pattern analysis under the parity settings and the original's
 * three-project fixture.
 */
class ParityTest {
  private final IntelligenceConfig settings = ParityFixture.SETTINGS;
  private final SimilarityAnalyzer similarity =
      new SimilarityAnalyzer(settings.similarityThreshold(), settings.similarityTopN());

  private PatternAnalysis analyse(String projectId, int teamSize, VelocityHistory velocity) {
    var matches =
        similarity.findSimilar(
            projectId, ParityFixture.originalTarget(teamSize), ParityFixture.PROJECTS);
    VelocityTrend trend = VelocityAnalyzer.analyze(velocity.points());
    return new PatternAnalysis(
        matches.stream().map(SimilarityAnalyzer::toSimilarProject).toList(),
        trend,
        SuccessDetector.detect(matches, trend));
  }

  private static List<Double> scores(PatternAnalysis analysis) {
    return analysis.similarProjects().stream().map(SimilarProject::similarityScore).toList();
  }

  @Test
  void everyRealOrchestrationOfZep010() {
    PatternAnalysis analysis = analyse("ZEP010", 2, ParityFixture.ZEP010_VELOCITY);

    assertThat(analysis.similarProjects())
        .extracting(SimilarProject::projectId)
        .containsExactly("PROJ-456", "TEST-001");
    assertThat(scores(analysis)).containsExactly(0.8086, 0.714);
    assertThat(analysis.velocityTrends().confidence()).isEqualTo(0.2);
    assertThat(analysis.successIndicators())
        .isEqualTo(new SuccessIndicators(6, 11, 0.5, List.of())); // 11.25 → 11
    assertThat(ConfidenceScorer.score(analysis, settings.confidenceThreshold()).score())
        .isEqualTo(0.45);
  }

  @Test
  void theInsightsEndpointForTest001() {
    PatternAnalysis analysis = analyse("TEST-001", 0, ParityFixture.TEST001_VELOCITY);

    assertThat(scores(analysis)).containsExactly(0.7761); // TEST-001 itself is skipped
    assertThat(analysis.velocityTrends())
        .isEqualTo(
            new VelocityTrend(0.0, List.of(0.0, 0.0), "stable", 1.0, "Velocity trend is stable."));
    assertThat(analysis.successIndicators())
        .isEqualTo(new SuccessIndicators(6, 12, 1.0, List.of())); // 12.5 → 12
    assertThat(ConfidenceScorer.score(analysis, settings.confidenceThreshold()).score())
        .isEqualTo(0.96);
    assertThat(InsightsSummary.of(analysis))
        .isEqualTo(
            "Found 1 similar projects. Team velocity trend is stable "
                + "(current: 0.0). Based on similar projects, success probability is 100% with optimal 6 tasks per sprint "
                + "and 12-week duration.");
  }

  @Test
  void theDummyTargetOfOtherProjects() {
    assertThat(scores(analyse("ZEP010", 0, ParityFixture.ZEP010_VELOCITY)))
        .containsExactly(0.7761, 0.7001);
  }

  @Test
  void theScoresBelowTheThreshold() {
    var all = new SimilarityAnalyzer(0.0, 10);
    assertThat(all.findSimilar("X", ParityFixture.originalTarget(0), ParityFixture.PROJECTS))
        .extracting(m -> PythonNumbers.round(m.similarity(), 4))
        .containsExactly(0.7761, 0.7001, 0.2649);
    assertThat(all.findSimilar("X", ParityFixture.originalTarget(2), ParityFixture.PROJECTS))
        .extracting(m -> PythonNumbers.round(m.similarity(), 4))
        .containsExactly(0.8086, 0.714, 0.3117);
  }

  @Test
  void pythonRoundingIsHalfToEvenOnTheExactBinaryValue() {
    assertThat(PythonNumbers.roundToInt(12.5)).isEqualTo(12);
    assertThat(PythonNumbers.roundToInt(11.5)).isEqualTo(12);
    assertThat(PythonNumbers.roundToInt(11.25)).isEqualTo(11);
    assertThat(PythonNumbers.round(2.675, 2)).isEqualTo(2.67); // 2.675 is 2.67499999... in binary
    assertThat(PythonNumbers.round(0.125, 2)).isEqualTo(0.12);
    assertThat(PythonNumbers.round(0.452, 2)).isEqualTo(0.45);
    assertThat(PythonNumbers.repr(0.0)).isEqualTo("0.0");
    assertThat(PythonNumbers.repr(10.0)).isEqualTo("10.0");
    assertThat(PythonNumbers.repr(2.5)).isEqualTo("2.5");
    assertThat(PythonNumbers.repr(2.33)).isEqualTo("2.33");
  }
}
