package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * TRACE reaches the app since {@link OtherMethods} lets Tomcat pass it on: on no path may it be
 * answered by a servlet's doTrace, which echoes the request (its headers, credentials among them)
 * back. Every path gets the API's JSON answer instead; the routes' answers are in the case table
 * (orchestrate-trace.json, health-propfind.json, unknown-path-propfind.json).
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OtherMethodsHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String MARKER = "echo-marker-3b9d";

  @LocalServerPort int port;

  @Test
  void traceIsAnsweredByTheApiOnEveryPathAndNeverEchoed() throws Exception {
    for (String path :
        List.of(
            "/",
            "/health",
            "/metrics",
            "/benchmark",
            "/no/such/path",
            "/orchestrate/project/TEST-001",
            "/orchestrate/intelligence/performance/dashboard/TEST-001")) {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .header("X-Echo-Marker", MARKER)
                  .method("TRACE", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(path).isIn(404, 405);
      assertThat(response.headers().firstValue("Content-Type"))
          .as(path)
          .hasValue("application/json");
      assertThat(response.body()).as(path).doesNotContain(MARKER);
      assertThat(Json.mapper().readTree(response.body()).path("detail").asText())
          .as(path)
          .isNotBlank();
    }
  }
}
