package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recorder's lines against the rules CloudWatch Logs validates an EMF event by (a line that
 * breaks one is not turned into metrics at all, and shows only in {@code AWS/Logs}'s
 * EMFValidationErrors): strict JSON; each directive names at most 100 metrics, each a member at the
 * root whose value is a number (NaN and Infinity are not numbers; a string is not one); units from
 * CloudWatch's set; dimension sets of at most 30 names, each a non-empty string of at most 1024
 * characters at the root; {@code _aws.Timestamp} in epoch milliseconds.
 */
class EmfLineValidityTest {
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  /** Strict JSON: a bare NaN token would be refused, as CloudWatch refuses it. */
  private static final JsonMapper STRICT =
      JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static final Instant START = Instant.parse("2030-01-01T00:00:01.250Z");

  static List<String> violations(String line) {
    List<String> found = new ArrayList<>();
    JsonNode root;
    try {
      root = STRICT.readTree(line);
    } catch (RuntimeException e) {
      return List.of("not strict JSON: " + e.getMessage());
    }
    JsonNode timestamp = root.path("_aws").path("Timestamp");
    if (!timestamp.isIntegralNumber() || timestamp.asLong() < 1_000_000_000_000L) {
      found.add("_aws.Timestamp is not epoch milliseconds: " + timestamp);
    }
    for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
      JsonNode metrics = directive.path("Metrics");
      if (metrics.size() > 100) {
        found.add(metrics.size() + " metrics in one directive");
      }
      for (JsonNode metric : metrics) {
        String name = metric.path("Name").asText();
        JsonNode value = root.path(name);
        if (name.isEmpty() || name.length() > 1024) {
          found.add("metric name of " + name.length() + " characters");
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
          found.add(name + " is not a finite number: " + value);
        }
        if (metric.has("Unit") && !UNITS.contains(metric.path("Unit").asText())) {
          found.add(name + " has unit " + metric.path("Unit"));
        }
      }
      for (JsonNode dimensionSet : directive.path("Dimensions")) {
        if (dimensionSet.size() > 30) {
          found.add(dimensionSet.size() + " dimensions in one set");
        }
        for (JsonNode dimension : dimensionSet) {
          JsonNode value = root.path(dimension.asText());
          if (!value.isString() || value.asText().isEmpty() || value.asText().length() > 1024) {
            found.add("dimension " + dimension.asText() + " has value " + value);
          }
        }
      }
    }
    return found;
  }

  private static String lineOf(InvocationRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new EmfMetricsRecorder(new PrintStream(bytes, true, StandardCharsets.UTF_8), "DsmOrchestrator")
        .record(record);
    String line = bytes.toString(StandardCharsets.UTF_8);
    assertThat(line).as("one line").endsWith("\n").hasLineCount(1);
    return line;
  }

  private static InvocationRecord record(
      double totalMs, Map<String, Double> components, double cpuMs, Double initMs) {
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        "orchestrate",
        "req-1",
        "TEST-001",
        "lambda",
        "http",
        initMs != null,
        START,
        totalMs,
        components,
        200,
        null,
        0.0,
        cpuMs,
        "1.0.0",
        null,
        initMs);
  }

  @Test
  void anOrdinaryLineIsValid() {
    String line = lineOf(record(42.5, Map.of("total_orchestration", 40.0), 12.0, 2100.0));
    assertThat(violations(line)).isEmpty();
    assertThat(line).contains("\"Duration.total_orchestration\":40.0");
  }

  /**
   * One value that is no number would make CloudWatch drop the whole line, every metric of the
   * invocation with it: the recorder leaves that one metric out and keeps the others.
   */
  @Test
  void aValueThatIsNoNumberIsLeftOutNotTheWholeLine() {
    Map<String, Double> components = new LinkedHashMap<>();
    components.put("total_orchestration", 40.0);
    components.put("chronicle_fetch", Double.NaN);
    components.put("similarity_analysis", Double.POSITIVE_INFINITY);
    String line = lineOf(record(Double.NaN, components, Double.NEGATIVE_INFINITY, Double.NaN));

    assertThat(violations(line)).isEmpty();
    JsonNode root = STRICT.readTree(line);
    List<String> named = new ArrayList<>();
    root.path("_aws")
        .path("CloudWatchMetrics")
        .get(0)
        .path("Metrics")
        .forEach(m -> named.add(m.path("Name").asText()));
    assertThat(named)
        .contains("ColdStart", "Error", "MetricsUnwritten", "Duration.total_orchestration")
        .doesNotContain(
            "Duration",
            "CpuTime",
            "InitDuration",
            "Duration.chronicle_fetch",
            "Duration.similarity_analysis");
    assertThat(root.has("Duration.chronicle_fetch")).isFalse();
    assertThat(root.path("Duration.total_orchestration").asDouble()).isEqualTo(40.0);
  }

  @Test
  void moreComponentsThanADirectiveTakesStayWithinItsHundredMetrics() {
    Map<String, Double> components = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      components.put("component_" + i, (double) i);
    }
    String line = lineOf(record(42.5, components, 12.0, 2100.0));
    assertThat(violations(line)).isEmpty();
    assertThat(STRICT.readTree(line).path("_aws").path("CloudWatchMetrics").get(0).path("Metrics"))
        .hasSize(100);
  }

  @Test
  void theCheckRefusesWhatCloudWatchRefuses() {
    assertThat(violations("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]}}"))
        .singleElement()
        .asString()
        .contains("Timestamp");
    assertThat(
            violations(
                "{\"_aws\":{\"Timestamp\":1893456000000,\"CloudWatchMetrics\":[{\"Namespace\":\"N\","
                    + "\"Dimensions\":[[\"function\"]],\"Metrics\":[{\"Name\":\"D\",\"Unit\":\"ms\"}]}]},"
                    + "\"function\":\"\",\"D\":\"NaN\"}"))
        .hasSize(3);
    assertThat(violations("{\"_aws\":{},\"D\":NaN}")).singleElement().asString().contains("JSON");
  }
}
