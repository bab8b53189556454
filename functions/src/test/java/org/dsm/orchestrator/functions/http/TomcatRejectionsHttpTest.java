package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.support.StoredRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request Tomcat refuses before any servlet runs gets the same error shape as the API's own
 * errors: {@code Content-Type: application/json} (API.md: every error), a JSON {@code detail}. On
 * Lambda the same paths reach the API (API Gateway delivers them decoded) and are answered with it;
 * over HTTP an encoded '/' or '\' reaches the API too, and a path Tomcat still refuses (a {@code
 * %00}, a broken escape) is answered in the API's words: the id's 400 on its route, 405 for another
 * method, 404 off the routes.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatRejectionsHttpTest {
  private static final String INVALID_ID =
      "project_id may contain only letters, digits, '-' and '_'";

  @LocalServerPort int port;

  @Test
  void answersAnUnreadableIdAsTheApiDoesOnLambda() throws Exception {
    for (String path :
        List.of(
            "/orchestrate/project/TEST%5C001",
            "/orchestrate/project/TEST%00",
            "/orchestrate/project/TEST%2F001",
            "/orchestrate/project/TEST%G1",
            "/orchestrate/project/TEST%4")) {
      Answer answer = send("POST", path, "");

      assertThat(answer.status()).as(path).isEqualTo(400);
      assertThat(answer.contentTypes()).as(path).containsExactly("application/json");
      assertThat(answer.detail()).as(path).isEqualTo(INVALID_ID);
    }
  }

  @Test
  void anotherMethodOrPathIsAnsweredAsOnLambda() throws Exception {
    Answer get = send("GET", "/orchestrate/project/TEST%00", "");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.head()).contains("Allow: POST");
    assertThat(get.detail()).isEqualTo("Method GET not allowed; use POST");

    Answer metrics = send("GET", "/orchestrate/intelligence/performance/metrics/X%G1", "");
    assertThat(metrics.status()).isEqualTo(400);
    assertThat(metrics.detail()).isEqualTo(INVALID_ID);

    Answer unknown = send("GET", "/no/such%00path", "");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.detail()).isEqualTo("Not found: no endpoint at this path");
  }

  @Autowired MetricsRecorder recorder;
  @Autowired MetricsStore store;

  /**
   * On Lambda the API answers these requests and records each; over HTTP Tomcat refuses them before
   * any servlet, and without a record the store would count fewer invocations than the requests
   * Knative's queue-proxy counted. Each is recorded as on Lambda: under its route's function, or
   * {@code unrouted}.
   */
  @Test
  void aRefusedPathIsRecordedAsOnLambda() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    Map<String, String> sent =
        Map.of(
            "POST /orchestrate/project/TEST%00", "refused-id-" + UUID.randomUUID(),
            "GET /orchestrate/project/TEST%G1", "refused-method-" + UUID.randomUUID(),
            "GET /no/such%00path", "refused-path-" + UUID.randomUUID());
    for (var call : sent.entrySet()) {
      String[] request = call.getKey().split(" ");
      send(request[0], request[1], Map.of("X-Request-Id", call.getValue()));
    }

    List<InvocationRecord> records = StoredRecords.since(recorder, store, before);
    assertThat(records)
        .filteredOn(r -> sent.containsValue(r.invocationId()))
        .extracting(
            InvocationRecord::invocationId,
            InvocationRecord::function,
            InvocationRecord::statusCode,
            InvocationRecord::errorType)
        .containsExactlyInAnyOrder(
            tuple(
                sent.get("POST /orchestrate/project/TEST%00"),
                "orchestrate",
                400,
                "InvalidRequest"),
            tuple(
                sent.get("GET /orchestrate/project/TEST%G1"),
                "orchestrate",
                405,
                "MethodNotAllowed"),
            tuple(sent.get("GET /no/such%00path"), OrchestratorApi.UNROUTED, 404, "NotFound"));
  }

  /** API Gateway's quota: 10,240 bytes of request line and headers; beyond it a JSON 400 here. */
  @Test
  void aHeadLargerThanApiGatewaysQuotaIsAJson400() throws Exception {
    Answer served =
        send("GET", "/orchestrate/intelligence/performance/metrics/TEST-001", "x".repeat(9_500));
    assertThat(served.status()).isEqualTo(200);

    Answer refused =
        send("GET", "/orchestrate/intelligence/performance/metrics/TEST-001", "x".repeat(10_300));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentTypes()).containsExactly("application/json");
    assertThat(refused.detail()).startsWith("Bad request");
  }

  private record Answer(int status, String head, String body) {
    List<String> contentTypes() {
      return head.lines()
          .filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
          .map(l -> l.substring(13).strip())
          .toList();
    }

    String detail() {
      return Json.mapper().readTree(body).path("detail").asText();
    }
  }

  private Answer send(String method, String path, String padding) throws Exception {
    return send(method, path, padding.isEmpty() ? Map.of() : Map.of("X-Padding", padding));
  }

  private Answer send(String method, String path, Map<String, String> headers) throws Exception {
    String body = method.equals("POST") ? "{}" : "";
    StringBuilder request =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (!body.isEmpty()) {
      request.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
    }
    request.append("\r\n").append(body);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
      int status = Integer.parseInt(head.substring(9, 12));
      String rest = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      return new Answer(
          status, head, head.contains("Transfer-Encoding: chunked") ? dechunk(rest) : rest);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }
}
