package org.dsm.orchestrator.core.data.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class SyntheticProjectsTest {
  @Test
  void sameIndexGivesTheSameProject() {
    assertThat(SyntheticProjects.generate(10)).isEqualTo(SyntheticProjects.generate(10));
    assertThat(SyntheticProjects.generate(1_000_000).get(999_999))
        .isEqualTo(SyntheticProjects.at(999_999));
    assertThat(SyntheticProjects.at(999_999).projectId()).isEqualTo("SYN-1000000");
  }

  @Test
  void valuesStayInTheirDocumentedRangesAndVary() {
    List<HistoricalProject> list = SyntheticProjects.generate(20_000);
    Set<String> domains = new HashSet<>();
    Set<Integer> teams = new HashSet<>();
    int withOptimal = 0;
    for (HistoricalProject p : list) {
      assertThat(p.teamSize()).isBetween(2, 17);
      assertThat(p.avgTaskComplexity()).isBetween(0.1, 0.9);
      assertThat(p.completionRate()).isBetween(0.0, 1.0);
      assertThat(p.avgSprintLengthWeeks()).isBetween(1.0, 4.0);
      assertThat(p.projectDurationWeeks()).isBetween(1.0, 64.0);
      domains.add(p.domainCategory());
      teams.add(p.teamSize());
      withOptimal += p.optimalTaskCount() == null ? 0 : 1;
    }
    assertThat(domains).hasSize(6);
    assertThat(teams).hasSize(16);
    assertThat(withOptimal).isBetween(15_000, 19_000); // ~7/8 have one
  }

  @Test
  void countIsBounded() {
    assertThatThrownBy(() -> SyntheticProjects.generate(1_000_001))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1000000");
    assertThatThrownBy(() -> SyntheticProjects.generate(-1))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SyntheticProjects.generate(3).get(3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
