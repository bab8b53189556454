package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every row of api-cases.yaml over real HTTP against the running app (embedded Tomcat on a random
 * port): the event's method, raw path, query, content type and (decoded) body sent as a client
 * would send them.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiCasesHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  static List<ApiCase> cases() {
    return ApiCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeTheTable(ApiCase row) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(toHttp(row.eventJson()), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new HashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
    headers.remove("content-length");
    headers.remove("date");
    headers.remove("connection");
    headers.remove("keep-alive");
    row.verify(response.statusCode(), headers, response.body());
  }

  @Test
  void exposesNothingButTheEndpoints() throws Exception {
    for (String path :
        List.of(
            "/orchestrate",
            "/performanceMetrics",
            "/actuator",
            "/actuator/health",
            "/error",
            "/orchestrate/project",
            "/")) {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(uri(path, null)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(Json.mapper().readTree(response.body()).path("detail").asText())
          .as(path)
          .contains("Not found");
    }
  }

  @Test
  void rejectsAnOversizedBodyWithoutReadingItAll() throws Exception {
    byte[] huge = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/orchestrate/project/TEST-001", null))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void theInvocationIsReportedAsLocalHttp() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    uri("/orchestrate/intelligence/performance/metrics/TEST-001", null))
                .header("X-Request-Id", "abc-123")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode invocation = Json.mapper().readTree(response.body()).path("invocation");

    assertThat(invocation.path("platform").asText()).isEqualTo("local");
    assertThat(invocation.path("invocation_id").asText()).isEqualTo("abc-123");
  }

  @Test
  void aPingSourceCloudEventRunsTheBenchmark() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/", null))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Type", "dev.knative.sources.ping")
                .header("Ce-Id", "ping-1")
                .header("Ce-Source", "/apis/v1/namespaces/dsm/pingsources/benchmark")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"benchmark\": true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(response.body()).path("verdict").asText())
        .isIn("pass", "fail");
  }

  private HttpRequest toHttp(JsonNode event) {
    if (event.has("specversion")) { // a CloudEvent: structured mode, POSTed to the service root
      return HttpRequest.newBuilder(uri("/", null))
          .header("Content-Type", "application/cloudevents+json")
          .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
          .build();
    }
    JsonNode http = event.path("requestContext").path("http");
    String query = event.path("rawQueryString").asText("");
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(event.path("rawPath").asText(), query));
    JsonNode contentType = event.path("headers").path("content-type");
    if (contentType.isTextual()) {
      builder.header("Content-Type", contentType.asText());
    }
    byte[] body = new byte[0];
    if (event.path("body").isTextual()) {
      String text = event.path("body").asText();
      body =
          event.path("isBase64Encoded").asBoolean()
              ? Base64.getDecoder().decode(text)
              : text.getBytes(StandardCharsets.UTF_8);
    }
    return builder
        .method(
            http.path("method").asText(),
            body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private URI uri(String rawPath, String query) {
    return URI.create(
        "http://127.0.0.1:"
            + port
            + rawPath
            + (query == null || query.isEmpty() ? "" : "?" + query));
  }
}
