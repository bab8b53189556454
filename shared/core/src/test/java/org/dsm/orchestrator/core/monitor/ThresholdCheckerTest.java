package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.dsm.orchestrator.core.monitor.ThresholdReport.ThresholdCheck;
import org.junit.jupiter.api.Test;

class ThresholdCheckerTest {
  private final ThresholdChecker defaults = new ThresholdChecker(ThresholdConfig.DEFAULTS);

  static ResourceUsage usage(double memoryIncreaseMb) {
    return new ResourceUsage(200, memoryIncreaseMb, 5.0, 20, 30, 3, 50);
  }

  static OperationStats stats(String operation, long calls, long successes, double p95) {
    return new OperationStats(
        operation,
        calls,
        successes,
        p95 / 2,
        p95 * 1.2,
        0.1,
        calls == 0 ? 0 : 100.0 * successes / calls,
        p95 / 2,
        p95,
        p95 * 1.1);
  }

  @Test
  void namesComeFromTheConfiguredValues() {
    ThresholdReport report = defaults.evaluateInvocation(10, 5.0, usage(1));
    assertThat(report.checks())
        .extracting(ThresholdCheck::name)
        .containsExactly(
            "total_under_2000ms",
            "pattern_analysis_under_1000ms",
            "memory_increase_under_100mb",
            "success_rate_over_95pct");

    ThresholdReport custom =
        new ThresholdChecker(new ThresholdConfig(1500, 250.5, 64, 99.5))
            .evaluateInvocation(10, 5.0, usage(1));
    assertThat(custom.checks())
        .extracting(ThresholdCheck::name)
        .containsExactly(
            "total_under_1500ms",
            "pattern_analysis_under_250_5ms",
            "memory_increase_under_64mb",
            "success_rate_over_99_5pct");
  }

  @Test
  void invocationWithinThresholdsIsMet() {
    ThresholdReport report = defaults.evaluateInvocation(1999.9, 999.0, usage(99.0));

    assertThat(report.targetTotalTimeMs()).isEqualTo(2000);
    assertThat(report.actualTotalTimeMs()).isEqualTo(1999.9);
    assertThat(report.thresholdMet()).isTrue();
    assertThat(report.allMet()).isTrue();
    assertThat(report.checks().get(3).actual()).isNull();
  }

  @Test
  void eachInvocationThresholdCanFail() {
    assertThat(defaults.evaluateInvocation(2000, null, usage(0)).thresholdMet()).isFalse();
    ThresholdReport slowPattern = defaults.evaluateInvocation(100, 1000.0, usage(0));
    assertThat(slowPattern.thresholdMet()).isTrue();
    assertThat(slowPattern.allMet()).isFalse();
    assertThat(slowPattern.checks().get(1).met()).isFalse();
    ThresholdReport memory = defaults.evaluateInvocation(100, null, usage(150));
    assertThat(memory.checks().get(2))
        .isEqualTo(
            new ThresholdCheck(
                "memory_increase_under_100mb", "memory_increase_mb", 100, 150.0, "<", false));
  }

  @Test
  void patternAnalysisThatDidNotRunPasses() {
    ThresholdCheck pattern = defaults.evaluateInvocation(100, null, usage(0)).checks().get(1);
    assertThat(pattern.actual()).isNull();
    assertThat(pattern.met()).isTrue();
  }

  @Test
  void instanceUsesP95AndSuccessRateOfTotalOrchestration() {
    Map<String, OperationStats> stats =
        Map.of(
            Operations.TOTAL_ORCHESTRATION, stats(Operations.TOTAL_ORCHESTRATION, 100, 90, 2500),
            Operations.FULL_PATTERN_ANALYSIS, stats(Operations.FULL_PATTERN_ANALYSIS, 90, 90, 400));

    ThresholdReport report = defaults.evaluateInstance(stats, usage(2));

    assertThat(report.actualTotalTimeMs()).isEqualTo(2500);
    assertThat(report.thresholdMet()).isFalse();
    assertThat(report.checks())
        .extracting(ThresholdCheck::actual)
        .containsExactly(2500.0, 400.0, 2.0, 90.0);
    assertThat(report.checks())
        .extracting(ThresholdCheck::met)
        .containsExactly(false, true, true, false);
  }

