package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * DSM_SCHEDULER=kubernetes end to end over HTTP: two instances of the app (own contexts, own
 * Kubernetes clients configured the standard way) against the fake DSM services and fabric8's mock
 * API server in CRUD mode. An orchestration creates the sprint's CronJob; running what the
 * CronJob's container runs — its curl payload POSTed to the orchestrate service — reaches the fake
 * sprint service's run-daily-scrum once however often the Job is retried; the second instance sees
 * the CronJob.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSchedulerHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, String> SYSTEM = new LinkedHashMap<>();

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static FakeDsmServer dsm;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
    // fabric8's standard configuration, as a pod would get it from its service account
    SYSTEM.put("kubernetes.master", client.getConfiguration().getMasterUrl());
    SYSTEM.put("kubernetes.namespace", "dsm");
    SYSTEM.put("kubernetes.auth.tryKubeConfig", "false");
    SYSTEM.put("kubernetes.auth.tryServiceAccount", "false");
    SYSTEM.forEach(System::setProperty);
  }

  @AfterAll
  static void stop() {
    SYSTEM.keySet().forEach(System::clearProperty);
    dsm.close();
  }

  private static ConfigurableApplicationContext instance() {
    Map<String, Object> properties = new HashMap<>(dsm.environment(Duration.ofSeconds(10)));
    properties.put("DSM_DATA_SOURCE", "http");
    properties.put("DSM_SCHEDULER", "kubernetes");
    properties.put("PORT", "0"); // application.properties: server.port=${PORT:8080}
    return new SpringApplicationBuilder(FunctionsApplication.class).properties(properties).run();
  }

  private static HttpResponse<String> post(
      ConfigurableApplicationContext app, String path, String contentType, String body)
      throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String argAfter(List<String> args, String flag) {
    return args.get(args.indexOf(flag) + 1);
  }

  @Test
  void theCronJobAnOrchestrationCreatesRunsTheDailyScrumOncePerDay() throws Exception {
    try (var first = instance();
        var second = instance()) {
      HttpResponse<String> orchestrated =
          post(first, "/orchestrate/project/TEST-001", "application/json", "{}");
      assertThat(orchestrated.statusCode()).as(orchestrated.body()).isEqualTo(200);
      JsonNode decision = Json.mapper().readTree(orchestrated.body());
      String sprintId = decision.path("sprint_id").asText();
      String name = ScheduleNames.dailyScrum(EmbeddedDataset.TEST, sprintId);
      CronJob cronJob = client.batch().v1().cronjobs().inNamespace("dsm").withName(name).get();
      assertThat(cronJob).as("CronJob %s", name).isNotNull();
      assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");

      // what the Job's container does: curl POSTs its --data with its -H content type; Kubernetes
      // has expanded $(JOB_NAME) to the Job's name
      Container container =
          cronJob
              .getSpec()
              .getJobTemplate()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      List<String> args = container.getArgs();
      String contentType = argAfter(args, "-H").replace("Content-Type: ", "");
      String event = argAfter(args, "--data").replace("$(JOB_NAME)", name + "-29412840");
      HttpResponse<String> ran = post(first, "/", contentType, event);
      assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
      JsonNode run = Json.mapper().readTree(ran.body());
      assertThat(run.path("sprint_id").asText()).isEqualTo(sprintId);
      assertThat(run.path("invocation").path("trigger").asText()).isEqualTo("schedule");
      String call = "POST /sprints/" + sprintId + "/run-daily-scrum";
      assertThat(dsm.requestLog()).filteredOn(call::equals).hasSize(1);
      // a running sprint: its status read first, its CronJob left alone
      assertThat(dsm.requestLog())
          .containsSubsequence("GET /sprints/by-project/" + EmbeddedDataset.TEST, call);
      assertThat(client.batch().v1().cronjobs().inNamespace("dsm").withName(name).get())
          .isNotNull();

      // the Job retried after a lost answer: the same day's run is not repeated
      HttpResponse<String> retried = post(first, "/", contentType, event);
      assertThat(retried.statusCode()).isEqualTo(200);
      assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(dsm.requestLog()).filteredOn(call::equals).hasSize(1);

      // the second instance sees the CronJob: nothing to recreate
      JsonNode steady =
          Json.mapper()
              .readTree(
                  post(second, "/orchestrate/project/TEST-001", "application/json", "{}").body());
      assertThat(steady.path("decisions").path("reasoning").asText())
          .contains("existing CronJob")
          .doesNotContain("Recreating");
    }
  }

  /**
   * The sprint closed at the sprint service (not by an orchestration), its CronJob still there: the
   * Job's POST is answered 409, the daily scrum is not run and the CronJob is deleted (which
   * deletes the Job too, so the Job's retries of a non-2xx exit stop with it).
   */
  @Test
  void theCronJobOfASprintClosedElsewhereDeletesItself() throws Exception {
    try (var app = instance()) {
      HttpResponse<String> healed =
          post(app, "/orchestrate/project/" + EmbeddedDataset.SELF_HEAL, "application/json", "{}");
      assertThat(healed.statusCode()).as(healed.body()).isEqualTo(200);
      String sprintId = Json.mapper().readTree(healed.body()).path("sprint_id").asText();
      String name = ScheduleNames.dailyScrum(EmbeddedDataset.SELF_HEAL, sprintId);
      CronJob cronJob = client.batch().v1().cronjobs().inNamespace("dsm").withName(name).get();
      assertThat(cronJob).as("CronJob %s", name).isNotNull();
      dsm.data()
          .closeSprint(
              org.dsm.orchestrator.core.domain.ProjectId.of(EmbeddedDataset.SELF_HEAL), sprintId);

      List<String> args =
          cronJob
              .getSpec()
              .getJobTemplate()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getArgs();
      String event = argAfter(args, "--data").replace("$(JOB_NAME)", name + "-29412841");
      HttpResponse<String> over =
          post(app, "/", argAfter(args, "-H").replace("Content-Type: ", ""), event);

      assertThat(over.statusCode()).as(over.body()).isEqualTo(409);
      JsonNode body = Json.mapper().readTree(over.body());
      assertThat(body.path("detail").asText())
          .startsWith("Daily scrum not run: sprint " + sprintId + " is over")
          .endsWith("Deleted daily scrum schedule " + name + ".");
      assertThat(body.path("schedule").asText()).isEqualTo("deleted");
      assertThat(client.batch().v1().cronjobs().inNamespace("dsm").withName(name).get()).isNull();
      assertThat(dsm.requestLog()).noneMatch(line -> line.contains(sprintId + "/run-daily-scrum"));
    }
  }

  /**
   * What the performance-metrics Service asks the API server with DSM_SCHEDULER=kubernetes: its
   * scheduled benchmark runs dry orchestrations (one of them over a running sprint without its
   * CronJob, which a real run would recreate), and those only read CronJobs by name — the one verb
   * its Role in k8s-knative/05-schedules-rbac.yaml grants (SchedulesRbacTest checks the Role).
   */
  @Test
  void theBenchmarksDryRunsOnlyGetCronJobsByName() throws Exception {
    Map<String, Object> properties = new HashMap<>(dsm.environment(Duration.ofSeconds(10)));
    properties.put("SPRING_CLOUD_FUNCTION_DEFINITION", "performanceMetrics");
    properties.put("DSM_DATA_SOURCE", "http");
    properties.put("DSM_SCHEDULER", "kubernetes");
    properties.put("BENCHMARK_PROJECTS", EmbeddedDataset.TEST + "," + EmbeddedDataset.STEADY);
    properties.put("BENCHMARK_ITERATIONS", "2");
    properties.put("PORT", "0");
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(FunctionsApplication.class).properties(properties).run()) {
      while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
        // only the benchmark's calls count
      }
      String port = app.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> ran =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                  .header("Ce-Specversion", "1.0")
                  .header("Ce-Type", "dev.knative.sources.ping")
                  .header("Ce-Id", "ping-rbac")
                  .header("Ce-Source", "/apis/v1/namespaces/dsm/pingsources/scheduled-benchmark")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("{\"trigger\":\"scheduled-benchmark\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
    }

    List<String> calls = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      calls.add(request.getMethod() + " " + request.getPath().replaceAll("\\?.*", ""));
    }
    assertThat(calls)
        .as("the benchmark read the running sprint's CronJob")
        .isNotEmpty()
        .allMatch(
            call -> call.matches("GET /apis/batch/v1/namespaces/dsm/cronjobs/[-a-z0-9.]+"),
            "a GET of one CronJob by name");
  }
}
