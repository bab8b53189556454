package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.fixtures.ParityFixture;
import org.junit.jupiter.api.Test;

class DataQualityAssessorTest {
  private final DataQualityAssessor assessor = new DataQualityAssessor(5);

  @Test
  void noDataAtAll() {
    DataQualityReport r =
        assessor.assess(ProjectPatterns.EMPTY, VelocityHistory.EMPTY, ImpedimentSummary.EMPTY);

    assertThat(r.dataAvailable()).isFalse();
    assertThat(r.dataQualityScore()).isZero();
    assertThat(r.observationNote()).isEqualTo(DataQualityAssessor.NO_DATA_NOTE);
    assertThat(r.avgCompletedTasksPerSprint()).isNull();
    assertThat(r.commonTeamVelocity()).isNull();
    assertThat(r.recommendations()).hasSize(4).first().isEqualTo(DataQualityAssessor.REC_NO_DATA);
  }

  @Test
  void nullInputsCountAsMissing() {
    assertThat(assessor.assess(null, null, null).dataAvailable()).isFalse();
  }

  @Test
  void figuresAreWhatTheirNamesSay() {
    var patterns = new ProjectPatterns(40, 3, 128, Map.of("N/A", 2), Map.of());
    var velocity = ParityFixture.velocity(4, 6, 8, 10);

    DataQualityReport r =
        assessor.assess(patterns, velocity, new ImpedimentSummary(Map.of("blocked", 1)));

    assertThat(r.dataAvailable()).isTrue();
    assertThat(r.historicalSprints())
        .isEqualTo(4); // velocity knows 4 finished sprints, retrospectives 3
    assertThat(r.dailyScrumReports()).isEqualTo(40); // not "historical sprints" as in the original
    assertThat(r.avgCompletedTasksPerSprint()).isEqualTo(7.0); // not the completed-task count 128
    assertThat(r.commonTeamVelocity()).isEqualTo(7.0);
    assertThat(r.dataQualityScore()).isEqualTo(0.9); // (4/5 + 4/5 + 1 + 1) / 4
    assertThat(r.recommendations())
        .containsExactly(
            "Insufficient sprint history (4 of 5 sprints needed). Run more sprints to generate richer historical data.");
    assertThat(r.observationNote())
        .contains("4 finished sprint(s)")
        .contains("40 daily scrum report(s)");
  }

  @Test
  void fullHistoryScoresOneWithNoRecommendations() {
    var patterns = new ProjectPatterns(60, 6, 0, Map.of(), Map.of());
    DataQualityReport r =
        assessor.assess(
            patterns,
            ParityFixture.velocity(5, 5, 5, 5, 5, 5),
            new ImpedimentSummary(Map.of("waiting", 3)));

    assertThat(r.dataQualityScore()).isEqualTo(1.0);
    assertThat(r.recommendations()).isEmpty();
  }

  @Test
  void theNoteNamesEachKindOfData() {
    var patterns = new ProjectPatterns(40, 3, 128, Map.of("N/A", 2), Map.of());

    assertThat(
            assessor
                .assess(
                    patterns,
                    ParityFixture.velocity(4, 6, 8, 10),
                    new ImpedimentSummary(Map.of("blocked", 1)))
                .observationNote())
        .isEqualTo(
            "Historical data: 4 finished sprint(s), 40 daily scrum report(s), velocity over 4"
                + " sprint(s), impediment data.");
    assertThat(
            assessor
                .assess(
                    new ProjectPatterns(30, 3, 0, Map.of(), Map.of()),
                    VelocityHistory.EMPTY,
                    ImpedimentSummary.EMPTY)
                .observationNote())
        .isEqualTo(
            "Historical data: 3 finished sprint(s), 30 daily scrum report(s), no velocity data,"
                + " no impediment data.");
  }
}
