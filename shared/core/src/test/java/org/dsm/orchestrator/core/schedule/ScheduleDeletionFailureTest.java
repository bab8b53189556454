package org.dsm.orchestrator.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.ForwardingDailyScrumSchedules;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.Test;

/**
 * The sprint is closed, then its schedule cannot be deleted (the scheduler's API fails): the
 * closure stands, the failure is a warning next to it, and cronjob_deleted stays false.
 */
class ScheduleDeletionFailureTest {

  @Test
  void aFailedDeleteIsAWarningNextToTheClosure() {
    try (FakeDsmServer dsm = FakeDsmServer.start()) {
      String sprintId =
          dsm.data()
              .load(ProjectId.of(EmbeddedDataset.CLOSE), LocalDate.now(), LocalDate.now())
              .activeSprint()
              .orElseThrow()
              .sprintId();
      String name = ScheduleNames.dailyScrum(EmbeddedDataset.CLOSE, sprintId);
      InMemoryDailyScrumSchedules stored = new InMemoryDailyScrumSchedules();
      stored.put(new DailyScrumSchedule(name, EmbeddedDataset.CLOSE, sprintId, "0 14 * * *"));
      var schedules =
          new ForwardingDailyScrumSchedules(stored) {
            @Override
            public boolean delete(String projectId, String scheduleName) {
              throw new DependencyUnavailableException(
                  "kubernetes", "HTTP 403 on CronJob delete " + scheduleName, null);
            }

            @Override
            public String kind() {
              return "failing-deletes";
            }
          };
      try (var core =
          CoreAssembly.over(
              new HttpDsmClient(dsm.config(Duration.ofSeconds(10)), schedules).ports())) {
        OrchestrationResponse closed =
            core.orchestration.orchestrate(
                new OrchestrationRequest(
                    ProjectId.of(EmbeddedDataset.CLOSE),
                    OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                    OrchestrationOptions.DEFAULTS),
                CoreAssembly.http("close-1"));

        assertThat(closed.decisions().sprintClosureTriggered()).isTrue();
        assertThat(closed.actionsTaken()).contains("Closed sprint " + sprintId);
        assertThat(closed.decisions().cronjobDeleted()).isFalse();
        assertThat(closed.decisions().warnings())
            .anySatisfy(
                w ->
                    assertThat(w)
                        .contains("Failed to delete daily scrum schedule " + name)
                        .contains("HTTP 403"));
        assertThat(stored.exists(EmbeddedDataset.CLOSE, name)).isTrue();
      }
    }
  }
}
