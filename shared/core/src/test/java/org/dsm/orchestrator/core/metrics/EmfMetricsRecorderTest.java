package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.junit.jupiter.api.Test;

class EmfMetricsRecorderTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final EmfMetricsRecorder recorder =
      new EmfMetricsRecorder(new PrintStream(bytes, true, StandardCharsets.UTF_8), "TestNs");

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesOneEmfLinePerInvocation() throws Exception {
    Instant start = Instant.parse("2030-01-01T00:00:01.250Z");
    recorder.record(
        InvocationRecords.record(
            "orchestrate",
            "req-1",
            "p-7",
            start,
            42.5,
            Map.of("state_fetch", 12.0, "decision", 0.5),
            502,
            "DependencyUnavailable",
            true));
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
