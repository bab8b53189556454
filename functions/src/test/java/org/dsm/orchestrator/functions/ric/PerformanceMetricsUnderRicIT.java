package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The performanceMetrics function under the official runtime client, on-demand init, including its
 * scheduled triggers.
 */
class PerformanceMetricsUnderRicIT extends RicFunctionRun {
  PerformanceMetricsUnderRicIT() {
    super(SamFunction.PERFORMANCE_METRICS, "metrics-happy-path.json");
  }

  @Test
  void scheduledTriggersRunTheBenchmark() throws Exception {
    for (String file : new String[] {"scheduled-benchmark.json", "pingsource-cloudevent.json"}) {
      Outcome outcome = sandbox().invoke(event(file));
      RicReport.row(SamFunction.PERFORMANCE_METRICS, "on-demand", file, outcome);
      assertThat(outcome.statusCode()).as("%s: %s", file, outcome.payload()).isEqualTo(200);
      JsonNode verdict = outcome.bodyJson();
      assertThat(verdict.path("verdict").asText()).as(file).isIn("pass", "fail");
      assertThat(verdict.path("invocations").asInt()).as(file).isPositive();
    }
  }
}
