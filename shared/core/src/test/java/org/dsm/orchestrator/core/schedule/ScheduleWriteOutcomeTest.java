package org.dsm.orchestrator.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Function;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.ForwardingDailyScrumSchedules;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.junit.jupiter.api.Test;

/**
 * A schedule write whose call went unanswered: the adapter reads it back and reports what it found
 * (a warning next to the action, as for a sprint write), or throws ActionOutcomeUnknownException
 * when it cannot tell, which the orchestration reports as unknown, never as "Failed to".
 */
class ScheduleWriteOutcomeTest {
  private static final String READ_BACK =
      "scheduler did not answer CreateSchedule within 5000 ms; reading the schedule back showed it"
          + " was created.";

  @Test
  void aCreateWhoseOutcomeIsUnknownIsReportedAsUnknownNotAsFailed() {
    OrchestrationResponse response =
        orchestrate(
            EmbeddedDataset.TEST,
            writesFailing(
                schedule ->
                    new ActionOutcomeUnknownException(
                        "scheduler",
                        "scheduler did not answer CreateSchedule "
                            + schedule.name()
                            + " and it could not be read back: it may or may not have been"
                            + " created",
                        null)));

    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Created new sprint"));
    assertThat(response.actionsTaken()).noneMatch(a -> a.startsWith("Failed to create cronjob"));
    assertThat(response.decisions().cronjobCreated()).isFalse();
    assertThat(response.decisions().warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("Outcome unknown: create daily scrum schedule for sprint ")
                    .contains("may or may not have been created"))
        .noneMatch(w -> w.startsWith("Failed to"));
  }

  @Test
  void aCreateReadBackAfterNoAnswerIsDoneWithAWarningSayingSo() {
    OrchestrationResponse response =
        orchestrate(
            EmbeddedDataset.TEST,
            stored ->
                new ForwardingDailyScrumSchedules(stored) {
                  @Override
                  public Outcome write(DailyScrumSchedule schedule) {
                    stored.put(schedule);
                    return new Outcome(true, READ_BACK);
                  }
                });

    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Created cronjob "));
    assertThat(response.decisions().cronjobCreated()).isTrue();
    assertThat(response.decisions().warnings()).contains(READ_BACK);
  }

  @Test
  void aDeleteReadBackAfterNoAnswerIsDoneWithAWarningSayingSo() {
    String readBack =
        "scheduler did not answer DeleteSchedule within 5000 ms; reading the schedule back showed"
            + " it was deleted.";
    OrchestrationResponse response =
        orchestrate(
            EmbeddedDataset.CLOSE,
            stored ->
                new ForwardingDailyScrumSchedules(stored) {
                  @Override
                  public Outcome remove(String projectId, String name) {
                    stored.delete(projectId, name);
                    return new Outcome(true, readBack);
                  }
                });

    assertThat(response.decisions().sprintClosureTriggered()).isTrue();
    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Deleted cronjob "));
    assertThat(response.decisions().cronjobDeleted()).isTrue();
    assertThat(response.decisions().warnings()).contains(readBack);
  }

  /**
   * A running sprint without its schedule: the schedule is the first side effect, so an unknown
   * outcome is the 504 a DSM write's would be, and a refusal the 503 of "nothing was done".
   */
  @Test
  void asTheFirstSideEffectAnUnknownIsA504AndARefusalA503() {
    assertThatThrownBy(
            () ->
                orchestrate(
                    EmbeddedDataset.SELF_HEAL,
                    writesFailing(
                        schedule ->
                            new ActionOutcomeUnknownException(
                                "kubernetes", "it may yet be written", null)),
                    false))
        .isInstanceOfSatisfying(
            ActionOutcomeUnknownException.class, e -> assertThat(e.httpStatus()).isEqualTo(504));
    assertThatThrownBy(
            () ->
                orchestrate(
                    EmbeddedDataset.SELF_HEAL,
                    writesFailing(
                        schedule ->
                            new DependencyRefusedException(
                                "kubernetes",
                                "CronJob create " + schedule.name() + ": HTTP 403",
                                null)),
                    false))
        .isInstanceOfSatisfying(
            DependencyRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.getMessage())
                  .startsWith("kubernetes refused CronJob create ")
                  .endsWith(": HTTP 403; nothing was done");
            });
  }

  /** The stored schedules, each write of which fails with {@code failure}'s exception. */
  private static Function<InMemoryDailyScrumSchedules, DailyScrumSchedules> writesFailing(
      Function<DailyScrumSchedule, RuntimeException> failure) {
    return stored ->
        new ForwardingDailyScrumSchedules(stored) {
          @Override
          public Outcome write(DailyScrumSchedule schedule) {
            throw failure.apply(schedule);
          }
        };
  }

  private static OrchestrationResponse orchestrate(
      String project, Function<InMemoryDailyScrumSchedules, DailyScrumSchedules> wrap) {
    return orchestrate(project, wrap, true);
  }

  private static OrchestrationResponse orchestrate(
      String project,
      Function<InMemoryDailyScrumSchedules, DailyScrumSchedules> wrap,
      boolean scheduleTheActiveSprint) {
    try (FakeDsmServer dsm = FakeDsmServer.start()) {
      InMemoryDailyScrumSchedules stored = new InMemoryDailyScrumSchedules();
      dsm.data()
          .load(ProjectId.of(project), LocalDate.now(), LocalDate.now())
          .activeSprint()
          .filter(active -> scheduleTheActiveSprint)
          .ifPresent(
              active ->
                  stored.put(
                      new DailyScrumSchedule(
                          ScheduleNames.dailyScrum(project, active.sprintId()),
                          project,
                          active.sprintId(),
                          "0 14 * * *")));
      try (var core =
          CoreAssembly.over(
              new HttpDsmClient(dsm.config(Duration.ofSeconds(10)), wrap.apply(stored)).ports())) {
        return core.orchestration.orchestrate(
            new OrchestrationRequest(
                ProjectId.of(project),
                OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                OrchestrationOptions.DEFAULTS),
            CoreAssembly.http("outcome-1"));
      }
    }
  }
}
