package org.dsm.orchestrator.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.Test;

class InMemoryDailyScrumSchedulesTest {
  private final InMemoryDailyScrumSchedules schedules = new InMemoryDailyScrumSchedules();

  @Test
  void putReplacesExistsAndDeleteAreScopedToTheProject() {
    schedules.put(new DailyScrumSchedule("run-dailyscrum-a-a-s01", "A", "A-S01", "0 9 * * *"));
    schedules.put(new DailyScrumSchedule("run-dailyscrum-a-a-s01", "A", "A-S01", "0 10 * * *"));
    schedules.put(new DailyScrumSchedule("run-dailyscrum-b-b-s01", "B", "B-S01", "0 9 * * *"));

    assertThat(schedules.list("A"))
        .extracting(DailyScrumSchedule::cron)
        .containsExactly("0 10 * * *");
    assertThat(schedules.exists("B", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.delete("B", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.delete("A", "run-dailyscrum-a-a-s01")).isTrue();
    assertThat(schedules.delete("A", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.exists("A", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.list("B")).hasSize(1);
  }
}
