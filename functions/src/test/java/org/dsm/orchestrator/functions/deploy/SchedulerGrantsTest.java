package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.schedules.aws.EventBridgeDailyScrumSchedules;
import org.dsm.orchestrator.schedules.aws.FakeSchedulerServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The orchestrate function's EventBridge Scheduler grants in template.yaml against the calls the
 * scheduler really makes: every path of the adapter (create, replace, read, list across pages,
 * delete, delete of a missing schedule) runs through the SDK against the local Scheduler endpoint,
 * an ExecutionInterceptor records each operation as {@code scheduler:<Operation>}, and the template
 * must grant exactly those — plus iam:PassRole on the schedules' role, which Create/Update pass.
 * performanceMetrics may only read (GetSchedule, for the benchmark's dry runs).
 */
class SchedulerGrantsTest {
  private static final String GROUP = "dsm-daily-scrums";

  /** Operations as IAM actions, recorded from the SDK's own execution attributes. */
  private static final class Recorder implements ExecutionInterceptor {
    final Set<String> actions = new ConcurrentSkipListSet<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      // the SDK's service name is "Scheduler"; IAM's prefix is lower case
      actions.add(service.toLowerCase(java.util.Locale.ROOT) + ":" + operation);
    }
  }

  private static Set<String> recordedCalls() {
    Recorder recorder = new Recorder();
    try (FakeSchedulerServer fake = FakeSchedulerServer.start(GROUP).pageSize(1);
        var schedules =
            new EventBridgeDailyScrumSchedules(
                SchedulerClient.builder()
                    .endpointOverride(fake.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                    .build(),
                GROUP,
                "arn:aws:lambda:us-east-1:123456789012:function:x-orchestrate:live",
                "arn:aws:iam::123456789012:role/x",
                ZoneId.of("UTC"))) {
      for (String sprint : List.of("P-S01", "P-S02")) {
        schedules.put(
            new DailyScrumSchedule(
                "run-dailyscrum-p-" + sprint.toLowerCase(), "P", sprint, "0 14 * * 1-5"));
      }
      schedules.put(new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 9 * * *"));
      assertThat(schedules.exists("P", "run-dailyscrum-p-p-s01")).isTrue();
      assertThat(schedules.list("P")).hasSize(2);
      assertThat(schedules.delete("P", "run-dailyscrum-p-p-s01")).isTrue();
      assertThat(schedules.delete("P", "run-dailyscrum-p-p-s01")).isFalse();
    }
    return recorder.actions;
  }

  private static Set<String> grantedSchedulerActions(JsonNode function) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode policy : function.path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        statement.path("Action").forEach(a -> actions.add(a.asText()));
      }
    }
    actions.removeIf(action -> !action.startsWith("scheduler:"));
    return actions;
  }

  @Test
  void orchestrateIsGrantedExactlyTheSchedulerCallsTheAdapterMakes() {
    JsonNode resources = DeployFiles.templateJson().path("Resources");

    assertThat(grantedSchedulerActions(resources.path("OrchestrateFunction")))
        .containsExactlyInAnyOrderElementsOf(recordedCalls());
    // the benchmark's dry runs only look schedules up (IamFromCallsTest records it)
    assertThat(grantedSchedulerActions(resources.path("PerformanceMetricsFunction")))
        .containsExactly("scheduler:GetSchedule");
  }

  @Test
  void orchestrateMayPassOnlyTheSchedulesRoleAndThatRoleMayOnlyInvokeOrchestrate() {
    JsonNode resources = DeployFiles.templateJson().path("Resources");
    JsonNode passRole = null;
    for (JsonNode policy :
        resources.path("OrchestrateFunction").path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        if (statement.path("Action").toString().contains("iam:PassRole")) {
          passRole = statement;
        }
      }
    }
    assertThat(passRole).as("an iam:PassRole statement").isNotNull();
    assertThat(passRole.path("Resource").toString()).contains("DailyScrumScheduleRole");
    assertThat(passRole.path("Condition").toString()).contains("scheduler.amazonaws.com");

    JsonNode role = resources.path("DailyScrumScheduleRole").path("Properties");
    assertThat(role.path("AssumeRolePolicyDocument").toString())
        .contains("scheduler.amazonaws.com");
    JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(statements.get(0).path("Resource").toString()).contains("-orchestrate:live");
    assertThat(
            resources
                .path("OrchestrateFunction")
                .path("Properties")
                .path("FunctionName")
                .toString())
        .contains("-orchestrate");
    assertThat(resources.path("DailyScrumScheduleGroup").path("Type").asText())
        .isEqualTo("AWS::Scheduler::ScheduleGroup");
  }
}
