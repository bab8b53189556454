package org.dsm.orchestrator.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SprintTest {
  @Test
  void numberedIdsFollowTheSprintServicesPattern() {
    for (String project : new String[] {"TEST-001", "P", ""}) {
      for (int n = -12; n <= 1_200; n++) {
        assertThat(Sprint.numberedId(project, n))
            .isEqualTo(String.format(Locale.ROOT, "%s-S%02d", project, n));
      }
    }
    assertThat(Sprint.numberedId("TEST-001", 4)).isEqualTo("TEST-001-S04");
  }
}
