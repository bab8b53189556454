package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scheduled benchmark on Lambda reads the invocation's remaining time from the handler's
 * Context: with BENCHMARK_ITERATIONS at its maximum and a Context whose time runs out, it stops
 * early and answers a verdict that says so, instead of being killed at the function's timeout.
 */
class BenchmarkDeadlineLambdaTest {

  @Test
  void theBenchmarkStopsBeforeTheContextsDeadlineAndSaysSo() throws Exception {
    LambdaRun metrics =
        new LambdaRun(
            "performanceMetrics",
            Map.of("BENCHMARK_ITERATIONS", "1000", "METRICS_STORE", "memory"));
    // a clock that moves 10 s each time the benchmark reads it after an iteration: from 60 s, it
    // stops after 4 (20 s left < 2 x 10 s + 5 s)
    AtomicInteger reads = new AtomicInteger();
    String id = "deadline-" + UUID.randomUUID();
    LambdaRun.Outcome outcome =
        metrics.invoke(
            Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")),
            LambdaRun.context(id, () -> 60_000 - 10_000 * reads.getAndIncrement()));

    assertThat(outcome.status()).isEqualTo(200);
    JsonNode verdict = outcome.body();
    assertThat(verdict.path("iterations").asInt()).isEqualTo(1000);
    assertThat(verdict.path("iterations_run").asInt()).isEqualTo(4);
    assertThat(verdict.path("invocations").asInt()).isEqualTo(4);
    assertThat(verdict.path("stopped_early").asBoolean()).isTrue();
    assertThat(verdict.path("stop_reason").asText()).contains("stopped after 4 of 1000 iterations");
  }

  @Test
  void withTimeToSpareEveryIterationRuns() throws Exception {
    LambdaRun metrics =
        new LambdaRun(
            "performanceMetrics", Map.of("BENCHMARK_ITERATIONS", "3", "METRICS_STORE", "memory"));
    LambdaRun.Outcome outcome =
        metrics.invoke(
            Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")),
            "ample-" + UUID.randomUUID());

    assertThat(outcome.body().path("iterations_run").asInt()).isEqualTo(3);
    assertThat(outcome.body().path("stopped_early").asBoolean()).isFalse();
    assertThat(outcome.body().path("stop_reason").isNull()).isTrue();
  }
}
