package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP the app logs one ECS JSON line per event, each carrying the invocation's id, function,
 * project and W3C trace id.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogHttpTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort int port;

  /** Every captured line that is JSON; a non-JSON line from the app fails the test. */
  static List<JsonNode> jsonLines(String output) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      assertThat(line).as("every log line is one JSON object").startsWith("{").endsWith("}");
      lines.add(Json.mapper().readTree(line));
    }
    return lines;
  }

  private static List<JsonNode> linesOf(CapturedOutput output, String invocationId)
      throws Exception {
    return jsonLines(output.getOut()).stream()
        .filter(l -> invocationId.equals(l.path("invocation_id").asText()))
        .toList();
  }

  @Test
  void eachRequestLogsOneJsonLineWithItsContext(CapturedOutput output) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/orchestrate/intelligence/performance/metrics/TEST-001"))
                    .header("X-Request-Id", "log-test-1")
                    .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);

    // over HTTP a background thread writes the console (AsyncConsoleLogging): the line may land
    // after the response did
    List<JsonNode> lines = linesOf(output, "log-test-1");
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        lines.isEmpty() && System.nanoTime() < deadline;
        lines = linesOf(output, "log-test-1")) {
      Thread.sleep(20);
    }

    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path("function").asText()).isEqualTo("performanceMetrics");
              assertThat(line.path("project_id").asText()).isEqualTo("TEST-001");
              assertThat(line.path("trace_id").asText()).isEqualTo(TRACE);
              assertThat(line.path("message").asText())
                  .startsWith("GET performanceMetrics answered 200 in ");
              assertThat(line.path("ecs").path("version").asText()).isNotBlank();
              assertThat(line.path("@timestamp").asText()).isNotBlank();
            });
  }
}
