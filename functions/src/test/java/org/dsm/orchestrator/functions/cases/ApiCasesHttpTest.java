package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every row of api-cases.yaml over real HTTP against the running app (embedded Tomcat on a random
 * port) with SPRING_CLOUD_FUNCTION_DEFINITION unset, so one process serves both functions (as
 * scripts/run-local.sh runs it): the event's method, raw path, query, content type and (decoded)
 * body sent as a client would send them. Rows that send a function the other one's request do not
 * apply here ({@link ApiCasesPerFunctionHttpTest} runs them), nor rows with a deadline ({@link
 * ApiCasesDeadlineHttpTest}).
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiCasesHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  static List<ApiCase> cases() {
    return ApiCase.all().stream()
        .filter(row -> !row.misrouted() && row.remainingMs() == null)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeTheTable(ApiCase row) throws Exception {
    send(row, "http://127.0.0.1:" + port);
  }

  /** Sends the row's request to the server at {@code base} and checks the answer. */
  static void send(ApiCase row, String base) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(toHttp(row, base), HttpResponse.BodyHandlers.ofString());
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

  /** RFC 9110: a HEAD answer's Content-Length, if any, is the GET body's (not 0). */
  @Test
  void aHeadAnswerCarriesTheContentLengthOfTheGet() throws Exception {
    HttpResponse<String> get =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/health", null)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> head =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/health", null))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-length"))
        .contains(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
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

  /**
   * Only a PingSource's CloudEvent runs the benchmark: another type, binary or structured, is a 400
   * and runs nothing; each answer leaves one record.
   */
  @Test
  void aCloudEventOfAnotherTypeIsRefusedAndRecorded() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String binaryId = "ce-binary-" + UUID.randomUUID();
    HttpResponse<String> binary =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/", null))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Type", "com.example.object.created")
                .header("Ce-Id", "other-1")
                .header("Ce-Source", "/somewhere")
                .header("X-Request-Id", binaryId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String structuredId = "ce-structured-" + UUID.randomUUID();
    HttpResponse<String> structured =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/benchmark", null))
                .header("Content-Type", "application/cloudevents+json")
                .header("X-Request-Id", structuredId)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"specversion\":\"1.0\",\"type\":\"com.example.other\",\"source\":\"/x\",\"id\":\"2\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> response : List.of(binary, structured)) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(Json.mapper().readTree(response.body()).path("detail").asText())
          .startsWith("unsupported event: CloudEvent type");
    }
    List<InvocationRecord> records = recordsSince(before);
    for (String id : List.of(binaryId, structuredId)) {
      assertThat(records)
          .filteredOn(r -> r.invocationId().equals(id))
          .extracting(
              InvocationRecord::trigger, InvocationRecord::statusCode, InvocationRecord::errorType)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("unsupported", 400, "UnsupportedEvent"));
      assertThat(records).noneMatch(r -> r.invocationId().startsWith(id + "-"));
    }
  }

  @Test
  void anUnknownPathIsRecordedButTheHealthProbeIsNot() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String unknown = "unknown-" + UUID.randomUUID();
    String health = "health-" + UUID.randomUUID();
    for (var call : Map.of("/no/such/path", unknown, "/health", health).entrySet()) {
      CLIENT.send(
          HttpRequest.newBuilder(uri(call.getKey(), null))
              .header("X-Request-Id", call.getValue())
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
    List<InvocationRecord> records = recordsSince(before);
    assertThat(records)
        .filteredOn(r -> r.invocationId().equals(unknown))
        .extracting(InvocationRecord::statusCode, InvocationRecord::errorType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(404, "NotFound"));
    assertThat(records).noneMatch(r -> r.invocationId().equals(health));
  }

  @Autowired MetricsRecorder recorder;
  @Autowired MetricsStore store;

  private List<InvocationRecord> recordsSince(Instant from) {
    return org.dsm.orchestrator.functions.support.StoredRecords.since(recorder, store, from);
  }

  private static HttpRequest toHttp(ApiCase row, String base) {
    JsonNode event = row.eventJson();
    if (event.has("specversion")) { // a CloudEvent: structured mode, POSTed to the service root
      return HttpRequest.newBuilder(URI.create(base + "/"))
          .header("Content-Type", "application/cloudevents+json")
          .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
          .build();
    }
    JsonNode http = event.path("requestContext").path("http");
    String query = event.path("rawQueryString").asText("");
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
            URI.create(base + ApiCase.clientPath(event) + (query.isEmpty() ? "" : "?" + query)));
    for (String name : List.of("Content-Type", "Content-Encoding", "Idempotency-Key")) {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      JsonNode value = event.path("headers").path(lower);
      if (value.isTextual() && !row.httpRepeated().contains(lower)) {
        builder.header(name, value.asText());
      }
    }
    for (String name : row.httpHeaders()) {
      builder.header(name, event.path("headers").path(name).asText());
    }
    for (String name : row.httpRepeated()) {
      for (String value : event.path("headers").path(name).asText().split(",", -1)) {
        builder.header(name, value);
      }
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
