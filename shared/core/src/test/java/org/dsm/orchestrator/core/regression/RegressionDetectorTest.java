package org.dsm.orchestrator.core.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.junit.jupiter.api.Test;

class RegressionDetectorTest {
  private final RegressionDetector detector = new RegressionDetector(RegressionConfig.DEFAULTS);

  private static MetricsAggregate aggregate(
      long n, double errorRate, double coldRate, Object... componentP95) {
    Map<String, LatencySummary> components = new LinkedHashMap<>();
    for (int i = 0; i < componentP95.length; i += 2) {
      double p95 = (Double) componentP95[i + 1];
      components.put(
          (String) componentP95[i], new LatencySummary(n, p95 / 2, p95 / 2, p95, p95, p95));
    }
    return new MetricsAggregate(n, errorRate, coldRate, components);
  }

  private RegressionReport compare(MetricsAggregate before, MetricsAggregate after) {
    return detector.compare(
        before, after, RegressionReport.PREVIOUS_WINDOW, null, Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  void theDeepestRegressedComponentIsTheCauseAndItsAncestorsAreExplainedByIt() {
    var before =
        aggregate(
            50,
            0.0,
            0.0,
            "total",
            20.0,
            "total_orchestration",
            19.0,
            "full_pattern_analysis",
            8.0,
            "similarity_analysis",
            5.0,
            "velocity_analysis",
            1.0,
            "rule_decision",
            1.0);
    var after =
        aggregate(
            50,
            0.0,
            0.0,
            "total",
            30.0,
            "total_orchestration",
            29.0,
            "full_pattern_analysis",
            18.0,
            "similarity_analysis",
            15.0,
            "velocity_analysis",
            1.0,
            "rule_decision",
            1.0);

    RegressionReport report = compare(before, after);

    assertThat(report.status()).isEqualTo(RegressionReport.REGRESSED);
    assertThat(report.causes()).containsExactly("similarity_analysis");
    assertThat(report.regressions())
        .extracting(Regression::component)
        .containsExactly(
            "similarity_analysis", "full_pattern_analysis", "total_orchestration", "total");
    assertThat(report.regressions().subList(1, 4))
        .allSatisfy(
            r -> {
              assertThat(r.role()).isEqualTo(Regression.EXPLAINED);
              assertThat(r.explainedBy()).isEqualTo("similarity_analysis");
            });
    Regression cause = report.regressions().get(0);
    assertThat(cause.baseline()).isEqualTo(5.0);
    assertThat(cause.current()).isEqualTo(15.0);
    assertThat(cause.change()).isEqualTo(10.0);
    assertThat(cause.relativeChange()).isEqualTo(2.0);
  }

  @Test
  void bothMarginsMustBeExceeded() {
    // +50 % but only 0.5 ms: under the absolute margin; +2 ms on 100 ms: under the relative one
    var before = aggregate(50, 0.0, 0.0, "rule_decision", 1.0, "chronicle_fetch", 100.0);
    var after = aggregate(50, 0.0, 0.0, "rule_decision", 1.5, "chronicle_fetch", 102.0);

    assertThat(compare(before, after).regressions()).isEmpty();
    assertThat(compare(before, after).status()).isEqualTo(RegressionReport.OK);
  }

  @Test
  void tooFewSamplesOnEitherSideAreNotJudged() {
    var before = aggregate(10, 0.0, 0.0, "similarity_analysis", 5.0);
    var after = aggregate(50, 0.0, 0.0, "similarity_analysis", 50.0);

    RegressionReport report = compare(before, after);

    assertThat(report.regressions()).isEmpty();
    assertThat(report.notJudged()).containsExactly("similarity_analysis", Regression.INVOCATION);
  }

  /** Rates over too few invocations are not judged, and the report lists them as such. */
  @Test
  void unjudgedRatesAreListed() {
    var before = aggregate(10, 0.0, 0.0, "similarity_analysis", 5.0);
    var after = aggregate(50, 0.5, 0.5, "similarity_analysis", 5.0);

    RegressionReport report = compare(before, after);

    assertThat(report.regressions()).isEmpty();
    assertThat(report.notJudged()).contains(Regression.INVOCATION);
  }

  /**
   * Ten calls on each side: nothing can be judged, so the report must not say "ok" (no component is
   * worse), which a reader takes for a judgement.
   */
  @Test
  void tooFewSamplesForAnythingIsNoVerdict() {
    var before = aggregate(10, 0.0, 0.0, "total", 5.0, "similarity_analysis", 1.0);
    var after = aggregate(10, 0.3, 0.0, "total", 50.0, "similarity_analysis", 10.0);

    RegressionReport report = compare(before, after);

    assertThat(report.status()).isEqualTo(RegressionReport.NO_BASELINE);
    assertThat(report.regressed()).isFalse();
    assertThat(report.note()).contains("too few samples");
    assertThat(report.notJudged())
        .containsExactlyInAnyOrder("total", "similarity_analysis", Regression.INVOCATION);
  }

  @Test
  void errorAndColdStartRatesAreJudgedForTheInvocation() {
    var before = aggregate(100, 0.01, 0.05, "total", 10.0);
    var after = aggregate(100, 0.10, 0.06, "total", 10.0);

    RegressionReport report = compare(before, after);

    assertThat(report.regressions())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.component()).isEqualTo(Regression.INVOCATION);
              assertThat(r.metric()).isEqualTo(Regression.ERROR_RATE);
              assertThat(r.isCause()).isTrue();
            });
  }

  @Test
  void anEmptyBaselineIsReportedAsSuch() {
    RegressionReport report =
        compare(new MetricsAggregate(0, 0, 0, Map.of()), aggregate(50, 0, 0, "total", 1.0));

    assertThat(report.status()).isEqualTo(RegressionReport.NO_BASELINE);
    assertThat(report.note()).isNotBlank();
  }

  @Test
  void siblingsRegressingTogetherAreBothCauses() {
    var before =
        aggregate(
            50, 0, 0, "total_orchestration", 20.0, "rule_decision", 1.0, "chronicle_fetch", 5.0);
    var after =
        aggregate(
            50, 0, 0, "total_orchestration", 40.0, "rule_decision", 6.0, "chronicle_fetch", 20.0);

    RegressionReport report = compare(before, after);

    assertThat(report.causes()).containsExactlyInAnyOrder("rule_decision", "chronicle_fetch");
    // the ancestor is explained by the larger of the two equally deep changes
    assertThat(report.regressions())
        .filteredOn(r -> r.component().equals("total_orchestration"))
        .singleElement()
        .extracting(Regression::explainedBy)
        .isEqualTo("chronicle_fetch");
  }

  @Test
  void theRequestToResponseTotalSitsBetweenTheStoredTotalAndTheUseCase() {
    // the platform's total slowed (a throttled CPU between Tomcat and the use case); the use case
    // did not: the platform's total is the cause, the stored total explained by it
    var before =
        aggregate(50, 0, 0, "total", 2.0, "request_to_response", 2.0, "total_orchestration", 0.5);
    var slowerEdge =
        aggregate(
            50, 0, 0, "total", 35.0, "request_to_response", 35.0, "total_orchestration", 0.55);

    RegressionReport edge = compare(before, slowerEdge);

    assertThat(edge.causes()).containsExactly("request_to_response");
    assertThat(edge.regressions())
        .filteredOn(r -> r.component().equals("total"))
        .singleElement()
        .extracting(Regression::explainedBy)
        .isEqualTo("request_to_response");

    // a slower use case explains the platform's total it runs inside
    var slowerUseCase =
        aggregate(
            50, 0, 0, "total", 30.0, "request_to_response", 30.0, "total_orchestration", 28.0);

    RegressionReport useCase = compare(before, slowerUseCase);

    assertThat(useCase.causes()).containsExactly("total_orchestration");
    assertThat(useCase.regressions())
        .filteredOn(r -> r.component().equals("request_to_response"))
        .singleElement()
        .extracting(Regression::explainedBy)
        .isEqualTo("total_orchestration");
  }
}
