package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the performance-metrics Service asks the API server with DSM_SCHEDULER=kubernetes: its
 * scheduled benchmark runs dry orchestrations (one of them over a running sprint without its
 * CronJob, which a real run would recreate), and those only read CronJobs by name — the one verb
 * its Role in k8s-knative/05-schedules-rbac.yaml grants (SchedulesRbacTest checks the Role).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PerformanceMetricsKubernetesCallsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, String> SYSTEM = new LinkedHashMap<>();

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static FakeDsmServer dsm;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
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
