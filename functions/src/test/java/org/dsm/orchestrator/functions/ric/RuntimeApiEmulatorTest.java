package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API double answers as Lambda's does where the runtime client's behaviour depends on
 * it: each event its own X-Ray trace header, a second answer for one request id refused (403
 * InvalidStateTransition), an unknown id refused (400 InvalidRequestID), and a response over the 6
 * MB limit refused with a 413 that ends the invocation as Function.ResponseSizeTooLarge.
 */
class RuntimeApiEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eachEventHasItsOwnTraceHeader() throws Exception {
    try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
      api.submit("{}", WAIT);
      api.submit("{}", WAIT);
      HttpResponse<String> first = next(api);
      HttpResponse<String> second = next(api);

      String firstTrace = first.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow();
      String secondTrace = second.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow();
      assertThat(firstTrace).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};.*");
      assertThat(root(firstTrace)).isNotEqualTo(root(secondTrace));
      assertThat(api.traceHeader(requestId(first))).isEqualTo(firstTrace);
    }
  }

  @Test
  void aSecondAnswerForOneRequestIsRefused() throws Exception {
    try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
      CompletableFuture<Outcome> outcome = api.submit("{}", WAIT);
      String id = requestId(next(api));

      assertThat(post(api, id, "response", "\"first\"").statusCode()).isEqualTo(202);
      HttpResponse<String> again = post(api, id, "response", "\"second\"");
      assertThat(again.statusCode()).isEqualTo(403);
      assertThat(again.body()).contains("\"errorType\":\"InvalidStateTransition\"");
      assertThat(post(api, id, "error", "{}").statusCode()).isEqualTo(403);
      assertThat(RuntimeApiEmulator.await(outcome, WAIT).payload()).isEqualTo("\"first\"");

      HttpResponse<String> unknown = post(api, "never-handed-out", "response", "{}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("\"errorType\":\"InvalidRequestID\"");
    }
  }

  @Test
  void aResponseOverSixMegabytesIsAFunctionError() throws Exception {
    try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
      CompletableFuture<Outcome> outcome = api.submit("{}", WAIT);
      String id = requestId(next(api));
      String tooLarge = "\"" + "x".repeat(RuntimeApiEmulator.MAX_PAYLOAD_BYTES - 1) + "\"";

      HttpResponse<String> refused = post(api, id, "response", tooLarge);

      assertThat(refused.statusCode()).isEqualTo(413);
      assertThat(refused.body()).contains("\"errorType\":\"RequestEntityTooLarge\"");
      Outcome result = RuntimeApiEmulator.await(outcome, WAIT);
      assertThat(result.error()).isTrue();
      assertThat(result.errorType()).isEqualTo("Function.ResponseSizeTooLarge");
      // what the runtime client posts next is refused: the invocation has ended
      assertThat(post(api, id, "error", "{}").statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aResponseAtTheLimitIsAccepted() throws Exception {
    try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
      CompletableFuture<Outcome> outcome = api.submit("{}", WAIT);
      String id = requestId(next(api));
      String atLimit = "\"" + "x".repeat(RuntimeApiEmulator.MAX_PAYLOAD_BYTES - 2) + "\"";

      assertThat(post(api, id, "response", atLimit).statusCode()).isEqualTo(202);
      assertThat(RuntimeApiEmulator.await(outcome, WAIT).error()).isFalse();
    }
  }

  private HttpResponse<String> next(RuntimeApiEmulator api) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(api, "invocation/next")).timeout(WAIT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(RuntimeApiEmulator api, String id, String kind, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(api, "invocation/" + id + "/" + kind))
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(RuntimeApiEmulator api, String path) {
    return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
  }

  private static String requestId(HttpResponse<String> next) {
    return next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
  }

  private static String root(String traceHeader) {
    return traceHeader.substring(0, traceHeader.indexOf(';'));
  }
}
