package org.dsm.orchestrator.schedules.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator with the AWS scheduler, against the fake DSM services and the local Scheduler
 * endpoint; each "instance" has its own SDK client, as two Lambda sandboxes would.
 */
class EventBridgeSchedulesLifecycleTest {
  private static final String GROUP = EventBridgeDailyScrumSchedulesTest.GROUP;

  private final FakeDsmServer dsm = FakeDsmServer.start();
  private final FakeSchedulerServer scheduler = FakeSchedulerServer.start(GROUP);
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    scheduler.close();
    dsm.close();
  }

  private EventBridgeDailyScrumSchedules schedules() {
    var schedules = SchedulerClients.schedules(scheduler, GROUP, ZoneId.of("UTC"));
    opened.add(schedules);
    return schedules;
  }

  private CoreAssembly instance() {
    var core =
        CoreAssembly.over(
            new HttpDsmClient(dsm.config(Duration.ofSeconds(10)), schedules()).ports());
    opened.add(core);
    return core;
  }

  private static OrchestrationResponse orchestrate(
      CoreAssembly core, String project, OrchestrationOptions options) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project), OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
        CoreAssembly.http("aws-" + System.nanoTime()));
  }

  @Test
  void aNewSprintGetsAScheduleThatASecondInstanceSeesAndClosingDeletes() {
    OrchestrationResponse first =
        orchestrate(instance(), EmbeddedDataset.TEST, OrchestrationOptions.DEFAULTS);

    String name = ScheduleNames.dailyScrum(EmbeddedDataset.TEST, first.sprintId());
    assertThat(first.decisions().cronjobCreated()).isTrue();
    assertThat(first.actionsTaken()).contains("Created cronjob " + name);
    assertThat(scheduler.schedule(GROUP, name).path("ScheduleExpression").asText())
        .isEqualTo("cron(0 14 ? * 2-6 *)");

    OrchestrationResponse second =
        orchestrate(instance(), EmbeddedDataset.TEST, OrchestrationOptions.DEFAULTS);
    assertThat(second.decisions().reasoning())
        .contains("existing CronJob")
        .doesNotContain("Recreating");
    assertThat(second.actionsTaken()).isEmpty();
  }

  @Test
  void closingASprintDeletesItsSchedule() {
    String sprintId =
        dsm.data()
            .load(ProjectId.of(EmbeddedDataset.CLOSE), LocalDate.now(), LocalDate.now())
            .activeSprint()
            .orElseThrow()
            .sprintId();
    String name = ScheduleNames.dailyScrum(EmbeddedDataset.CLOSE, sprintId);
    schedules().put(new DailyScrumSchedule(name, EmbeddedDataset.CLOSE, sprintId, "0 14 * * *"));

    OrchestrationResponse closed =
        orchestrate(instance(), EmbeddedDataset.CLOSE, OrchestrationOptions.DEFAULTS);

    assertThat(closed.decisions().cronjobDeleted()).isTrue();
    assertThat(closed.actionsTaken())
        .contains("Closed sprint " + sprintId, "Deleted cronjob " + name);
    assertThat(scheduler.schedule(GROUP, name)).isNull();
  }

  @Test
  void aScheduleWithoutEventBridgeFormIsA400BeforeAnythingIsCreated() {
    // valid standard cron (the 1st of the month or any Monday) that EventBridge cannot express
    OrchestrationOptions bothDays =
        new OrchestrationOptions(true, true, true, "0 9 1 * 1", 2, 10, true, false);

    assertThatThrownBy(() -> orchestrate(instance(), EmbeddedDataset.TEST, bothDays))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("day-of-month");
    assertThat(dsm.requestLog()).isEmpty();
    assertThat(scheduler.operations()).isEmpty();
  }
}
