package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.regression.Regression;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.junit.jupiter.api.Test;

/**
 * The history page against what was stored: it draws the whole window asked for, its regression
 * table judges what it draws, and a baseline the store's bounds cut short is not judged (as in the
 * report).
 */
class HistoryPageWindowTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);
  private static final Instant NOW = Instant.parse("2030-03-04T12:00:30Z");

  private static PerformanceHistory page(MetricsStore store, Duration window) {
    return page(store, window, new UnwrittenRecords());
  }

  private static PerformanceHistory page(
      MetricsStore store, Duration window, UnwrittenRecords unwritten) {
    var metering =
        new InvocationMetering(
            new SynchronousMetricsRecorder(store), Clock.fixed(NOW, ZoneOffset.UTC), "test");
    var monitoring =
        new Monitoring(new PerformanceMonitor(), null, ThresholdConfig.DEFAULTS, metering);
    return new PerformanceHistoryService(
            EmbeddedDsm.create().ports(), store, monitoring, RegressionConfig.DEFAULTS, unwritten)
        .history(TEST, window, NOW);
  }

  private static InMemoryMetricsStore store(int maxBuckets) {
    return new InMemoryMetricsStore(
        10_000,
        maxBuckets,
        new StoreMaintenance(Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static InvocationRecord orchestration(String id, Instant start, double ms) {
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        FunctionNames.ORCHESTRATE,
        id,
        EmbeddedDataset.TEST,
        "local",
        "http",
        false,
        start,
        ms,
        Map.of("total_orchestration", ms),
        200,
        null,
        0.0,
        0.0,
        "test",
        null,
        null);
  }

  private static long drawn(PerformanceHistory page) {
    return page.slices().stream().mapToLong(PerformanceHistory.Slice::invocations).sum();
  }

  /** A window of seconds: 90 s was one whole minute, so the page left out its first 30 s. */
  @Test
  void aWindowOfSecondsIsDrawnWhole() {
    InMemoryMetricsStore store = store(1_000);
    store.write(
        List.of(
            orchestration("in-window-early", NOW.minusSeconds(80), 3.0),
            orchestration("in-window-late", NOW.minusSeconds(10), 4.0)));

    PerformanceHistory page = page(store, Duration.ofSeconds(90));

    assertThat(page.from()).isBeforeOrEqualTo(NOW.minusSeconds(90));
    assertThat(drawn(page)).isEqualTo(2);
  }

  /**
   * 100 minutes are drawn as 34 slices of 3 minutes (102 minutes): the regression table judged the
   * last 100 only, so what it counted was not what the page showed.
   */
  @Test
  void theRegressionTableJudgesWhatThePageDraws() {
    InMemoryMetricsStore store = store(1_000);
    PerformanceHistory empty = page(store, Duration.ofMinutes(100));
    Instant from = empty.from();
    Instant to = empty.to();
    Duration span = Duration.between(from, to);
    List<InvocationRecord> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) { // the same span before: 5 ms each
      batch.add(orchestration("before-" + i, from.minus(span).plusSeconds(30L + 60L * i), 5.0));
    }
    for (int i = 0; i < 25; i++) { // drawn: 25 ms each, five in the page's first two minutes
      batch.add(orchestration("now-" + i, from.plusSeconds(20L + 20L * i), 25.0));
    }
    store.write(batch);

    PerformanceHistory page = page(store, Duration.ofMinutes(100));

    assertThat(drawn(page)).isEqualTo(25);
    assertThat(page.regressions().status()).isEqualTo(RegressionReport.REGRESSED);
    Regression total =
        page.regressions().regressions().stream()
            .filter(r -> r.component().equals("total_orchestration"))
            .findFirst()
            .orElseThrow();
    assertThat(total.currentSamples()).isEqualTo(drawn(page));
    assertThat(total.baselineSamples()).isEqualTo(25);
    assertThat(page.regressions().baselineFrom()).isEqualTo(from.minus(span));
    assertThat(page.regressions().baselineTo()).isEqualTo(from);
  }

  /**
   * The in-memory store's bucket cap dropped the baseline's oldest minutes: the report says it
   * cannot judge; the page compared the remains with the whole current window.
   */
  @Test
  void aBaselineTheStoresBoundsCutShortIsNotJudged() {
    InMemoryMetricsStore store = store(8);
    Duration window = Duration.ofMinutes(10);
    Instant from = page(store, window).from();
    List<InvocationRecord> batch = new ArrayList<>();
    for (int minute = 1; minute <= 5; minute++) { // the baseline: five minutes of 5 ms
      for (int i = 0; i < 10; i++) {
        batch.add(
            orchestration(
                "b-" + minute + "-" + i, from.minus(window).plusSeconds(60L * minute + i), 5.0));
      }
    }
    for (int minute = 0; minute < 5; minute++) { // the window: five minutes of 25 ms
      for (int i = 0; i < 10; i++) {
        batch.add(orchestration("c-" + minute + "-" + i, from.plusSeconds(60L * minute + i), 25.0));
      }
    }
    store.write(batch); // ten minutes' buckets, eight kept: the baseline's first two are gone
    assertThat(store.holdsEverythingIn(from.minus(window), from)).isFalse();

    PerformanceHistory page = page(store, window);

    assertThat(page.regressions().status()).isEqualTo(RegressionReport.NO_BASELINE);
    assertThat(page.regressions().note()).contains("no longer holds the whole baseline window");
  }

  /**
   * The page drew what the store held without a word when the store's bounds had dropped part of
   * the span, or this instance had failed to store records in it; the report says both.
   */
  @Test
  void aSpanTheStoreCannotFullyShowIsSaidToBeIncomplete() {
    InMemoryMetricsStore store = store(3);
    Duration window = Duration.ofMinutes(10);
    Instant from = page(store, window).from();
    List<InvocationRecord> batch = new ArrayList<>();
    for (int minute = 0; minute < 5; minute++) {
      batch.add(orchestration("m-" + minute, from.plusSeconds(60L * minute + 5), 3.0));
    }
    store.write(batch); // five minutes' buckets, three kept
    assertThat(page(store, window).incomplete())
        .singleElement()
        .asString()
        .contains("size bounds dropped part of it");

    InMemoryMetricsStore roomy = store(1_000);
    roomy.write(batch);
    assertThat(page(roomy, window).incomplete()).isEmpty();
    UnwrittenRecords unwritten = new UnwrittenRecords();
    unwritten.add(List.of(orchestration("lost", from.plusSeconds(400), 3.0)));
    assertThat(page(roomy, window, unwritten).incomplete())
        .singleElement()
        .asString()
        .contains("did not confirm 1 invocation record");
  }
}
