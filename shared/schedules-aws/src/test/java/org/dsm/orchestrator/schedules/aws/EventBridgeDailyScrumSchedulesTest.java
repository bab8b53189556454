package org.dsm.orchestrator.schedules.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The adapter through the real SDK client against the local Scheduler endpoint. */
class EventBridgeDailyScrumSchedulesTest {
  static final String GROUP = "dsm-daily-scrums";
  static final String TARGET =
      "arn:aws:lambda:us-east-1:123456789012:function:dsm-orchestrate:live";
  static final String ROLE = "arn:aws:iam::123456789012:role/dsm-daily-scrum";

  private final FakeSchedulerServer fake = FakeSchedulerServer.start(GROUP);
  private final EventBridgeDailyScrumSchedules schedules =
      SchedulerClients.schedules(fake, GROUP, ZoneId.of("Europe/Berlin"));

  @AfterEach
  void stop() {
    schedules.close();
    fake.close();
  }

  @Test
  void createsOneScheduleInTheGroupThatInvokesOrchestrateWithTheDailyScrumEvent() throws Exception {
    schedules.put(new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 14 * * 1-5"));

    JsonNode stored = fake.schedule(GROUP, "run-dailyscrum-p-p-s01");
    assertThat(stored.path("ScheduleExpression").asText()).isEqualTo("cron(0 14 ? * 2-6 *)");
    assertThat(stored.path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(stored.path("FlexibleTimeWindow").path("Mode").asText()).isEqualTo("OFF");
    assertThat(stored.path("Target").path("Arn").asText()).isEqualTo(TARGET);
    assertThat(stored.path("Target").path("RoleArn").asText()).isEqualTo(ROLE);
    JsonNode event = Json.mapper().readTree(stored.path("Target").path("Input").asText());
    assertThat(event.path("type").asText()).isEqualTo("org.dsm.orchestrator.daily-scrum");
    assertThat(event.path("time").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
    assertThat(event.path("id").asText()).isEqualTo("<aws.scheduler.execution-id>");
    assertThat(event.path("data").path("project_id").asText()).isEqualTo("P");
    assertThat(event.path("data").path("sprint_id").asText()).isEqualTo("P-S01");

    assertThat(schedules.exists("P", "run-dailyscrum-p-p-s01")).isTrue();
    assertThat(schedules.list("P"))
        .containsExactly(
            new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 14 * * 1-5"));
  }

  /**
   * An orchestration starts a schedule only when its worst case fits in the time left: each SDK
   * call is bounded (the SDK sets no limit, its URL-connection client waits 30 s per read), and a
   * put or delete makes up to three (the last a read-back of a call that went unanswered).
   */
  @Test
  void eachCallIsBoundedSoAPutOrDeleteHasAWorstCase() {
    var config = EventBridgeDailyScrumSchedules.builder().overrideConfiguration();

    assertThat(config.apiCallTimeout()).contains(java.time.Duration.ofSeconds(5));
    assertThat(config.apiCallAttemptTimeout()).contains(java.time.Duration.ofSeconds(2));
    assertThat(schedules.worstCaseMs()).isEqualTo(15_000);
  }

  @Test
  void putReplacesAnExistingSchedule() {
    schedules.put(new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 14 * * 1-5"));
    schedules.put(new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "30 9 * * *"));

    assertThat(fake.schedule(GROUP, "run-dailyscrum-p-p-s01").path("ScheduleExpression").asText())
        .isEqualTo("cron(30 9 * * ? *)");
    assertThat(fake.operations())
        .containsExactly("CreateSchedule", "CreateSchedule", "UpdateSchedule");
  }

  @Test
  void deleteIsTrueOnlyWhenAScheduleOfThatProjectWasDeleted() {
    schedules.put(new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 14 * * *"));

    assertThat(schedules.delete("Q", "run-dailyscrum-p-p-s01")).isFalse();
    assertThat(schedules.exists("Q", "run-dailyscrum-p-p-s01")).isFalse();
    assertThat(schedules.delete("P", "run-dailyscrum-p-p-s01")).isTrue();
    assertThat(fake.schedule(GROUP, "run-dailyscrum-p-p-s01")).isNull();
    assertThat(schedules.delete("P", "run-dailyscrum-p-p-s01")).isFalse();
    assertThat(schedules.exists("P", "run-dailyscrum-p-p-s01")).isFalse();
  }

  @Test
  void listFollowsPagesAndKeepsToTheProject() {
    fake.pageSize(2);
    for (int i = 1; i <= 5; i++) {
      schedules.put(
          new DailyScrumSchedule("run-dailyscrum-p-p-s0" + i, "P", "P-S0" + i, "0 14 * * *"));
    }
    // "P1"'s names start like "P"'s: the prefix narrows, the input decides
    schedules.put(new DailyScrumSchedule("run-dailyscrum-p1-p1-s01", "P1", "P1-S01", "0 9 * * *"));

    assertThat(schedules.list("P"))
        .extracting(DailyScrumSchedule::sprintId)
        .containsExactly("P-S01", "P-S02", "P-S03", "P-S04", "P-S05");
    assertThat(schedules.list("P1"))
        .extracting(DailyScrumSchedule::sprintId)
        .containsExactly("P1-S01");
    assertThat(fake.operations().stream().filter("ListSchedules"::equals).count())
        .as("pages")
        .isGreaterThanOrEqualTo(4);
  }

  /**
   * A long project id whose replaced characters ('_' → '-') fall where the name is cut: the name
   * drops the dashes before its hash, so a prefix that keeps them matches none of its schedules.
   */
  @Test
  void listFindsTheScheduleOfAProjectWhoseNameWasCutAtItsDashes() {
    String project = "A".repeat(23) + "_____B";
    String name = ScheduleNames.dailyScrum(project, "S1");
    schedules.put(new DailyScrumSchedule(name, project, "S1", "0 9 * * *"));

    assertThat(schedules.list(project))
        .containsExactly(new DailyScrumSchedule(name, project, "S1", "0 9 * * *"));
  }

  @Test
  void anUntranslatableScheduleIsA400AndNothingIsCreated() {
    assertThatThrownBy(() -> schedules.validate("0 9 1 * 1"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                schedules.put(
                    new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "@daily")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(fake.operations()).isEmpty();
  }

  @Test
  void aFailingServiceIsAnOutageOfTheScheduler() {
    fake.down(true);

    assertThatThrownBy(() -> schedules.exists("P", "run-dailyscrum-p-p-s01"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("scheduler unavailable");
  }

  @Test
  void aMissingGroupIsARefusalNotAQuietSuccess() {
    try (var elsewhere = SchedulerClients.schedules(fake, "no-such-group", ZoneId.of("UTC"))) {
      assertThatThrownBy(
              () ->
                  elsewhere.put(
                      new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 9 * * *")))
          .isInstanceOf(DependencyRefusedException.class)
          .hasMessageContaining("scheduler refused CreateSchedule run-dailyscrum-p-p-s01: HTTP 404")
          .hasMessageContaining("does not exist")
          .hasMessageEndingWith("nothing was done");
    }
  }
}
