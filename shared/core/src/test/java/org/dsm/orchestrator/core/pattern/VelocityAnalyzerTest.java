package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsm.orchestrator.core.fixtures.ParityFixture;
import org.junit.jupiter.api.Test;

class VelocityAnalyzerTest {

  @Test
  void emptySeriesHasTheOriginalNoDataAnswer() {
    assertThat(VelocityAnalyzer.analyze(ParityFixture.velocity().points()))
        .isEqualTo(VelocityAnalyzer.NO_DATA);
  }

  @Test
  void aSinglePointIsStable() {
    VelocityTrend t = VelocityAnalyzer.analyze(ParityFixture.velocity(7).points());
    assertThat(t.trendDirection()).isEqualTo("stable");
    assertThat(t.currentTeamVelocity()).isEqualTo(7.0);
    assertThat(t.confidence()).isEqualTo(0.1);
  }

  @Test
  void risingSeriesIsIncreasingWithRangeAndCurrent() {
    VelocityTrend t = VelocityAnalyzer.analyze(ParityFixture.velocity(4, 6, 8, 10).points());
    assertThat(t.trendDirection())
        .isEqualTo("increasing"); // slope 2 on a mean of 7 → 29 % per sprint
    assertThat(t.historicalRange()).containsExactly(4.0, 10.0);
    assertThat(t.currentTeamVelocity()).isEqualTo(10.0);
    assertThat(t.patternNote()).isEqualTo("Velocity trend is increasing.");
  }

  @Test
  void thresholdsAreRelativeToTheMeanVelocity() {
    // slope 0.5 per sprint: noise for a team doing ~40 tasks, a real rise for one doing ~2
    assertThat(
            VelocityAnalyzer.analyze(ParityFixture.velocity(40, 40, 41, 41, 42).points())
                .trendDirection())
        .isEqualTo("stable");
    assertThat(
            VelocityAnalyzer.analyze(ParityFixture.velocity(1, 2, 2, 3).points()).trendDirection())
        .isEqualTo("increasing");
    assertThat(
            VelocityAnalyzer.analyze(ParityFixture.velocity(50, 40, 30, 20).points())
                .trendDirection())
        .isEqualTo("decreasing");
  }

  @Test
  void confidenceStaysWithinZeroAndOneForSteepSeries() {
    VelocityTrend steep =
        VelocityAnalyzer.analyze(ParityFixture.velocity(0, 0, 0, 0, 0, 0, 0, 0, 0, 90).points());
    assertThat(steep.confidence()).isBetween(0.0, 1.0); // the original gave a negative value here
    VelocityTrend crash =
        VelocityAnalyzer.analyze(ParityFixture.velocity(100, 0, 100, 0, 0, 0, 0, 0, 0, 0).points());
    assertThat(crash.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void lowVelocityMatchesTheOriginalFormula() {
    // mean ≤ 1 task per sprint: min(n/10, 1) × (1 − |slope|) with slope 0.1 → 0.5 × 0.9
    VelocityTrend t = VelocityAnalyzer.analyze(ParityFixture.velocity(0, 0, 0, 1, 0).points());
    assertThat(VelocityAnalyzer.slope(new double[] {0, 0, 0, 1, 0}))
        .isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(t.confidence()).isEqualTo(0.45);
    assertThat(t.trendDirection()).isEqualTo("stable"); // 0.1 is not > 0.1
  }
}
