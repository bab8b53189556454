package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.cloud.function.json.JacksonMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * LambdaHandler's direct route answers what the adapter's path answers: the same envelope for every
 * refused request of the case table (whose bodies hold no timings), and, for any response, an
 * envelope API Gateway reads as the same status, headers and body text.
 */
class LambdaDirectRouteTest {
  private static final Map<String, FunctionInvoker> DIRECT = new HashMap<>();
  private static final Map<String, FunctionInvoker> ADAPTER = new HashMap<>();

  @BeforeAll
  static void start() {
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    for (String function : List.of("orchestrate", "performanceMetrics")) {
      DIRECT.put(function, new LambdaHandler(function));
      ADAPTER.put(function, new FunctionInvoker(function));
    }
  }

  @AfterAll
  static void stop() {
    System.clearProperty("MAIN_CLASS");
  }

  @Test
  void bothFunctionsTakeTheDirectRoute() {
    // fails when the adapter no longer hands over the located function (see LambdaHandler)
    DIRECT.forEach(
        (name, handler) -> assertThat(((LambdaHandler) handler).direct()).as(name).isTrue());
  }

  @Test
  void refusedRequestsGetTheAdaptersEnvelope() throws Exception {
    int compared = 0;
    for (ApiCase row : ApiCase.all()) {
      // a deadline (from the Context) is LambdaHandler's own: the plain adapter has none
      if (row.status() < 400 || row.status() == 429 || row.remainingMs() != null) {
        continue;
      }
      JsonNode direct = invoke(DIRECT.get(row.function()), row.eventBytes());
      JsonNode adapter = withoutNulls(invoke(ADAPTER.get(row.function()), row.eventBytes()));
      assertThat(direct).as(row.event()).isEqualTo(adapter);
      assertThat(direct.path("statusCode").asInt()).as(row.event()).isEqualTo(row.status());
      compared++;
    }
    assertThat(compared).isGreaterThan(10);
  }

  @Test
  void anyBodyReadsBackAsTheTextTheAdapterWouldCarry() throws Exception {
    Random random = new Random(7);
    String[] pieces = {
      "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "€", "😀", "\ud800", "<", "a"
    };
    for (int i = 0; i < 2_000; i++) {
      StringBuilder body = new StringBuilder();
      for (int n = random.nextInt(40); n > 0; n--) {
        body.append(pieces[random.nextInt(pieces.length)]);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (random.nextBoolean()) {
        headers.put("X-Note", body.length() > 5 ? body.substring(0, 5) : "\"q\"");
      }
      int status = 200 + random.nextInt(400);
      // made as text (pages) or as JSON bytes (every API answer)
      ApiResponse response =
          random.nextBoolean()
              ? new ApiResponse(status, headers, body.toString())
              : ApiResponse.json(status, Map.of("detail", body.toString()));

      ByteArrayOutputStream written = new ByteArrayOutputStream();
      ApiGatewayEvents.writeResponse(response, written);
      JsonNode envelope = Json.mapper().readTree(written.toByteArray());
      JsonNode expected =
          withoutNulls(
              Json.mapper().readTree(ADAPTERS_JSON.toJson(ApiGatewayEvents.toResponse(response))));

      assertThat(envelope).as("body %s", body).isEqualTo(expected);
      assertThat(envelope.path("body").textValue()).isEqualTo(response.body());
    }
  }

  /** The adapter's serialisation of its object (its JsonMapper over a Jackson 3 mapper). */
  private static final JacksonMapper ADAPTERS_JSON = new JacksonMapper(new ObjectMapper());

  private static JsonNode invoke(FunctionInvoker invoker, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    invoker.handleRequest(new ByteArrayInputStream(event), out, null);
    return Json.mapper().readTree(out.toByteArray());
  }

  private static JsonNode withoutNulls(JsonNode envelope) {
    ObjectNode copy = (ObjectNode) envelope.deepCopy();
    copy.properties().removeIf(field -> field.getValue().isNull());
    return copy;
  }
}