  @Test
  void instanceWithoutDataHasNullActualsAndNoHeadlineTime() {
    ThresholdReport report = defaults.evaluateInstance(Map.of(), null);
    assertThat(report.actualTotalTimeMs()).isNull();
    assertThat(report.checks()).extracting(ThresholdCheck::actual).containsOnlyNulls();
    assertThat(report.allMet()).isTrue();
  }

  @Test
  void aggregateUsesTheStoredOrchestrationTotalAndErrorRate() {
    MetricsAggregate aggregate =
        new MetricsAggregate(
            400,
            0.1,
            0.05,
            Map.of(
                // every invocation, 200 idempotent replays of a millisecond among them
                "total",
                new LatencySummary(400, 150, 1, 250, 2100, 2500),
                Operations.TOTAL_ORCHESTRATION,
                new LatencySummary(200, 300, 250, 1800, 2100, 2500),
                Operations.FULL_PATTERN_ANALYSIS,
                new LatencySummary(180, 700, 600, 1200, 1300, 1400)));

    ThresholdReport report = defaults.evaluateAggregate(aggregate);

    assertThat(report.actualTotalTimeMs()).isEqualTo(1800);
    assertThat(report.thresholdMet()).isTrue();
    assertThat(report.checks())
        .extracting(ThresholdCheck::actual)
        .containsExactly(1800.0, null, 1200.0, null, 90.0);
    assertThat(report.checks())
        .extracting(ThresholdCheck::met)
        .containsExactly(true, true, false, true, false);
  }

  @Test
  void aggregateJudgesThePlatformsTotalBesideTheUseCasesOwn() {
    // as measured in a throttled pod: the use case 0.55 ms at p95, Tomcat's first byte to the
    // response written 35 ms
    MetricsAggregate aggregate =
        new MetricsAggregate(
            100,
            0.0,
            0.0,
            Map.of(
                "total",
                new LatencySummary(100, 8, 2, 35, 40, 41),
                Operations.REQUEST_TO_RESPONSE,
                new LatencySummary(100, 8, 2, 35, 40, 41),
                Operations.TOTAL_ORCHESTRATION,
                new LatencySummary(100, 0.4, 0.4, 0.55, 0.6, 0.7)));

    ThresholdReport report =
        new ThresholdChecker(new ThresholdConfig(20, 10, 100, 95)).evaluateAggregate(aggregate);

    assertThat(report.checks())
        .extracting(ThresholdCheck::name)
        .containsExactly(
            "total_under_20ms",
            "request_to_response_under_20ms",
            "pattern_analysis_under_10ms",
            "memory_increase_under_100mb",
            "success_rate_over_95pct");
    assertThat(report.checks().get(1))
        .isEqualTo(
            new ThresholdCheck(
                "request_to_response_under_20ms",
                "stored_request_to_response_p95_ms",
                20,
                35.0,
                "<",
                false));
    // the headline stays the use case's own, as in the original; allMet() sees the platform's
    assertThat(report.thresholdMet()).isTrue();
    assertThat(report.actualTotalTimeMs()).isEqualTo(0.55);
    assertThat(report.allMet()).isFalse();
  }

  @Test
  void configRejectsNonPositiveValuesNamingTheField() {
    assertThatThrownBy(() -> new ThresholdConfig(0, 1000, 100, 95)).hasMessageContaining("totalMs");
    assertThatThrownBy(() -> new ThresholdConfig(2000, -1, 100, 95))
        .hasMessageContaining("patternAnalysisMs");
    assertThatThrownBy(() -> new ThresholdConfig(2000, 1000, Double.NaN, 95))
        .hasMessageContaining("memoryIncreaseMb");
    assertThatThrownBy(() -> new ThresholdConfig(2000, 1000, 100, 101))
        .hasMessageContaining("successRatePercent");
  }
}
