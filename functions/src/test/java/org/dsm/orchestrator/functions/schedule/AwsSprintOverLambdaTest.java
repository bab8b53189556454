package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.dsm.orchestrator.schedules.aws.EventBridgeDailyScrumSchedules;
import org.dsm.orchestrator.schedules.aws.FakeSchedulerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import tools.jackson.databind.JsonNode;

/**
 * DSM_SCHEDULER=aws through FunctionInvoker: the schedule of a sprint closed at the sprint service
 * (not by an orchestration) fires; the orchestrate function does not run the daily scrum, deletes
 * the schedule through the SDK against the local Scheduler endpoint, and answers 409 saying so — an
 * answer, not a function error, so Lambda does not retry it. A delete whose answer is lost reports
 * what reading the schedule back showed.
 */
class AwsSprintOverLambdaTest {
  private static final String GROUP = AwsSchedulerLambdaTest.GROUP;
  private static final String TARGET = AwsSchedulerLambdaTest.TARGET;
  private static final String ROLE = AwsSchedulerLambdaTest.ROLE;
  private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

  private static FakeDsmServer dsm;
  private static FakeSchedulerServer scheduler;
  private static EventBridgeDailyScrumSchedules schedules;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
    scheduler = FakeSchedulerServer.start(GROUP);
    PROPERTIES.putAll(AwsSchedulerLambdaTest.properties(dsm, scheduler));
    PROPERTIES.forEach(System::setProperty);
    // the test's own client, to put the schedules an earlier orchestration would have created
    schedules =
        new EventBridgeDailyScrumSchedules(
            SchedulerClient.builder()
                .endpointOverride(scheduler.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build(),
            GROUP,
            TARGET,
            ROLE,
            ZoneId.of("UTC"));
  }

  @AfterAll
  static void stop() {
    PROPERTIES.keySet().forEach(System::clearProperty);
    schedules.close();
    scheduler.close();
    dsm.close();
  }

  /** Puts the running sprint's schedule, closes the sprint at the sprint service; its name. */
  private static String[] scheduledThenClosedElsewhere(String project) {
    ProjectId id = ProjectId.of(project);
    String sprint =
        dsm.data()
            .load(id, LocalDate.now(), LocalDate.now())
            .activeSprint()
            .orElseThrow()
            .sprintId();
    String name = ScheduleNames.dailyScrum(project, sprint);
    schedules.put(new DailyScrumSchedule(name, project, sprint, "0 14 * * 1-5"));
    dsm.data().closeSprint(id, sprint);
    return new String[] {sprint, name};
  }

  /** What Scheduler delivers when the schedule fires (its input, placeholders filled in). */
  private static byte[] delivery(String name) {
    JsonNode schedule = scheduler.schedule(GROUP, name);
    return schedule
        .path("Target")
        .path("Input")
        .asText()
        .replace("<aws.scheduler.scheduled-time>", "2026-12-08T14:00:00Z")
        .replace("<aws.scheduler.execution-id>", "7f0c9a7e-2222-4c4c-9e9e-000000000001")
        .replace("<aws.scheduler.schedule-arn>", schedule.path("Arn").asText())
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theScheduleOfASprintClosedElsewhereDeletesItselfAndIsNotRetried() throws Exception {
    String[] scheduled = scheduledThenClosedElsewhere(EmbeddedDataset.STEADY);
    String sprint = scheduled[0];
    String name = scheduled[1];
    byte[] delivery = delivery(name);
    LambdaHandler handler = new LambdaHandler("orchestrate");
    long deletesBefore = scheduler.operations().stream().filter("DeleteSchedule"::equals).count();

    JsonNode answered = AwsSchedulerLambdaTest.invoke(handler, delivery);

    assertThat(answered.path("statusCode").asInt()).as(answered.toString()).isEqualTo(409);
    JsonNode over = AwsSchedulerLambdaTest.body(answered);
    assertThat(over.path("detail").asText())
        .startsWith("Daily scrum not run: sprint " + sprint + " is over (status ")
        .endsWith("Deleted daily scrum schedule " + name + ".");
    assertThat(over.path("schedule").asText()).isEqualTo("deleted");
    assertThat(over.path("daily_scrum_run").asBoolean(true)).isFalse();
    assertThat(scheduler.schedule(GROUP, name)).isNull();
    assertThat(dsm.requestLog()).noneMatch(line -> line.contains(sprint + "/run-daily-scrum"));

    // a redelivery of the same day is the stored answer: nothing is read, run or deleted again
    JsonNode again = AwsSchedulerLambdaTest.invoke(handler, delivery);
    assertThat(again.path("statusCode").asInt()).isEqualTo(409);
    assertThat(again.path("headers").path("Idempotent-Replayed").asText()).isEqualTo("true");
    assertThat(scheduler.operations())
        .filteredOn("DeleteSchedule"::equals)
        .hasSize((int) deletesBefore + 1);
  }

  @Test
  void aDeleteWhoseAnswerIsLostReportsItsReadBack() throws Exception {
    String[] scheduled = scheduledThenClosedElsewhere(EmbeddedDataset.CLOSE);
    String name = scheduled[1];
    byte[] delivery = delivery(name);
    // applied, answered after the client's 2 s attempt timeout: the SDK retries and meets 404
    scheduler.answerLate("DeleteSchedule", Duration.ofMillis(3_000));

    JsonNode answered = AwsSchedulerLambdaTest.invoke(new LambdaHandler("orchestrate"), delivery);

    assertThat(answered.path("statusCode").asInt()).as(answered.toString()).isEqualTo(409);
    JsonNode over = AwsSchedulerLambdaTest.body(answered);
    assertThat(over.path("schedule").asText()).isEqualTo("deleted");
    assertThat(over.path("actions_taken").get(0).asText())
        .isEqualTo("Deleted daily scrum schedule " + name);
    assertThat(over.path("warnings").get(0).asText()).contains("it was deleted");
    assertThat(over.path("detail").asText()).contains("it was deleted");
    assertThat(scheduler.schedule(GROUP, name)).isNull();
  }
}
