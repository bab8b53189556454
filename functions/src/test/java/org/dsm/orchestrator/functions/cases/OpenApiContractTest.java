package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.UncappableAssignment;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * openapi.yaml against the running app: every row of the case table is sent over HTTP and its real
 * response must be documented (path, method, status, required headers, content type) and valid
 * against the documented schema (networknt json-schema-validator with the OpenAPI 3.1 dialect);
 * likewise the history page, the benchmark verdict and the scrape, which the table does not hold.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path SPEC = Path.of("..", "openapi.yaml").toAbsolutePath().normalize();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder
                  .metaSchema(OpenApi31.getInstance())
                  .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
  private static JsonNode spec;

  @LocalServerPort int port;

  @BeforeAll
  static void load() throws Exception {
    spec = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
    assertThat(spec.path("openapi").asText()).isEqualTo("3.1.0");
  }

  /**
   * The rows that are API Gateway HTTP requests; the schedulers' events (CloudEvents to "/") are no
   * part of the HTTP API this document describes.
   */
  static List<ApiCase> cases() {
    List<ApiCase> http =
        ApiCase.all().stream()
            .filter(c -> c.eventJson().path("requestContext").path("http").has("method"))
            .toList();
    assertThat(http).hasSizeGreaterThan(25);
    return http;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseAnswersAsDocumented(ApiCase row) throws Exception {
    JsonNode event = JSON.readTree(row.eventBytes());
    String method = event.path("requestContext").path("http").path("method").asText();
    // the path as the client sent it: an encoded '/' stays in its segment
    String path = ApiCase.clientPath(row.eventJson());
    HttpResponse<String> response =
        CLIENT.send(toHttp(event), HttpResponse.BodyHandlers.ofString());

    assertDocumented(method, path, response);
  }

  @Test
  void theHistoryPageTheBenchmarkAndTheScrapeAreDocumented() throws Exception {
    assertDocumented(
        "GET",
        "/orchestrate/intelligence/performance/dashboard/TEST-001",
        send(get("/orchestrate/intelligence/performance/dashboard/TEST-001?window=24h")));
    assertDocumented(
        "POST",
        "/benchmark",
        send(
            HttpRequest.newBuilder(uri("/benchmark", ""))
                .header("Ce-Specversion", "1.0")
                .header("Ce-Type", "dev.knative.sources.ping")
                .header("Ce-Id", "contract-1")
                .header("Ce-Source", "test")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build()));
    assertDocumented("GET", "/metrics", send(get("/metrics")));
  }

  @Test
  void theValidatorRejectsWhatTheDocumentForbids() throws Exception {
    assertThat(errors("#/components/schemas/Error", JSON.readTree("{\"detail\":5}"))).isNotEmpty();
    assertThat(
            errors("#/components/schemas/Error", JSON.readTree("{\"detail\":\"x\",\"trace\":1}")))
        .isNotEmpty();
    JsonNode report =
        JSON.readTree(send(get("/orchestrate/intelligence/performance/metrics/TEST-001")).body());
    assertThat(errors("#/components/schemas/PerformanceReport", report)).isEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode) report).remove("regressions");
    assertThat(errors("#/components/schemas/PerformanceReport", report)).isNotEmpty();
  }

  /**
   * The request schema holds every option the API accepts, with the API's bounds and values: the
   * accepted names come from the API's own refusal of an unknown one. A client generated from the
   * document (additionalProperties false) could otherwise not send an accepted option.
   */
  @Test
  void theRequestSchemaHoldsEveryOptionTheApiAccepts() throws Exception {
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(uri("/orchestrate/project/TEST-001", ""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"options\":{\"no_such_option\":1}}"))
                .build());
    String detail = JSON.readTree(refused.body()).path("detail").asText();
    assertThat(detail).contains("; accepted: ");
    List<String> accepted =
        List.of(detail.substring(detail.indexOf("; accepted: ") + 12).split(", "));
    JsonNode options =
        spec.at("/components/schemas/OrchestrateRequest/properties/options/properties");
    List<String> documented = new java.util.ArrayList<>();
    options.fieldNames().forEachRemaining(documented::add);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(options.at("/sprint_duration_weeks/minimum").asInt())
        .isEqualTo(OrchestrationOptions.MIN_SPRINT_WEEKS);
    assertThat(options.at("/sprint_duration_weeks/maximum").asInt())
        .isEqualTo(OrchestrationOptions.MAX_SPRINT_WEEKS);
    assertThat(options.at("/max_tasks_per_sprint/minimum").asInt())
        .isEqualTo(OrchestrationOptions.MIN_TASKS);
    assertThat(options.at("/max_tasks_per_sprint/maximum").asInt())
        .isEqualTo(OrchestrationOptions.MAX_TASKS);
    List<String> values = new java.util.ArrayList<>();
    options.at("/" + UncappableAssignment.OPTION + "/enum").forEach(v -> values.add(v.asText()));
    assertThat(values)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(UncappableAssignment.values())
                .map(UncappableAssignment::value)
                .toList());
  }

  /** The response's status, headers and body match the operation of {@code method path}. */
  private void assertDocumented(String method, String path, HttpResponse<String> response)
      throws Exception {
    String where = method + " " + path + " -> " + response.statusCode();
    String contentType =
        response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
    JsonNode operation = operation(method, path);
    if (operation == null) {
      // no operation at this path: the API's JSON 404 for any unknown path
      assertThat(response.statusCode()).as(where).isEqualTo(404);
      assertThat(errors("#/components/schemas/Error", JSON.readTree(response.body())))
          .as(where)
          .isEmpty();
      return;
    }
    String status = Integer.toString(response.statusCode());
    String pointer = pointerOf(operation) + "/responses/" + status;
    JsonNode documented = operation.path("responses").path(status);
    assertThat(documented.isMissingNode()).as("status documented for %s", where).isFalse();
    if (documented.has("$ref")) {
      pointer = documented.path("$ref").asText();
      documented = at(pointer);
    }

    for (Iterator<Map.Entry<String, JsonNode>> headers = documented.path("headers").fields();
        headers.hasNext(); ) {
      Map.Entry<String, JsonNode> header = headers.next();
      if (header.getValue().path("required").asBoolean()) {
        assertThat(response.headers().firstValue(header.getKey()))
            .as("header %s of %s", header.getKey(), where)
            .isPresent();
      }
    }
    if (method.equals("HEAD")) {
      assertThat(response.body()).as("body of %s", where).isEmpty();
      return; // the GET's status and headers without its body
    }
    assertThat(documented.path("content").has(contentType))
        .as("content type %s documented for %s", contentType, where)
        .isTrue();
    if (contentType.equals("application/json")) {
      Set<ValidationMessage> invalid =
          errors(pointer + "/content/application~1json/schema", JSON.readTree(response.body()));
      assertThat(invalid).as("%s (body %.300s)", where, response.body()).isEmpty();
    }
  }

  private static Set<ValidationMessage> errors(String pointer, JsonNode body) {
    JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(SPEC.toUri() + pointer));
    return schema.validate(body);
  }

  /** The operation whose path template matches, or null. */
  private static JsonNode operation(String method, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = paths.next();
      String regex = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
      if (path.matches(regex)) {
        JsonNode operation = entry.getValue().path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
          // a method the path does not have: documented as 405 on the path's other operation
          return entry.getValue().elements().next();
        }
        return operation;
      }
    }
    return null;
  }

  private static String pointerOf(JsonNode operation) {
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = entry.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (op.getValue() == operation) {
          return "#/paths/"
              + entry.getKey().replace("~", "~0").replace("/", "~1")
              + "/"
              + op.getKey();
        }
      }
    }
    throw new IllegalStateException("operation not in the document");
  }

  private static JsonNode at(String ref) {
    return spec.at(ref.substring(1));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest get(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .GET()
        .build();
  }

  private URI uri(String path, String query) {
    return URI.create(
        "http://127.0.0.1:" + port + path + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  private HttpRequest toHttp(JsonNode event) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
            uri(
                ApiCase.clientPath(
                    org.dsm.orchestrator.core.json.Json.mapper().readTree(event.toString())),
                event.path("rawQueryString").asText("")));
    for (String name : List.of("Content-Type", "Content-Encoding")) {
      JsonNode value = event.path("headers").path(name.toLowerCase(java.util.Locale.ROOT));
      if (value.isTextual()) {
        builder.header(name, value.asText());
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
            event.path("requestContext").path("http").path("method").asText(),
            body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}
