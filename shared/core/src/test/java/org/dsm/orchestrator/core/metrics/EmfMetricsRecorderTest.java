package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EmfMetricsRecorderTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final EmfMetricsRecorder recorder =
      new EmfMetricsRecorder(new PrintStream(bytes, true, StandardCharsets.UTF_8), "TestNs");

  private static final Instant START = Instant.parse("2030-01-01T00:00:01.250Z");

  /** A cold invocation that failed on a dependency, with two components. */
  private static InvocationRecord failedColdStart() {
    return InvocationRecords.record(
        "orchestrate",
        "req-1",
        "p-7",
        START,
        42.5,
        Map.of("state_fetch", 12.0, "decision", 0.5),
        502,
        "DependencyUnavailable",
        true);
  }

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesOneEmfLinePerInvocation() throws Exception {
    Instant start = START;
    recorder.record(failedColdStart());
    recorder.record(InvocationRecords.ok("performanceMetrics", "req-2", "p-7", start, 3.0));

    assertThat(lines()).hasSize(2);
    JsonNode line = new ObjectMapper().readTree(lines().get(0));
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(start.toEpochMilli());
    assertThat(directive.path("Namespace").asText()).isEqualTo("TestNs");
    assertThat(directive.path("Dimensions").toString())
        .isEqualTo("[[\"function\"],[\"function\",\"platform\"]]");
    List<String> metricNames = new ArrayList<>();
    directive
        .path("Metrics")
        .forEach(
            metric -> {
              metricNames.add(metric.path("Name").asText());
              assertThat(line.has(metric.path("Name").asText()))
                  .as("value present for %s", metric)
                  .isTrue();
            });
    assertThat(metricNames)
        .contains(
            "Duration",
            "ColdStart",
            "Error",
            "CpuTime",
            "Duration.state_fetch",
            "Duration.decision");
    assertThat(line.path("Duration").asDouble()).isEqualTo(42.5);
    assertThat(line.path("Duration.state_fetch").asDouble()).isEqualTo(12.0);
    assertThat(line.path("ColdStart").asInt()).isEqualTo(1);
    assertThat(line.path("Error").asInt()).isEqualTo(1);
    assertThat(line.path("function").asText()).isEqualTo("orchestrate");
    assertThat(line.path("project_id").asText()).isEqualTo("p-7");
    assertThat(line.path("invocation_id").asText()).isEqualTo("req-1");
    assertThat(new ObjectMapper().readTree(lines().get(1)).path("Error").asInt()).isZero();
    assertThat(recorder.failedRecords()).isZero();
  }

  /**
   * The line is written field by field; its document must be the one the EMF specification's
   * reading of the record gives, built here the plain way (maps, then a mapper), for records with
   * and without init duration, components, project and error.
   */
  @Test
  void theStreamedLineIsTheDocumentOfTheRecord() throws Exception {
    Instant start = START;
    List<InvocationRecord> records =
        List.of(
            failedColdStart(),
            InvocationRecords.ok("performanceMetrics", "req-2", null, start, 3.0),
            InvocationRecords.ok("orchestrate", "req-\u00e9\"3", "p-8", start, 0.125)
                .withComponent("metrics_store_write", 0.011));
    InvocationRecord cold = records.get(0);
    records = new ArrayList<>(records);
    records.add(
        new InvocationRecord(
            cold.schemaVersion(),
            cold.function(),
            "req-4",
            cold.projectId(),
            "lambda",
            "http",
            true,
            start,
            1234.5,
            Map.of(),
            200,
            null,
            1.5,
            987.25,
            "1.0.0",
            null,
            2100.75));
    ObjectMapper mapper = new ObjectMapper();
    UnwrittenRecords unwritten = new UnwrittenRecords();
    EmfMetricsRecorder streamed =
        new EmfMetricsRecorder(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), "TestNs", unwritten);
    for (InvocationRecord record : records) {
      bytes.reset();
      streamed.record(record);
      String line = bytes.toString(StandardCharsets.UTF_8);
      assertThat(line).endsWith("\n").doesNotContain("\n\n");
      assertThat(mapper.readTree(line))
          .as(record.invocationId())
          .isEqualTo(
              mapper.readTree(
                  mapper.writeValueAsString(
                      expectedDocument(record, "TestNs", unwritten.total()))));
    }
  }

  /** The EMF document of a record, spelled out as maps (no lost records reported). */
  private static Map<String, Object> expectedDocument(
      InvocationRecord record, String namespace, long unwrittenTotal) {
    List<Map<String, String>> metrics = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("function", record.function());
    values.put("platform", record.platform());
    metrics.add(Map.of("Name", "Duration", "Unit", "Milliseconds"));
    values.put("Duration", record.totalDurationMs());
    metrics.add(Map.of("Name", "ColdStart", "Unit", "Count"));
    values.put("ColdStart", record.coldStart() ? 1 : 0);
    metrics.add(Map.of("Name", "Error", "Unit", "Count"));
    values.put("Error", record.failed() ? 1 : 0);
    metrics.add(Map.of("Name", "CpuTime", "Unit", "Milliseconds"));
    values.put("CpuTime", record.cpuTimeMs());
    if (record.initDurationMs() != null) {
      metrics.add(Map.of("Name", "InitDuration", "Unit", "Milliseconds"));
      values.put("InitDuration", record.initDurationMs());
    }
    metrics.add(Map.of("Name", "MetricsUnwritten", "Unit", "Count"));
    values.put("MetricsUnwritten", 0L);
    record
        .componentDurationsMs()
        .forEach(
            (name, ms) -> {
              metrics.add(Map.of("Name", "Duration." + name, "Unit", "Milliseconds"));
              values.put("Duration." + name, ms);
            });
    values.put("project_id", record.projectId());
    values.put("invocation_id", record.invocationId());
    values.put("trigger", record.trigger());
    values.put("status_code", record.statusCode());
    values.put("error_type", record.errorType());
    values.put("cold_start", record.coldStart());
    values.put("app_version", record.appVersion());
    values.put("schema_version", record.schemaVersion());
    values.put("metrics_unwritten", unwrittenTotal);
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.of("function"), List.of("function", "platform")));
    directive.put("Metrics", metrics);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put(
        "_aws",
        Map.of(
            "Timestamp",
            record.startTime().toEpochMilli(),
            "CloudWatchMetrics",
            List.of(directive)));
    document.putAll(values);
    return document;
  }

  @Test
  void aBrokenOutputIsCountedNotThrown() {
    PrintStream broken =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("closed");
              }
            });
    EmfMetricsRecorder failing = new EmfMetricsRecorder(broken, "TestNs");

    failing.record(InvocationRecords.ok("orchestrate", "req-1", "p-7", Instant.EPOCH, 1.0));

    assertThat(failing.failedRecords()).isEqualTo(1);
  }
}
