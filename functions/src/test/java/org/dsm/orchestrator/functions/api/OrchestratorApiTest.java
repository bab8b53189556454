package org.dsm.orchestrator.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyBadResponseException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.CapturingRecorder;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.functions.support.FakeUseCases;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrchestratorApiTest {
  private static final InvocationContext CONTEXT =
      new InvocationContext("inv-1", "local", "http", false);

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private final FakeUseCases fake = new FakeUseCases();
  private final List<InvocationRecord> records = new ArrayList<>();
  private final OrchestratorApi api =
      new OrchestratorApi(
          fake, new InvocationMetering(recorder(records), Clock.systemUTC(), "test"));

  @Test
  void rejectedRequestsAreRecordedWithTheirStatusUnderNoProjectAndNeverReachTheUseCase() {
    ApiResponse bad = api.handle(post("/orchestrate/project/TEST-001", "{\"action\": 1}"), CONTEXT);
    ApiResponse wrongMethod =
        api.handle(request("PUT", "/orchestrate/intelligence/performance/metrics/P1", ""), CONTEXT);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(fake.orchestrations).isEmpty();
    assertThat(records)
        .extracting(
            InvocationRecord::function,
            InvocationRecord::statusCode,
            InvocationRecord::errorType,
            InvocationRecord::projectId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "orchestrate", 400, "InvalidRequestException", null),
            org.assertj.core.groups.Tuple.tuple(
                "performanceMetrics", 405, "MethodNotAllowed", null));
  }

  /**
   * HEAD wherever GET works (RFC 9110): the GET's status and headers, no body. A report's HEAD runs
   * the report (its status depends on it) and is the GET it asks about; HEAD on the POST route is a
   * 405 and runs nothing.
   */
  @Test
  void headIsAnsweredAsGetWithoutABody() {
    for (String path :
        List.of("/health", "/orchestrate/intelligence/performance/metrics/P1", "/nope")) {
      ApiResponse get = api.handle(get(path), CONTEXT);
      ApiResponse head = api.handle(request("HEAD", path, ""), CONTEXT);

      assertThat(head.status()).as(path).isEqualTo(get.status());
      assertThat(head.headers()).as(path).isEqualTo(get.headers());
      assertThat(head.bodyBytes()).as(path).isEmpty();
      assertThat(head.contentLength()).as(path).isEqualTo(get.bodyBytes().length).isPositive();
    }
    assertThat(fake.windows).hasSize(2); // the GET's report and the HEAD's

    ApiResponse headOfPost = api.handle(request("HEAD", "/orchestrate/project/P1", ""), CONTEXT);
    assertThat(headOfPost.status()).isEqualTo(405);
    assertThat(headOfPost.headers()).containsEntry("Allow", "POST");
    assertThat(headOfPost.bodyBytes()).isEmpty();
    assertThat(fake.orchestrations).isEmpty();
  }

  @Test
  void theAllowHeaderOfA405ListsHeadWithEveryGet() {
    for (String method : List.of("OPTIONS", "DELETE", "POST")) {
      for (String path :
          List.of(
              "/health",
              "/orchestrate/intelligence/performance/metrics/P1",
              "/orchestrate/intelligence/performance/dashboard/P1")) {
        ApiResponse response = api.handle(request(method, path, ""), CONTEXT);

        assertThat(response.status()).as("%s %s", method, path).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
        assertThat(detail(response)).endsWith("not allowed; use GET, HEAD");
      }
    }
    ApiResponse options = api.handle(request("OPTIONS", "/orchestrate/project/P1", ""), CONTEXT);
    assertThat(options.headers()).containsEntry("Allow", "POST");
  }

  @Test
  void unknownPathsAndHealthAreRecordedButAPlatformProbeIsNot() {
    assertThat(api.handle(request("GET", "/health", ""), CONTEXT).status()).isEqualTo(200);
    assertThat(api.handle(request("GET", "/nope", ""), CONTEXT).status()).isEqualTo(404);
    assertThat(api.handle(request("POST", "/orchestrate/project/a/b", "{}"), CONTEXT).status())
        .isEqualTo(404);
    assertThat(api.probe().status()).isEqualTo(200);
    assertThat(records)
        .extracting(
            InvocationRecord::function, InvocationRecord::statusCode, InvocationRecord::errorType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OrchestratorApi.UNROUTED, 200, null),
            org.assertj.core.groups.Tuple.tuple(OrchestratorApi.UNROUTED, 404, "NotFound"),
            org.assertj.core.groups.Tuple.tuple("orchestrate", 404, "NotFound"));
  }

  @Test
  void aProcessServingOneFunctionAnswersTheOtherOnesRouteWith404NamingIt() {
    ApiResponse misrouted =
        api.handle(post("/orchestrate/project/TEST-001", "{}"), CONTEXT, "performanceMetrics");
    ApiResponse own =
        api.handle(
            get("/orchestrate/intelligence/performance/metrics/TEST-001"),
            CONTEXT,
            "performanceMetrics");

    assertThat(misrouted.status()).isEqualTo(404);
    assertThat(misrouted.body()).contains("served by function orchestrate");
    assertThat(own.status()).isEqualTo(200);
    assertThat(fake.orchestrations).isEmpty();
    assertThat(records)
        .extracting(InvocationRecord::function, InvocationRecord::statusCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("performanceMetrics", 404));
  }

  @Test
  void healthShowsEachDependencysCircuitAndStaysUp() throws Exception {
    UseCases withOpenCircuit =
        new UseCases() {
          @Override
          public Object orchestrate(OrchestrationRequest request, InvocationContext context) {
            throw new IllegalStateException("unused");
          }

          @Override
          public Object report(ProjectId projectId, Duration window, InvocationContext context) {
            throw new IllegalStateException("unused");
          }

          @Override
          public Map<String, String> dependencies() {
            return Map.of("chronicle-service", "OPEN", "project-service", "CLOSED");
          }

          @Override
          public long metricsUnwritten() {
            return 7;
          }

          @Override
          public long decisionRecordsUnwritten() {
            return 2;
          }
        };

    ApiResponse health =
        new OrchestratorApi(withOpenCircuit, null).handle(request("GET", "/health", ""), CONTEXT);

    assertThat(health.status()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(health.body());
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("dependencies").path("chronicle-service").asText()).isEqualTo("OPEN");
    assertThat(body.path("dependencies").path("project-service").asText()).isEqualTo("CLOSED");
    assertThat(body.path("metrics_unwritten").asLong()).isEqualTo(7);
    assertThat(body.path("decision_records_unwritten").asLong()).isEqualTo(2);
  }

  @Test
  void dependencyFailuresMapToTheirStatusWithTheCoreMessage() {
    UseCases down =
        new UseCases() {
          @Override
          public Object orchestrate(OrchestrationRequest request, InvocationContext context) {
            throw new IllegalStateException("unused");
          }

          @Override
          public Object report(ProjectId projectId, Duration window, InvocationContext context) {
            if (projectId.value().equals("DOWN")) {
              throw new DependencyUnavailableException(
                  "Project Service", "connect timed out", null);
            }
            throw new DependencyBadResponseException("Sprint Service", 500, "not JSON");
          }
        };
    OrchestratorApi failing = new OrchestratorApi(down, null);

    ApiResponse unavailable =
        failing.handle(get("/orchestrate/intelligence/performance/metrics/DOWN"), CONTEXT);
    ApiResponse bad =
        failing.handle(get("/orchestrate/intelligence/performance/metrics/BAD"), CONTEXT);

    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(detail(unavailable)).isEqualTo("Project Service unavailable: connect timed out");
    assertThat(bad.status()).isEqualTo(502);
    assertThat(detail(bad)).contains("Sprint Service returned a bad response (HTTP 500)");
  }

  @Test
  void anUnexpectedFailureIsA500WithoutClassNamesOrStackTrace() {
    UseCases broken =
        new UseCases() {
          @Override
          public Object orchestrate(OrchestrationRequest request, InvocationContext context) {
            throw new NullPointerException("secret internal state at com.example.Foo");
          }

          @Override
          public Object report(ProjectId projectId, Duration window, InvocationContext context) {
            throw new NullPointerException("secret internal state at com.example.Foo");
          }
        };

    ApiResponse response =
        new OrchestratorApi(broken, null)
            .handle(get("/orchestrate/intelligence/performance/metrics/P1"), CONTEXT);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body())
        .doesNotContain("NullPointer")
        .doesNotContain("secret")
        .doesNotContain("com.example")
        .contains("inv-1");
  }

  @Test
  void theWindowQueryParameterReachesTheReport() {
    ApiResponse response =
        api.handle(
            new ApiRequest(
                "GET",
                "/orchestrate/intelligence/performance/metrics/P1",
                Map.of("window", "24h"),
                Map.of(),
                null,
                false),
            CONTEXT);

    assertThat(response.status()).isEqualTo(200);
    assertThat(fake.windows).containsExactly(Duration.ofHours(24));
  }

  @Test
  void aBase64BodyIsDecodedBeforeParsing() {
    String json = "{\"options\": {\"dry_run\": true, \"max_tasks_per_sprint\": 7}}";
    ApiResponse response =
        api.handle(
            new ApiRequest(
                "POST",
                "/orchestrate/project/TEST-001",
                Map.of(),
                JSON,
                Base64.getEncoder().encode(json.getBytes(StandardCharsets.UTF_8)),
                true),
            CONTEXT);

    assertThat(response.status()).isEqualTo(200);
    assertThat(fake.orchestrations.get(0).options().dryRun()).isTrue();
    assertThat(fake.orchestrations.get(0).options().maxTasksPerSprint()).isEqualTo(7);
  }

  @Test
  void anEmptyBodyMeansEveryDefault() {
    api.handle(post("/orchestrate/project/TEST-001", "  "), CONTEXT);

    assertThat(fake.orchestrations.get(0).options())
        .isEqualTo(org.dsm.orchestrator.core.domain.OrchestrationOptions.DEFAULTS);
    assertThat(fake.contexts).containsExactly(CONTEXT);
  }

  @Test
  void badBodiesAreRejectedWithTheFieldNamed() {
    assertThat(detail(api.handle(post("/orchestrate/project/P", "{\"options\": []}"), CONTEXT)))
        .isEqualTo("options must be a JSON object");
    assertThat(
            detail(
                api.handle(
                    post(
                        "/orchestrate/project/P",
                        "{\"options\": {\"sprint_duration_weeks\": 2.5}}"),
                    CONTEXT)))
        .isEqualTo("options.sprint_duration_weeks must be an integer");
    assertThat(
            detail(
                api.handle(
                    post("/orchestrate/project/P", "{\"options\": {\"schedule\": 5}}"), CONTEXT)))
        .isEqualTo("options.schedule must be a string");
    assertThat(detail(api.handle(post("/orchestrate/project/P", "{\"extra\": 1}"), CONTEXT)))
        .startsWith("unknown field extra");
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertThat(api.handle(post("/orchestrate/project/P", deep), CONTEXT).status()).isEqualTo(400);
    ApiResponse invalidUtf8 =
        api.handle(
            new ApiRequest(
                "POST",
                "/orchestrate/project/P",
                Map.of(),
                JSON,
                new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'},
                false),
            CONTEXT);
    assertThat(detail(invalidUtf8)).isEqualTo("request body is not valid UTF-8");
    ApiResponse notBase64 =
        api.handle(
            new ApiRequest(
                "POST",
                "/orchestrate/project/P",
                Map.of(),
                JSON,
                "***".getBytes(StandardCharsets.UTF_8),
                true),
            CONTEXT);
    assertThat(detail(notBase64)).contains("not valid base64");
  }

  /**
   * A body is read only when it is labelled JSON: a text/plain POST needs no CORS preflight, so a
   * browser could send one cross-site; a UTF-16 body would be misread.
   */
  @Test
  void aBodyThatIsNotLabelledJsonInUtf8Is415AndNothingRuns() {
    String body = "{\"options\": {\"dry_run\": true}}";
    java.util.Map<String, String> noType = Map.of();
    for (Map<String, String> headers :
        List.of(
            Map.of("Content-Type", "text/plain"),
            Map.of("Content-Type", ";;;"),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            Map.of("Content-Type", "application/json; charset=utf-16"),
            noType)) {
      ApiResponse response =
          api.handle(
              new ApiRequest(
                  "POST",
                  "/orchestrate/project/TEST-001",
                  Map.of(),
                  headers,
                  body.getBytes(StandardCharsets.UTF_8),
                  false),
              CONTEXT);

      assertThat(response.status()).as("%s", headers).isEqualTo(415);
      assertThat(detail(response)).isEqualTo("Content-Type must be application/json");
    }
    assertThat(fake.orchestrations).isEmpty();
    assertThat(records)
        .extracting(InvocationRecord::statusCode, InvocationRecord::errorType)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(415, "UnsupportedMediaType"));
    // no body: the defaults, whatever the label (or none)
    ApiResponse empty =
        api.handle(
            new ApiRequest(
                "POST", "/orchestrate/project/TEST-001", Map.of(), noType, new byte[0], false),
            CONTEXT);
    ApiResponse utf8 =
        api.handle(
            new ApiRequest(
                "POST",
                "/orchestrate/project/TEST-001",
                Map.of(),
                Map.of("content-type", "application/json; charset=UTF-8"),
                body.getBytes(StandardCharsets.UTF_8),
                false),
            CONTEXT);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(utf8.status()).isEqualTo(200);
  }

  /** Jackson stops after the first value: whatever follows it must not be silently dropped. */
  @Test
  void textAfterTheJsonValueIsInvalidJsonAndNothingRuns() {
    for (String body :
        List.of(
            "{\"options\":{\"dry_run\":true}}{\"options\":{\"dry_run\":false}}",
            "{}x",
            "{} {}",
            "{}]",
            "{\"options\":{}} 1")) {
      ApiResponse response = api.handle(post("/orchestrate/project/TEST-001", body), CONTEXT);

      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(detail(response)).as(body).startsWith("request body is not valid JSON");
    }
    // trailing whitespace is no token
    assertThat(api.handle(post("/orchestrate/project/TEST-001", "{} \n\t"), CONTEXT).status())
        .isEqualTo(200);
    assertThat(fake.orchestrations).hasSize(1);
  }

  @Test
  void pathTraversalAndEncodedIdsAreInvalidIds() {
    ApiResponse traversal =
        api.handle(get("/orchestrate/intelligence/performance/metrics/..%2F..%2Fetc"), CONTEXT);
    ApiResponse brokenEscape =
        api.handle(get("/orchestrate/intelligence/performance/metrics/ab%G1"), CONTEXT);

    assertThat(traversal.status()).isEqualTo(400);
    assertThat(brokenEscape.status()).isEqualTo(400);
    assertThat(detail(brokenEscape)).contains("project_id");
  }

  @Test
  void aBodyOneByteOverTheLimitIs413AndAtTheLimitIsParsed() {
    String padding = " ".repeat(OrchestratorApi.MAX_BODY_BYTES - 2);
    ApiResponse atLimit = api.handle(post("/orchestrate/project/P", "{" + padding + "x"), CONTEXT);
    ApiResponse overLimit =
        api.handle(post("/orchestrate/project/P", "{" + padding + "}x"), CONTEXT);

    assertThat(atLimit.status()).isEqualTo(400); // parsed (and invalid), not refused for its size
    assertThat(overLimit.status()).isEqualTo(413);
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyReplaysTheFirstAnswerWithoutRunningAgain() {
    OrchestratorApi guarded =
        new OrchestratorApi(
            fake,
            null,
            new org.dsm.orchestrator.core.idempotency.IdempotencyGuard(
                new org.dsm.orchestrator.core.idempotency.InMemoryIdempotencyStore()),
            true);
    ApiRequest first = withKey("k-1", "{\"options\": {\"dry_run\": false}}");

    ApiResponse original = guarded.handle(first, CONTEXT);
    ApiResponse retry = guarded.handle(first, CONTEXT);
    ApiResponse otherBody =
        guarded.handle(withKey("k-1", "{\"options\": {\"dry_run\": true}}"), CONTEXT);
    ApiResponse noKey = guarded.handle(post("/orchestrate/project/TEST-001", "{}"), CONTEXT);

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(original.body());
    assertThat(retry.headers()).containsEntry("Idempotent-Replayed", "true");
    assertThat(original.headers()).doesNotContainKey("Idempotent-Replayed");
    assertThat(otherBody.status()).isEqualTo(422);
    assertThat(noKey.status()).isEqualTo(200);
    assertThat(fake.orchestrations).hasSize(2); // the first attempt and the key-less call
  }

  @Test
  void anUnknownWriteOutcomeIsA504SayingSoAndTheSameKeyRunsAgainOnRetry() {
    int[] runs = {0};
    UseCases unknownOnce =
        new UseCases() {
          @Override
          public Object orchestrate(OrchestrationRequest request, InvocationContext context) {
            if (runs[0]++ == 0) {
              throw new org.dsm.orchestrator.core.error.ActionOutcomeUnknownException(
                  "sprint-service",
                  "the outcome of POST /sprints/TEST-001 is unknown; a retry with the same"
                      + " Idempotency-Key is safe",
                  null);
            }
            return Map.of("project_id", request.projectId().value());
          }

          @Override
          public Object report(ProjectId projectId, Duration window, InvocationContext context) {
            throw new IllegalStateException("unused");
          }
        };
    OrchestratorApi guarded =
        new OrchestratorApi(
            unknownOnce,
            null,
            new org.dsm.orchestrator.core.idempotency.IdempotencyGuard(
                new org.dsm.orchestrator.core.idempotency.InMemoryIdempotencyStore()),
            true);
    ApiRequest request = withKey("k-unknown", "{\"options\": {\"dry_run\": false}}");

    ApiResponse first = guarded.handle(request, CONTEXT);
    ApiResponse retry = guarded.handle(request, CONTEXT);

    assertThat(first.status()).isEqualTo(504);
    assertThat(detail(first))
        .contains("outcome of POST /sprints/TEST-001 is unknown")
        .contains("retry with the same Idempotency-Key is safe");
    assertThat(retry.status()).isEqualTo(200); // the key was freed: the retry ran afresh
    assertThat(retry.headers()).doesNotContainKey("Idempotent-Replayed");
    assertThat(runs[0]).isEqualTo(2);
  }

  private static ApiRequest withKey(String key, String body) {
    return new ApiRequest(
        "POST",
        "/orchestrate/project/TEST-001",
        Map.of(),
        Map.of("Content-Type", "application/json", "Idempotency-Key", key),
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static String detail(ApiResponse response) {
    try {
      JsonNode json = Json.mapper().readTree(response.body());
      return json.path("detail").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ApiRequest post(String path, String body) {
    return request("POST", path, body);
  }

  private static ApiRequest get(String path) {
    return request("GET", path, "");
  }

  private static ApiRequest request(String method, String path, String body) {
    return new ApiRequest(
        method,
        path,
        Map.of(),
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static MetricsRecorder recorder(List<InvocationRecord> into) {
    return new CapturingRecorder(into);
  }
}
