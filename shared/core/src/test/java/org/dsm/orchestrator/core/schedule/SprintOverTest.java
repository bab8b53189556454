package org.dsm.orchestrator.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.SprintNotFoundException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.ForwardingDailyScrumSchedules;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A daily-scrum schedule that outlived its sprint (closed at the sprint service directly, or its
 * delete failed or went unanswered) removes itself on its next run, and says so; a running sprint's
 * schedule is left alone.
 */
class SprintOverTest {
  private static final ProjectId CLOSE = ProjectId.of(EmbeddedDataset.CLOSE);
  private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

  private final FakeDsmServer dsm = FakeDsmServer.start();
  private final InMemoryDailyScrumSchedules stored = new InMemoryDailyScrumSchedules();
  private CoreAssembly core;

  @AfterEach
  void stop() {
    if (core != null) {
      core.close();
    }
    dsm.close();
  }

  private DailyScrumService service(DailyScrumSchedules schedules) {
    core =
        CoreAssembly.over(new HttpDsmClient(dsm.config(Duration.ofSeconds(10)), schedules).ports());
    return core.dailyScrum;
  }

  private String scheduledActiveSprint() {
    String sprint = dsm.data().load(CLOSE, DAY, DAY).activeSprint().orElseThrow().sprintId();
    stored.put(
        new DailyScrumSchedule(
            ScheduleNames.dailyScrum(CLOSE.value(), sprint), CLOSE.value(), sprint, "0 14 * * *"));
    return sprint;
  }

  private static InvocationContext schedule(String id) {
    return new InvocationContext(id, "local", DailyScrumService.TRIGGER, false);
  }

  private List<InvocationRecord> records() {
    return core.store
        .query(
            new MetricsStore.MetricsQuery(
                null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, null))
        .records();
  }

