package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP the scheduled benchmark has the deadline Knative's {@code timeoutSeconds} sets (the pod
 * learns it from REQUEST_TIMEOUT_SECONDS): with less time than its 5 s margin it runs no iteration
 * and answers a verdict saying why, where without the setting it ran on until the queue-proxy cut
 * the request off and the PingSource got no verdict at all.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"REQUEST_TIMEOUT_SECONDS=5", "BENCHMARK_ITERATIONS=1000", "METRICS_STORE=memory"})
class BenchmarkDeadlineHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Test
  void aPingSourceEventStopsBeforeTheRequestTimeoutAndSaysSo() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Type", "dev.knative.sources.ping")
                .header("Ce-Source", "/apis/v1/namespaces/dsm/pingsources/benchmark")
                .header("Ce-Id", "deadline-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode verdict = Json.mapper().readTree(response.body());
    assertThat(verdict.path("iterations").asInt()).isEqualTo(1000);
    assertThat(verdict.path("iterations_run").asInt()).isZero();
    assertThat(verdict.path("stopped_early").asBoolean()).isTrue();
    assertThat(verdict.path("stop_reason").asText()).contains("stopped after 0 of 1000 iterations");
  }
}
