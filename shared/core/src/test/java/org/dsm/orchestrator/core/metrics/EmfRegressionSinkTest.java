package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.regression.Regression;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EmfRegressionSinkTest {
  @Test
  void printsOneEmfLineWithTheNumberOfCauses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var sink = new EmfRegressionSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Ns");
    Regression cause =
        new Regression(
            "similarity_analysis", Regression.P95, 5, 15, 10, 2.0, 50, 50, Regression.CAUSE, null);
    Regression explained =
        new Regression(
            "full_pattern_analysis",
            Regression.P95,
            8,
            18,
            10,
            1.25,
            50,
            50,
            Regression.EXPLAINED,
            "similarity_analysis");
    var report =
        new RegressionReport(
            RegressionReport.PREVIOUS_WINDOW,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            RegressionReport.REGRESSED,
            List.of("similarity_analysis"),
            List.of(cause, explained),
            List.of(),
            RegressionConfig.DEFAULTS,
            null);

    sink.publish("report", "orchestrate", report);

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo("Ns");
    assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("Regressions");
    assertThat(directive.path("Dimensions").get(0))
        .extracting(JsonNode::asText)
        .containsExactly("function", "source");
    assertThat(line.path("Regressions").asInt()).isEqualTo(1);
    assertThat(line.path("function").asText()).isEqualTo("orchestrate");
    assertThat(line.path("source").asText()).isEqualTo("report");
    assertThat(line.path("regression_causes").get(0).asText()).isEqualTo("similarity_analysis");
  }
}