  @Test
  void aSprintClosedElsewhereIsNotRunAndItsScheduleDeletesItself() {
    String sprint = scheduledActiveSprint();
    String name = ScheduleNames.dailyScrum(CLOSE.value(), sprint);
    String status = dsm.data().closeSprint(CLOSE, sprint).status(); // the sprint service's close
    DailyScrumService service = service(stored);

    SprintOverException over =
        catchThrowableOfType(
            SprintOverException.class,
            () -> service.run(new DailyScrumRequest(CLOSE, sprint, DAY), schedule("over-1")));

    assertThat(over.httpStatus()).isEqualTo(409);
    assertThat(over.schedule()).isEqualTo(SprintOverException.ScheduleOutcome.DELETED);
    assertThat(over.getMessage())
        .isEqualTo(
            "Daily scrum not run: sprint "
                + sprint
                + " is over (status "
                + status
                + "). Deleted daily scrum schedule "
                + name
                + ".");
    assertThat(over.body())
        .containsEntry("sprint_status", status)
        .containsEntry("daily_scrum_run", false)
        .containsEntry("schedule", "deleted")
        .containsEntry("actions_taken", List.of("Deleted daily scrum schedule " + name))
        .containsEntry("warnings", List.of());
    assertThat(stored.exists(CLOSE.value(), name)).isFalse();
    // read first: the non-idempotent run-daily-scrum is not called for a closed sprint
    assertThat(dsm.requestLog()).noneMatch(line -> line.contains("run-daily-scrum"));
    assertThat(dsm.data().dailyScrumRuns()).doesNotContainKey(sprint);
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(409);
              assertThat(r.errorType()).isEqualTo("SprintOverException");
              assertThat(r.componentDurationsMs())
                  .containsKeys(DailyScrumService.SPRINT_READ, DailyScrumService.UNSCHEDULE);
            });
  }

  @Test
  void aRunningSprintIsReadThenRunAndKeepsItsSchedule() {
    String sprint = scheduledActiveSprint();
    DailyScrumService service = service(stored);

    DailyScrumResponse response =
        service.run(new DailyScrumRequest(CLOSE, sprint, DAY), schedule("run-1"));

    assertThat(response.dailyScrum()).containsEntry("sprint_id", sprint);
    assertThat(stored.exists(CLOSE.value(), response.scheduleName())).isTrue();
    assertThat(dsm.requestLog())
        .containsSubsequence(
            "GET /sprints/by-project/" + CLOSE.value(),
            "POST /sprints/" + sprint + "/run-daily-scrum");
    assertThat(dsm.data().dailyScrumRuns()).containsEntry(sprint, 1);
  }

  @Test
  void aSprintTheServiceDoesNotKnowIs404AndItsScheduleDeletesItself() {
    String sprint = CLOSE.value() + "-S99";
    String name = ScheduleNames.dailyScrum(CLOSE.value(), sprint);
    stored.put(new DailyScrumSchedule(name, CLOSE.value(), sprint, "0 14 * * *"));
    DailyScrumService service = service(stored);

    SprintOverException over =
        catchThrowableOfType(
            SprintOverException.class,
            () -> service.run(new DailyScrumRequest(CLOSE, sprint, DAY), schedule("gone-1")));

    assertThat(over.httpStatus()).isEqualTo(404);
    assertThat(over.getMessage())
        .startsWith(
            "Daily scrum not run: sprint " + sprint + " does not exist at the sprint service.")
        .endsWith("Deleted daily scrum schedule " + name + ".");
    assertThat(over.body()).containsEntry("sprint_status", null);
    assertThat(stored.exists(CLOSE.value(), name)).isFalse();
    assertThat(records()).extracting(InvocationRecord::statusCode).containsExactly(404);
  }

  @Test
  void aDeleteWhoseOutcomeIsUnknownIsReportedAsUnknownNotAsDone() {
    String sprint = scheduledActiveSprint();
    String name = ScheduleNames.dailyScrum(CLOSE.value(), sprint);
    dsm.data().closeSprint(CLOSE, sprint);
    DailyScrumService service =
        service(
            new ForwardingDailyScrumSchedules(stored) {
              @Override
              public Outcome remove(String projectId, String scheduleName) {
                throw new ActionOutcomeUnknownException(
                    "kubernetes",
                    "the outcome of the CronJob delete "
                        + scheduleName
                        + " is unknown: the API server did not answer and the read-back failed",
                    null);
              }
            });

    SprintOverException over =
        catchThrowableOfType(
            SprintOverException.class,
            () -> service.run(new DailyScrumRequest(CLOSE, sprint, DAY), schedule("unknown-1")));

    assertThat(over.httpStatus()).isEqualTo(409);
    assertThat(over.schedule()).isEqualTo(SprintOverException.ScheduleOutcome.UNKNOWN);
    assertThat(over.getMessage())
        .contains("Outcome unknown: delete daily scrum schedule " + name)
        .doesNotContain("Deleted");
    assertThat(over.body()).containsEntry("actions_taken", List.of());
  }

  /**
   * Listed as running, yet run-daily-scrum answers 404: a contradiction, not a finished sprint. A
   * 404 alone deletes nothing (a sprint service reached at the wrong path answers 404 to
   * everything).
   */
  @Test
  void a404ForASprintListedAsRunningDeletesNothing() {
    String sprint = CLOSE.value() + "-S98";
    String name = ScheduleNames.dailyScrum(CLOSE.value(), sprint);
    stored.put(new DailyScrumSchedule(name, CLOSE.value(), sprint, "0 14 * * *"));
    HttpDsmClient client = new HttpDsmClient(dsm.config(Duration.ofSeconds(10)), stored);
    ProjectStateSource listsItRunning =
        new ProjectStateSource() {
          @Override
          public ProjectSnapshot load(ProjectId projectId, LocalDate start, LocalDate end) {
            return client.load(projectId, start, end);
          }

          @Override
          public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
            return client.isDailyScrumScheduled(projectId, scheduleName);
          }

          @Override
          public List<Sprint> sprints(ProjectId projectId) {
            return List.of(
                new Sprint(
                    sprint, CLOSE.value(), "x", DAY, DAY.plusDays(13), 2, Sprint.IN_PROGRESS));
          }
        };
    core = CoreAssembly.over(new DsmPorts(listsItRunning, client, client));

    assertThatThrownBy(
            () ->
                core.dailyScrum.run(
                    new DailyScrumRequest(CLOSE, sprint, DAY), schedule("contradiction-1")))
        .isInstanceOf(SprintNotFoundException.class);
    assertThat(stored.exists(CLOSE.value(), name)).isTrue();
  }
}
