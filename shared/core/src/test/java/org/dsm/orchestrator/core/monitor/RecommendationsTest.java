package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.core.monitor.ThresholdCheckerTest.stats;
import static org.dsm.orchestrator.core.monitor.ThresholdCheckerTest.usage;

import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.junit.jupiter.api.Test;

class RecommendationsTest {
  private static final ThresholdConfig DEFAULTS = ThresholdConfig.DEFAULTS;
  private static final Map<String, OperationStats> HEALTHY =
      Map.of(
          Operations.TOTAL_ORCHESTRATION, stats(Operations.TOTAL_ORCHESTRATION, 10, 10, 50),
          Operations.FULL_PATTERN_ANALYSIS, stats(Operations.FULL_PATTERN_ANALYSIS, 10, 10, 20),
          Operations.SIMILARITY_ANALYSIS, stats(Operations.SIMILARITY_ANALYSIS, 10, 10, 5));

  private static Map<String, OperationStats> with(OperationStats replacement) {
    var map = new java.util.HashMap<>(HEALTHY);
    map.put(replacement.operation(), replacement);
    return map;
  }

  @Test
  void healthyFiguresAreWithinThresholds() {
    assertThat(Recommendations.of(HEALTHY, DEFAULTS, usage(1), null))
        .containsExactly("Performance within acceptable thresholds");
  }

  @Test
  void nothingRecordedYetIsWithinThresholds() {
    assertThat(Recommendations.of(Map.of(), DEFAULTS, null, null))
        .containsExactly("Performance within acceptable thresholds");
  }

  @Test
  void slowTotalFires() {
    assertThat(
            Recommendations.of(
                with(stats(Operations.TOTAL_ORCHESTRATION, 10, 10, 2001)),
                DEFAULTS,
                usage(1),
                null))
        .containsExactly("Total execution time exceeds 2-second threshold");
  }

  @Test
  void slowPatternAnalysisFires() {
    assertThat(
            Recommendations.of(
                with(stats(Operations.FULL_PATTERN_ANALYSIS, 10, 10, 1001)),
                DEFAULTS,
                usage(1),
                null))
        .containsExactly("Pattern analysis component exceeds 1-second threshold");
  }

  @Test
  void slowSimilarityFires() {
    assertThat(
            Recommendations.of(
                with(stats(Operations.SIMILARITY_ANALYSIS, 10, 10, 501)), DEFAULTS, usage(1), null))
        .containsExactly(
            "Similarity analysis is slow - consider reducing dataset size or improving caching");
  }

  @Test
  void lowPatternSuccessRateFires() {
    assertThat(
            Recommendations.of(
                with(stats(Operations.FULL_PATTERN_ANALYSIS, 100, 94, 20)),
                DEFAULTS,
                usage(1),
                null))
        .containsExactly("Pattern analysis has low success rate - investigate error handling");
  }

  @Test
  void lowOrchestrationSuccessRateFires() {
    assertThat(
            Recommendations.of(
                with(stats(Operations.TOTAL_ORCHESTRATION, 100, 90, 50)), DEFAULTS, usage(1), null))
        .containsExactly(
            "Orchestration success rate is below 95% - investigate failing invocations");
  }

  @Test
  void memoryIncreaseFires() {
    assertThat(Recommendations.of(HEALTHY, DEFAULTS, usage(120), null))
        .containsExactly(
            "Memory increase per invocation exceeds 100 MiB - reduce allocations on the request path");
  }

  @Test
  void rulesFireInOrderAndTextsFollowTheConfiguration() {
    Map<String, OperationStats> bad =
        Map.of(
            Operations.TOTAL_ORCHESTRATION, stats(Operations.TOTAL_ORCHESTRATION, 10, 10, 1600),
            Operations.FULL_PATTERN_ANALYSIS, stats(Operations.FULL_PATTERN_ANALYSIS, 10, 10, 900));
    assertThat(Recommendations.of(bad, new ThresholdConfig(1500, 750, 100, 95), usage(1), null))
        .containsExactly(
            "Total execution time exceeds 1.5-second threshold",
            "Pattern analysis component exceeds 0.75-second threshold");
  }

  @Test
  void storedHistoryFiresItsOwnRules() {
    MetricsAggregate history =
        new MetricsAggregate(
            100,
            0.2,
            0.1,
            Map.of(
                Operations.TOTAL_ORCHESTRATION,
                new LatencySummary(100, 900, 800, 2400, 2600, 3000),
                Operations.FULL_PATTERN_ANALYSIS,
                new LatencySummary(100, 500, 400, 1100, 1200, 1300)));

    assertThat(Recommendations.of(HEALTHY, DEFAULTS, usage(1), history))
        .containsExactly(
            "Stored history: total execution time p95 exceeds 2-second threshold across instances",
            "Stored history: pattern analysis p95 exceeds 1-second threshold across instances",
            "Stored history: success rate is below 95% across instances - investigate failing invocations");
  }

