package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * Every row of api-cases.yaml through the real FunctionInvoker (our LambdaHandler subclass), fed
 * the events/ files byte for byte, the way the Lambda Java runtime calls the shaded jar's handler
 * (main class from MAIN_CLASS, function by definition).
 */
class ApiCasesLambdaTest {
  private static final Map<String, FunctionInvoker> INVOKERS = new HashMap<>();

  @BeforeAll
  static void start() {
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    for (String function : List.of("orchestrate", "performanceMetrics")) {
      INVOKERS.put(function, new LambdaHandler(function));
    }
  }

  @AfterAll
  static void stop() {
    System.clearProperty("MAIN_CLASS");
  }

  static List<ApiCase> cases() {
    return ApiCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeTheTable(ApiCase row) throws Exception {
    JsonNode response =
        row.remainingMs() == null
            ? invoke(row.function(), row.eventBytes())
            : invoke(
                row.function(),
                row.eventBytes(),
                LambdaRun.context(row.event(), row.remainingMs()::intValue));
    Map<String, String> headers = new HashMap<>();
    response
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    assertThat(response.path("isBase64Encoded").asBoolean()).isFalse();
    row.verify(response.path("statusCode").asInt(), headers, response.path("body").asText());
  }

  @Test
  void eventsAreNotLoggedAtInfoAndNoWebServerRuns() throws Exception {
    // FunctionInvoker starts a non-web context: no servlet container class is instantiated.
    JsonNode response =
        invoke(
            "performanceMetrics",
            new ApiCase(
                    "health.json", "performanceMetrics", 200, List.of(), null, Map.of(), Map.of())
                .eventBytes());
    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    assertThat(
            org.slf4j.LoggerFactory.getLogger(
                    "org.springframework.cloud.function.adapter.aws.AWSLambdaUtils")
                .isInfoEnabled())
        .isFalse();
  }

  @Test
  void theInvocationIsTheLambdaRequestOnPlatformLambda() throws Exception {
    JsonNode response =
        invoke(
            "performanceMetrics",
            java.nio.file.Files.readAllBytes(ApiCase.EVENTS.resolve("metrics-happy-path.json")));
    JsonNode invocation = Json.mapper().readTree(response.path("body").asText()).path("invocation");

    assertThat(invocation.path("platform").asText()).isEqualTo("lambda");
    assertThat(invocation.path("trigger").asText()).isEqualTo("http");
    assertThat(invocation.path("invocation_id").asText())
        .isEqualTo(
            ApiCase.all().stream()
                .filter(c -> c.event().equals("metrics-happy-path.json"))
                .findFirst()
                .orElseThrow()
                .eventJson()
                .path("requestContext")
                .path("requestId")
                .asText());
  }

  @Test
  void aScheduledEventRunsTheBenchmarkAndAnswersTheVerdict() throws Exception {
    for (String event : List.of("scheduled-benchmark.json", "pingsource-cloudevent.json")) {
      JsonNode response =
          invoke(
              "performanceMetrics",
              java.nio.file.Files.readAllBytes(ApiCase.EVENTS.resolve(event)));
      assertThat(response.path("statusCode").asInt()).as(event).isEqualTo(200);
      JsonNode verdict = Json.mapper().readTree(response.path("body").asText());
      assertThat(verdict.path("verdict").asText()).as(event).isIn("pass", "fail");
      assertThat(verdict.path("invocations").asInt()).as(event).isPositive();
    }
  }

  @Test
  void theLambdaRequestIdBecomesTheInvocationId() throws Exception {
    com.amazonaws.services.lambda.runtime.Context lambda =
        (com.amazonaws.services.lambda.runtime.Context)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getAwsRequestId" -> "lambda-req-42";
                      case "getRemainingTimeInMillis" -> 30_000;
                      case "getMemoryLimitInMB" -> 1024;
                      default -> null;
                    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    INVOKERS
        .get("performanceMetrics")
        .handleRequest(
            new ByteArrayInputStream(
                java.nio.file.Files.readAllBytes(
                    ApiCase.EVENTS.resolve("metrics-happy-path.json"))),
            out,
            lambda);
    JsonNode body =
        Json.mapper().readTree(Json.mapper().readTree(out.toByteArray()).path("body").asText());

    assertThat(body.path("invocation").path("invocation_id").asText()).isEqualTo("lambda-req-42");
  }

  static JsonNode invoke(String function, byte[] event) throws Exception {
    return invoke(function, event, null);
  }

  static JsonNode invoke(
      String function, byte[] event, com.amazonaws.services.lambda.runtime.Context context)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    INVOKERS.get(function).handleRequest(new ByteArrayInputStream(event), out, context);
    return Json.mapper().readTree(out.toByteArray());
  }
}
