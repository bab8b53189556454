package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.functions.support.TestPostgres.PASSWORD;
import static org.dsm.orchestrator.functions.support.TestPostgres.URL;
import static org.dsm.orchestrator.functions.support.TestPostgres.USER;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Events that are no HTTP request of the function, under the Lambda handler as the runtime calls
 * it: every one gets an API-Gateway-shaped 400 with a JSON detail (never a thrown error), at most
 * one short log line, and one invocation record plus one EMF line. Only EventBridge's scheduled
 * event and the PingSource CloudEvent run the benchmark. Records go to PostgreSQL (METRICS_STORE
 * jdbc) and are read back from its table.
 */
class LambdaEventsTest {

  private static final PrintStream STDOUT = System.out;
  private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
  private static LambdaRun orchestrate;
  private static LambdaRun metrics;

  @BeforeAll
  static void start() {
    // EMF lines go to stdout, bound when the recorder is built: capture it from the start
    System.setOut(new PrintStream(new TeeStream(STDOUT, CAPTURED), true, StandardCharsets.UTF_8));
    Map<String, String> settings =
        Map.of(
            "METRICS_STORE",
            "jdbc",
            "METRICS_JDBC_URL",
            URL,
            "METRICS_JDBC_USER",
            USER,
            "METRICS_JDBC_PASSWORD",
            PASSWORD,
            "METRICS_EMF",
            "true",
            "BENCHMARK_ITERATIONS",
            "2");
    orchestrate = new LambdaRun("orchestrate", settings);
    metrics = new LambdaRun("performanceMetrics", settings);
    // the store's connection pool opens lazily on an instance's first write (nothing live in a
    // SnapStart snapshot) and logs its own start once: that is the instance's line, not an event's
    for (LambdaRun run : List.of(orchestrate, metrics)) {
      try {
        run.invoke("{}".getBytes(StandardCharsets.UTF_8), "warm-up-" + UUID.randomUUID());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @AfterAll
  static void stop() {
    System.setOut(STDOUT);
  }

  /** Raw events no function accepts: name, bytes. */
  static Stream<Arguments> unsupportedEvents() {
    return Stream.of(
        raw("a JSON string", "\"hello\""),
        raw("JSON null", "null"),
        raw("a number", "42"),
        raw("true", "true"),
        raw("an array of objects", "[{\"foo\":1}]"),
        raw("an empty array", "[]"),
        raw("an empty object", "{}"),
        raw("an object of another shape", "{\"foo\":1}"),
        raw("headers that are no object", "{\"headers\":\"x\",\"body\":\"y\"}"),
        raw("a payload key", "{\"payload\":{\"project_id\":\"TEST-001\"}}"),
        raw("no JSON", "this is not JSON"),
        raw("truncated JSON", "{\"version\":\"2.0\","),
        Arguments.of("invalid UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, 0x7d}),
        Arguments.of("empty bytes", new byte[0]),
        raw(
            "an HTTP API event with a numeric header",
            "{\"version\":\"2.0\",\"rawPath\":\"/health\",\"headers\":{\"x\":1},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\"}}}"),
        raw(
            "an HTTP API event with a string isBase64Encoded",
            "{\"version\":\"2.0\",\"rawPath\":\"/health\",\"isBase64Encoded\":\"yes\","
                + "\"requestContext\":{\"http\":{\"method\":\"GET\"}}}"),
        raw(
            "a REST API (payload 1.0) event",
            "{\"resource\":\"/orchestrate/project/{id}\",\"path\":\"/orchestrate/project/TEST-001\","
                + "\"httpMethod\":\"POST\",\"headers\":{},\"requestContext\":{\"requestId\":\"r\"},"
                + "\"body\":\"{}\",\"isBase64Encoded\":false}"),
        raw(
            "an EventBridge event that is no schedule",
            "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"Object Created\","
                + "\"source\":\"aws.s3\",\"detail\":{}}"),
        raw(
            "a CloudEvent of another type",
            "{\"specversion\":\"1.0\",\"type\":\"com.example.other\",\"source\":\"/x\",\"id\":\"1\"}"),
        raw(
            "an SQS event",
            "{\"Records\":[{\"messageId\":\"m1\",\"eventSource\":\"aws:sqs\",\"body\":\"hi\"}]}"),
        raw(
            "an SNS event",
            "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"hi\"}}]}"));
  }

  private static Arguments raw(String name, String json) {
    return Arguments.of(name, json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedEvents")
  void everyOtherEventIsAnApiGateway400WithOneShortLogLineAndOneRecord(String name, byte[] event)
      throws Exception {
    for (var function : List.of("orchestrate", "performanceMetrics")) {
      String id = "unsupported-" + UUID.randomUUID();
      LambdaRun.Outcome outcome = run(function).invoke(event, id);

      assertThat(outcome.response().path("statusCode").asInt()).as(name).isEqualTo(400);
      assertThat(outcome.response().path("headers").path("Content-Type").asText())
          .isEqualTo("application/json");
      assertThat(outcome.body().path("detail").asText()).as(name).startsWith("unsupported event: ");
      assertShortLog(name, outcome.logs());
      assertThat(records(id))
          .as("%s: the record of %s", name, function)
          .containsExactly(new Row(function, "unsupported", 400, "UnsupportedEvent"));
      assertThat(emfLines(id)).as("%s: EMF lines of %s", name, function).hasSize(1);
    }
  }

  @Test
  void withEmfOnAnAnsweredRequestPrintsItsEmfLineInsteadOfASecondLogLine() throws Exception {
    String id = "emf-only-" + UUID.randomUUID();
    LambdaRun.Outcome outcome =
        orchestrate.invoke(
            Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-dry-run.json")), id);

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(emfLines(id)).hasSize(1);
    assertThat(outcome.logs())
        .filteredOn(e -> e.getLoggerName().equals(OrchestratorApi.class.getName()))
        .isEmpty();
  }

  @Test
  void onlyTheScheduleAndThePingSourceRunTheBenchmark() throws Exception {
    for (String file : List.of("scheduled-benchmark.json", "pingsource-cloudevent.json")) {
      String id = "scheduled-" + UUID.randomUUID();
      LambdaRun.Outcome outcome =
          metrics.invoke(Files.readAllBytes(ApiCase.EVENTS.resolve(file)), id);

      assertThat(outcome.status()).as(file).isEqualTo(200);
      assertThat(outcome.body().path("verdict").asText()).as(file).isIn("pass", "fail");
      assertThat(records(id)).containsExactly(new Row("performanceMetrics", "schedule", 200, null));
      // the two benchmark orchestrations are recorded under ids derived from the invocation's,
      // and under a function of their own: orchestrate's history, metrics and alarms never count
      // them
      assertThat(records(id + "-%"))
          .hasSize(2)
          .containsOnly(new Row("orchestrateBenchmark", "benchmark", 200, null));
      assertThat(emfLines(id)).hasSize(1);
      assertThat(emfLines(id + "-1"))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("\"function\":\"orchestrateBenchmark\"");

      // orchestrate has no scheduled trigger: a 400, and nothing runs
      String other = "misrouted-" + UUID.randomUUID();
      LambdaRun.Outcome refused =
          orchestrate.invoke(Files.readAllBytes(ApiCase.EVENTS.resolve(file)), other);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().path("detail").asText()).contains("performanceMetrics");
      assertThat(records(other))
          .containsExactly(new Row("orchestrate", "schedule", 400, "UnsupportedEvent"));
      assertThat(records(other + "-%")).isEmpty();
    }
    for (String event : List.of("{}", "{\"foo\":1}", "{\"source\":\"aws.events\"}")) {
      String id = "not-scheduled-" + UUID.randomUUID();
      assertThat(metrics.invoke(event.getBytes(StandardCharsets.UTF_8), id).status())
          .as(event)
          .isEqualTo(400);
      assertThat(records(id + "-%")).as("benchmark runs for " + event).isEmpty();
    }
  }

  /**
   * HTTP API events of every row of the case table, JSON-array bodies included, log at most one
   * short line each (the adapter's own conversion would log a stack trace for an array body).
   */
  @Test
  void everyCaseTableEventLogsAtMostOneShortLine() throws Exception {
    List<ApiCase> rows = new ArrayList<>(ApiCase.all());
    JsonNode arrayBody =
        Json.mapper()
            .readTree(
                new ApiCase("orchestrate-dry-run.json", null, 0, null, null, null, null)
                    .eventBytes());
    ((tools.jackson.databind.node.ObjectNode) arrayBody).put("body", "[{\"foo\":1}]");
    for (ApiCase row : rows) {
      String id = "case-" + UUID.randomUUID();
      LambdaRun.Outcome outcome =
          row.remainingMs() == null
              ? run(row.function()).invoke(row.eventBytes(), id)
              : run(row.function())
                  .invoke(row.eventBytes(), LambdaRun.context(id, row.remainingMs()::intValue));
      assertThat(outcome.status()).as(row.toString()).isEqualTo(row.status());
      assertShortLog(row.toString(), outcome.logs());
    }
    LambdaRun.Outcome array =
        orchestrate.invoke(
            Json.mapper().writeValueAsBytes(arrayBody), "array-" + UUID.randomUUID());
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.body().path("detail").asText())
        .isEqualTo("request body must be a JSON object");
    assertShortLog("an array body", array.logs());
  }

  /** Answers that run no use case still leave exactly one record and one EMF line each. */
  @Test
  void answersWithoutAUseCaseAreRecordedToo() throws Exception {
    record Expect(LambdaRun run, String event, int status, String function, String errorType) {}
    List<Expect> expected =
        List.of(
            new Expect(
                orchestrate, "orchestrate-unknown-path.json", 404, "orchestrate", "NotFound"),
            new Expect(
                orchestrate,
                "metrics-happy-path.json",
                404,
                "orchestrate",
                "ServedByOtherFunction"),
            new Expect(
                metrics,
                "orchestrate-dry-run.json",
                404,
                "performanceMetrics",
                "ServedByOtherFunction"),
            new Expect(metrics, "health.json", 200, "performanceMetrics", null),
            new Expect(orchestrate, "orchestrate-bad-id.json", 400, "orchestrate", null),
            new Expect(orchestrate, "orchestrate-unknown-project.json", 404, "orchestrate", null));
    for (Expect e : expected) {
      String id = "edge-" + UUID.randomUUID();
      LambdaRun.Outcome outcome =
          e.run().invoke(new ApiCase(e.event(), null, 0, null, null, null, null).eventBytes(), id);
      assertThat(outcome.status()).as(e.event()).isEqualTo(e.status());
      List<Row> rows = records(id);
      assertThat(rows).as(e.event()).hasSize(1);
      assertThat(rows.get(0).function()).as(e.event()).isEqualTo(e.function());
      assertThat(rows.get(0).status()).as(e.event()).isEqualTo(e.status());
      if (e.errorType() != null) {
        assertThat(rows.get(0).errorType()).as(e.event()).isEqualTo(e.errorType());
      } else if (e.status() >= 400) {
        assertThat(rows.get(0).errorType()).as(e.event()).isNotNull();
      }
      assertThat(emfLines(id)).as(e.event()).hasSize(1);
    }
  }

  /** An Idempotency-Key replay and a conflicting reuse run no orchestration, yet are recorded. */
  @Test
  void idempotentReplaysAndConflictsAreRecorded() throws Exception {
    JsonNode event =
        Json.mapper()
            .readTree(
                new ApiCase("orchestrate-dry-run.json", null, 0, null, null, null, null)
                    .eventBytes());
    String key = "key-" + UUID.randomUUID();
    ((tools.jackson.databind.node.ObjectNode) event.path("headers")).put("idempotency-key", key);
    byte[] first = Json.mapper().writeValueAsBytes(event);
    ((tools.jackson.databind.node.ObjectNode) event)
        .put("body", "{\"options\":{\"dry_run\":true,\"assign_tasks\":false}}");
    byte[] otherBody = Json.mapper().writeValueAsBytes(event);

    List<String> ids = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (byte[] request : List.of(first, first, otherBody)) {
      String id = "idem-" + UUID.randomUUID();
      ids.add(id);
      statuses.add(orchestrate.invoke(request, id).status());
    }
    assertThat(statuses).containsExactly(200, 200, 422);
    assertThat(records(ids.get(0))).extracting(Row::status).containsExactly(200);
    assertThat(records(ids.get(1))).containsExactly(new Row("orchestrate", "http", 200, null));
    assertThat(records(ids.get(2)))
        .containsExactly(new Row("orchestrate", "http", 422, "IdempotencyKeyReusedException"));
  }

  private static LambdaRun run(String function) {
    return function.equals("orchestrate") ? orchestrate : metrics;
  }

  private static void assertShortLog(String name, List<ILoggingEvent> logs) {
    assertThat(logs).as("%s: log lines %s", name, logs).hasSizeLessThanOrEqualTo(1);
    for (ILoggingEvent log : logs) {
      assertThat(log.getThrowableProxy()).as("%s: a stack trace in %s", name, log).isNull();
      assertThat(log.getFormattedMessage()).as(name).hasSizeLessThan(400).doesNotContain("\n");
    }
  }

  record Row(String function, String trigger, int status, String errorType) {}

  /** The records with this invocation id (a LIKE pattern), read straight from the table. */
  private static List<Row> records(String invocationId) throws Exception {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT function_name, trigger_source, status_code, error_type FROM"
                    + " orchestrator_metrics.metrics_invocation WHERE invocation_id LIKE ?")) {
      query.setString(1, invocationId);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(
              new Row(
                  result.getString(1), result.getString(2), result.getInt(3), result.getString(4)));
        }
      }
      return rows;
    }
  }

  private static List<String> emfLines(String invocationId) {
    String out = CAPTURED.toString(StandardCharsets.UTF_8);
    return out.lines()
        .filter(line -> line.contains("\"_aws\"") && line.contains("\"" + invocationId + "\""))
        .toList();
  }

  /** Writes to the real stdout and keeps a copy. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final ByteArrayOutputStream b;

    TeeStream(java.io.OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