  @Test
  void healthyHistoryAddsNothing() {
    MetricsAggregate history =
        new MetricsAggregate(
            100, 0.0, 0.1, Map.of("total", new LatencySummary(100, 90, 80, 240, 260, 300)));
    assertThat(Recommendations.of(HEALTHY, DEFAULTS, usage(1), history))
        .containsExactly("Performance within acceptable thresholds");
  }

  private static ResourceUsage platform(
      double rssMb,
      Double workingSetMb,
      Double limitMb,
      Double cpuPercent,
      Double cores,
      Double throttled) {
    return new ResourceUsage(
        rssMb, 1, cpuPercent, 20, 30, 3, 50, limitMb, workingSetMb, cores, throttled, null, null);
  }

  /**
   * 700 MiB in the Knative pod's 768Mi is near the OOM kill, whatever the host's RAM; the report
   * said "within acceptable thresholds".
   */
  @Test
  void memoryNearThePlatformsLimitIsAdvisedOn() {
    ResourceUsage pod = platform(700, 710.0, 768.0, 5.0, 1.0, 0.0);
    assertThat(Recommendations.of(HEALTHY, DEFAULTS, pod, null))
        .containsExactly(
            "Memory in use (710 MiB) is 92.4% of the 768 MiB limit - the platform kills the"
                + " process at the limit: raise the limit or reduce the footprint");
    assertThat(Recommendations.forProject(EMPTY_WINDOW, DEFAULTS, pod))
        .containsExactly(
            "Memory in use (710 MiB) is 92.4% of the 768 MiB limit - the platform kills the"
                + " process at the limit: raise the limit or reduce the footprint");
    // the same figures without a limit (a developer's machine): nothing to compare with
    assertThat(
            Recommendations.of(HEALTHY, DEFAULTS, platform(700, null, null, 5.0, null, null), null))
        .containsExactly(Recommendations.WITHIN_THRESHOLDS);
    assertThat(
            Recommendations.of(HEALTHY, DEFAULTS, platform(400, 420.0, 768.0, 5.0, 1.0, 0.0), null))
        .containsExactly(Recommendations.WITHIN_THRESHOLDS);
  }

  /** CPU 50 % "of one core" is the whole quota of a 0.5-core limit; a throttled quota too. */
  @Test
  void aCpuQuotaUsedUpOrThrottlingIsAdvisedOn() {
    assertThat(
            Recommendations.of(
                HEALTHY, DEFAULTS, platform(200, 200.0, 768.0, 50.0, 1.0, 62.5), null))
        .containsExactly(
            "CPU quota exhausted: throttled in 62.5% of the scheduling periods of the last sampling"
                + " interval (a 1-core limit) - raise the CPU limit or reduce the work per request");
    // Lambda at 1,024 MB: 1024/1769 of a core
    assertThat(
            Recommendations.forProject(
                EMPTY_WINDOW, DEFAULTS, platform(200, null, 1024.0, 57.0, 1024 / 1769.0, null)))
        .containsExactly(
            "CPU at 57% of one core is 98.5% of the 0.6-core limit - the quota is nearly used up:"
                + " raise the CPU limit or reduce the work per request");
    assertThat(
            Recommendations.of(
                HEALTHY, DEFAULTS, platform(200, null, 1024.0, 20.0, 1024 / 1769.0, null), null))
        .containsExactly(Recommendations.WITHIN_THRESHOLDS);
  }

  /** The platform's total over the limit while the use case is well under it. */
  @Test
  void aSlowRequestToResponseWithAFastUseCaseIsAdvisedOn() {
    MetricsAggregate window =
        new MetricsAggregate(
            100,
            0,
            0,
            Map.of(
                Operations.REQUEST_TO_RESPONSE,
                new LatencySummary(100, 900, 800, 2400, 2600, 3000),
                Operations.TOTAL_ORCHESTRATION,
                new LatencySummary(100, 1, 1, 2, 3, 4)),
            0);
    assertThat(Recommendations.forProject(window, DEFAULTS, usage(1)))
        .containsExactly(
            "Request-to-response time exceeds 2-second threshold while the orchestration itself does"
                + " not - check the platform's CPU quota (throttling), request parsing and response"
                + " serialisation");
  }

  private static final MetricsAggregate EMPTY_WINDOW = new MetricsAggregate(0, 0, 0, Map.of(), 0);
}
