package org.dsm.orchestrator.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daily-scrum run over HTTP against the fake sprint service. */
class DailyScrumServiceTest {
  private int runs;

  private FakeDsmServer dsm;
  private CoreAssembly core;
  private DailyScrumService service;

  @BeforeEach
  void start() {
    dsm = FakeDsmServer.start();
    core = CoreAssembly.over(new HttpDsmClient(dsm.config(Duration.ofSeconds(10))).ports());
    service = core.dailyScrum;
  }

  @AfterEach
  void stop() {
    core.close();
    dsm.close();
  }

  /** A fresh invocation id each time: the store keeps one record per invocation id. */
  private InvocationContext schedule() {
    return new InvocationContext("run-" + (++runs), "local", DailyScrumService.TRIGGER, false);
  }

  private String activeSprint(String project) {
    return dsm.data()
        .load(ProjectId.of(project), LocalDate.now(), LocalDate.now())
        .activeSprint()
        .orElseThrow()
        .sprintId();
  }

  private List<InvocationRecord> records() {
    return core.store
        .query(
            new MetricsStore.MetricsQuery(
                null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, null))
        .records();
  }

  @Test
  void callsTheSprintServicesRunDailyScrumAndRecordsOneScheduleInvocation() {
    String sprint = activeSprint(EmbeddedDataset.STEADY);

    DailyScrumResponse response =
        service.run(
            new DailyScrumRequest(
                ProjectId.of(EmbeddedDataset.STEADY), sprint, LocalDate.of(2026, 12, 7)),
            schedule());

    assertThat(dsm.requestLog()).contains("POST /sprints/" + sprint + "/run-daily-scrum");
    assertThat(dsm.data().dailyScrumRuns()).containsEntry(sprint, 1);
    assertThat(response.dailyScrum()).containsEntry("sprint_id", sprint);
    assertThat(response.invocation().trigger()).isEqualTo("schedule");
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.trigger()).isEqualTo("schedule");
              assertThat(r.function()).isEqualTo("orchestrate");
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.componentDurationsMs()).containsKey(DailyScrumService.OPERATION);
            });
  }

  /** Neither has a schedule here (see SprintOverTest): the answer says the delete failed. */
  @Test
  void anUnknownSprintIs404AndAClosedOneA409NeitherRun() {
    assertThatThrownBy(
            () ->
                service.run(
                    new DailyScrumRequest(
                        ProjectId.of(EmbeddedDataset.STEADY), "STEADY-001-S99", LocalDate.now()),
                    schedule()))
        .isInstanceOf(SprintOverException.class)
        .hasMessageStartingWith(
            "Daily scrum not run: sprint STEADY-001-S99 does not exist at the sprint service.");
    String closed =
        dsm
            .data()
            .load(ProjectId.of(EmbeddedDataset.STEADY), LocalDate.now(), LocalDate.now())
            .sprints()
            .stream()
            .filter(s -> !s.inProgress())
            .findFirst()
            .orElseThrow()
            .sprintId();
    assertThatThrownBy(
            () ->
                service.run(
                    new DailyScrumRequest(
                        ProjectId.of(EmbeddedDataset.STEADY), closed, LocalDate.now()),
                    schedule()))
        .isInstanceOf(SprintOverException.class)
        .hasMessageContaining("is over (status ")
        .hasMessageEndingWith(
            "Nothing to delete: Daily scrum schedule "
                + ScheduleNames.dailyScrum(EmbeddedDataset.STEADY, closed)
                + " does not exist.")
        .satisfies(
            e ->
                assertThat(((SprintOverException) e).schedule())
                    .isEqualTo(SprintOverException.ScheduleOutcome.ABSENT));
    assertThat(dsm.data().dailyScrumRuns()).isEmpty();
    assertThat(records())
        .extracting(InvocationRecord::statusCode)
        .containsExactlyInAnyOrder(404, 409);
  }

  @Test
  void aSprintServiceOutageIs503AndRecorded() {
    dsm.fail(FakeDsmServer.Service.SPRINT, FakeDsmServer.Fault.SERVER_ERROR);

    assertThatThrownBy(
            () ->
                service.run(
                    new DailyScrumRequest(
                        ProjectId.of(EmbeddedDataset.STEADY),
                        activeSprint(EmbeddedDataset.STEADY),
                        LocalDate.now()),
                    schedule()))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(records()).extracting(InvocationRecord::statusCode).containsExactly(503);
  }

  @Test
  void theDedupeKeyIsSprintAndDayAndBadSprintIdsAreRefused() {
    var request = new DailyScrumRequest(ProjectId.of("P"), "P-S01", LocalDate.of(2026, 12, 7));
    assertThat(request.dedupeKey()).isEqualTo("daily-scrum:P-S01:2026-12-07");
    assertThatThrownBy(() -> new DailyScrumRequest(ProjectId.of("P"), "../x", LocalDate.now()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("sprint_id");
  }
}
