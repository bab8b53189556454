package org.dsm.orchestrator.functions.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.report.PerformanceHistory;
import org.dsm.orchestrator.core.report.PerformanceHistoryService;
import org.junit.jupiter.api.Test;

/**
 * The page drawn from a store holding two hours of orchestrations, the second with a slower
 * similarity analysis: every component's three percentile series, the thresholds, the regression
 * marked on its cause and on the components it explains, and nothing the browser would fetch.
 */
class DashboardPageTest {
  private static final ProjectId TEST = ProjectId.of("TEST-001");

  private static InvocationRecord record(String id, Instant at, double similarity) {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("similarity_analysis", similarity);
    c.put("full_pattern_analysis", similarity + 2);
    c.put("total_orchestration", similarity + 12);
    c.put("rule_decision", 1.0);
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        "orchestrate",
        id,
        TEST.value(),
        "local",
        "http",
        id.endsWith("-0"),
        at,
        similarity + 12,
        c,
        200,
        null,
        0.5,
        1.0,
        "test",
        null,
        null);
  }

  private static PerformanceHistory history() {
    InMemoryMetricsStore store = new InMemoryMetricsStore();
    Instant now = Instant.now();
    List<InvocationRecord> batch = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      batch.add(record("before-" + i, now.minus(Duration.ofMinutes(115 - i)), 5.0));
      batch.add(record("after-" + i, now.minus(Duration.ofMinutes(55 - i)), 25.0));
    }
    store.write(batch);
    var metering =
        new InvocationMetering(
            new SynchronousMetricsRecorder(store), java.time.Clock.systemUTC(), "test");
    var monitoring =
        new Monitoring(
            new PerformanceMonitor(),
            null,
            ThresholdConfig.DEFAULTS,
            metering); // no resources read
    return new PerformanceHistoryService(
            EmbeddedDsm.create().ports(), store, monitoring, RegressionConfig.DEFAULTS)
        .history(TEST, Duration.ofHours(1), now);
  }

  @Test
  void drawsEverySeriesAndMarksTheRegression() {
    PerformanceHistory history = history();
    String html = DashboardPage.render(history);

    assertThat(history.regressions().causes()).containsExactly("similarity_analysis");
    for (String component :
        List.of("total", "total_orchestration", "full_pattern_analysis", "similarity_analysis")) {
      for (String p : List.of("p50", "p95", "p99")) {
        assertThat(points(html, component + ":" + p)).as(component + ":" + p).isPositive();
      }
    }
    assertThat(points(html, "error_rate")).isPositive();
    assertThat(points(html, "cold_start_rate")).isPositive();
    assertThat(html).contains("data-series=\"invocations\"");
    assertThat(html)
        .contains("class=\"chart regressed cause\" data-component=\"similarity_analysis\"")
        .contains("class=\"chart regressed explained\" data-component=\"full_pattern_analysis\"")
        .contains("<span id=\"regression-status\">regressed</span>")
        .contains("data-threshold=\"error_rate\"");
    // the 2 s threshold is far above 40 ms: named, not drawn into a flattened chart
    assertThat(html).contains("threshold 2000 ms (above this scale)");
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("src=", "href=");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http");
  }

  @Test
  void saysWhyTheFiguresMayUndercountAndNothingWhenTheyAreWhole() {
    PerformanceHistory whole = history();
    assertThat(whole.incomplete()).isEmpty();
    assertThat(DashboardPage.render(whole)).doesNotContain("id=\"incomplete\"");

    String html =
        DashboardPage.render(
            whole
                .withIncomplete("the store's bounds dropped records before <10:00>")
                .withIncomplete("this instance could not store 3 records"));
    assertThat(html)
        .contains("<section id=\"incomplete\"><h2>These figures may undercount</h2><ul>")
        .contains("<li>the store&#39;s bounds dropped records before &lt;10:00&gt;</li>")
        .contains("<li>this instance could not store 3 records</li>");
    // above the figures it qualifies
    assertThat(html.indexOf("id=\"incomplete\"")).isLessThan(html.indexOf("id=\"regressions\""));
  }

  @Test
  void escapesWhatItPrints() {
    assertThat(DashboardPage.esc("<img src=x onerror=\"a\">&'"))
        .isEqualTo("&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
  }

  @Test
  void niceAxisCeilings() {
    assertThat(DashboardPage.niceCeiling(0.37)).isEqualTo(0.5);
    assertThat(DashboardPage.niceCeiling(13)).isEqualTo(20);
    assertThat(DashboardPage.niceCeiling(1000)).isEqualTo(1000);
  }

  /** The number of points of a series, or 0 when the page has no such series. */
  static int points(String html, String series) {
    Matcher m =
        Pattern.compile("data-series=\"" + Pattern.quote(series) + "\" data-points=\"(\\d+)\"")
            .matcher(html);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
