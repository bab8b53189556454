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

  /**
   * The report compares the process with the sandbox's limits, not the host's: the memory the
   * function is configured with (the runtime's AWS_LAMBDA_FUNCTION_MEMORY_SIZE) and the CPU share
   * it buys (1,769 MB per vCPU).
   */
  @Test
  void resourceUsageCarriesTheSandboxsLimits() throws Exception {
    Outcome outcome = sandbox().invoke(event("metrics-happy-path.json"));
    assertThat(outcome.statusCode()).as(outcome.payload()).isEqualTo(200);
    JsonNode usage = outcome.bodyJson().path("resource_usage");
    int memoryMb = sandbox().function().memoryMb();
    assertThat(usage.path("memory_limit_mb").asDouble()).as("%s", usage).isEqualTo(memoryMb);
    assertThat(usage.path("cpu_limit_cores").asDouble())
        .as("%s", usage)
        .isCloseTo(memoryMb / 1769.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(usage.path("memory_usage_mb").asDouble()).isPositive().isLessThan(memoryMb);
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
