package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.dsm.orchestrator.schedules.aws.FakeSchedulerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * DSM_SCHEDULER=aws end to end through FunctionInvoker: an orchestration creates the sprint's
 * schedule through the SDK (pointed at the local Scheduler endpoint the SDK's standard way), the
 * schedule's own payload — placeholders filled in as Scheduler fills them — is then delivered to
 * the orchestrate function and reaches the fake sprint service's run-daily-scrum once, however
 * often it is delivered; a second application instance sees the schedule.
 */
class AwsSchedulerLambdaTest {
  static final String GROUP = "dsm-daily-scrums";
  static final String TARGET =
      "arn:aws:lambda:us-east-1:123456789012:function:dsm-orchestrate:live";
  static final String ROLE = "arn:aws:iam::123456789012:role/dsm-daily-scrum";
  private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

  private static FakeDsmServer dsm;
  private static FakeSchedulerServer scheduler;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
    scheduler = FakeSchedulerServer.start(GROUP);
    PROPERTIES.putAll(properties(dsm, scheduler));
    PROPERTIES.forEach(System::setProperty);
  }

  /**
   * The app's configuration for DSM_SCHEDULER=aws against the fake services (system properties).
   */
  static Map<String, String> properties(FakeDsmServer dsm, FakeSchedulerServer scheduler) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("MAIN_CLASS", FunctionsApplication.class.getName());
    properties.putAll(dsm.environment(Duration.ofSeconds(10)));
    properties.put("DSM_DATA_SOURCE", "http");
    properties.put("DSM_SCHEDULER", "aws");
    properties.put("DSM_SCHEDULE_GROUP", GROUP);
    properties.put("DSM_SCHEDULE_TARGET_ARN", TARGET);
    properties.put("DSM_SCHEDULE_ROLE_ARN", ROLE);
    properties.put("aws.endpointUrlScheduler", scheduler.endpoint().toString());
    properties.put("aws.region", FakeSchedulerServer.REGION);
    properties.put("aws.accessKeyId", "test");
    properties.put("aws.secretAccessKey", "test");
    return properties;
  }

  @AfterAll
  static void stop() {
    PROPERTIES.keySet().forEach(System::clearProperty);
    scheduler.close();
    dsm.close();
  }

  /** Invokes as the runtime does; a function error (what Lambda retries) would throw here. */
  static JsonNode invoke(LambdaHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return Json.mapper().readTree(out.toByteArray());
  }

  static JsonNode body(JsonNode response) throws Exception {
    return Json.mapper().readTree(response.path("body").asText());
  }

  @Test
  void theScheduleAnOrchestrationCreatesRunsTheDailyScrumOncePerDay() throws Exception {
    LambdaHandler first = new LambdaHandler("orchestrate");
    JsonNode orchestrated =
        invoke(first, Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-happy-path.json")));
    assertThat(orchestrated.path("statusCode").asInt()).isEqualTo(200);
    JsonNode decision = body(orchestrated);
    String sprintId = decision.path("sprint_id").asText();
    String name = ScheduleNames.dailyScrum(EmbeddedDataset.TEST, sprintId);
    assertThat(decision.path("decisions").path("cronjob_created").asBoolean()).isTrue();
    JsonNode schedule = scheduler.schedule(GROUP, name);
    assertThat(schedule).as("schedule %s in the group", name).isNotNull();

    // what Scheduler sends when the schedule fires: its input with the context placeholders filled
    byte[] delivery =
        schedule
            .path("Target")
            .path("Input")
            .asText()
            .replace("<aws.scheduler.scheduled-time>", "2026-12-07T14:00:00Z")
            .replace("<aws.scheduler.execution-id>", "7f0c9a7e-1111-4c4c-9e9e-000000000001")
            .replace("<aws.scheduler.schedule-arn>", schedule.path("Arn").asText())
            .getBytes(StandardCharsets.UTF_8);
    JsonNode ran = invoke(first, delivery);
    assertThat(ran.path("statusCode").asInt()).as(ran.toString()).isEqualTo(200);
    JsonNode run = body(ran);
    assertThat(run.path("sprint_id").asText()).isEqualTo(sprintId);
    assertThat(run.path("date").asText()).isEqualTo("2026-12-07");
    assertThat(run.path("invocation").path("trigger").asText()).isEqualTo("schedule");
    assertThat(run.path("daily_scrum").path("sprint_id").asText()).isEqualTo(sprintId);
    String call = "POST /sprints/" + sprintId + "/run-daily-scrum";
    assertThat(dsm.requestLog()).filteredOn(call::equals).hasSize(1);
    // a running sprint: its status read first, its schedule left alone
    assertThat(dsm.requestLog())
        .containsSubsequence("GET /sprints/by-project/" + EmbeddedDataset.TEST, call);
    assertThat(scheduler.schedule(GROUP, name)).isNotNull();

    // Scheduler redelivers (at least once): the same day's run is answered, not repeated
    JsonNode again = invoke(first, delivery);
    assertThat(again.path("statusCode").asInt()).isEqualTo(200);
    assertThat(again.path("headers").path("Idempotent-Replayed").asText()).isEqualTo("true");
    assertThat(dsm.requestLog()).filteredOn(call::equals).hasSize(1);

    // a second instance (nothing in memory) finds the schedule: nothing to recreate
    LambdaHandler second = new LambdaHandler("orchestrate");
    JsonNode steady =
        body(
            invoke(
                second, Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-happy-path.json"))));
    assertThat(steady.path("decisions").path("reasoning").asText())
        .contains("existing CronJob")
        .doesNotContain("Recreating");
    assertThat(scheduler.operations()).filteredOn("CreateSchedule"::equals).hasSize(1);
  }
}
