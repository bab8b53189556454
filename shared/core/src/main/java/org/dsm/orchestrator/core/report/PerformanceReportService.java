package org.dsm.orchestrator.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.history.HistoryFetcher;
import org.dsm.orchestrator.core.history.ProjectFeaturesFactory;
import org.dsm.orchestrator.core.history.ProjectHistory;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.MeteredInvocation;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.Recommendations;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.ThresholdChecker;
import org.dsm.orchestrator.core.monitor.ThresholdReport;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.pattern.PatternInput;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.regression.RegressionAdvice;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionDetector;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The performance report use case: a fresh, timed, side-effect-free pattern analysis of the project
 * (never served from the cache, so the timings measure real work), this instance's stats since
 * start, thresholds, recommendations, and the stored history of every instance over a window.
 */
public final class PerformanceReportService {
  private static final Logger LOG = LoggerFactory.getLogger(PerformanceReportService.class);
  public static final String FUNCTION = FunctionNames.PERFORMANCE_METRICS;
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  static final Duration AWAIT_RECORDED = Duration.ofSeconds(2);
  private static final String STORE_UNAVAILABLE = "metrics store unavailable";

  private final DsmPorts ports;
  private final PatternEngine patternEngine;
  private final HistoryFetcher historyFetcher;
  private final PerformanceMonitor monitor;
  private final ThresholdChecker checker;
  private final Monitoring monitoring;
  private final MetricsStore store;
  private final RegressionDetector detector;
  private final RegressionSink regressionSink;
  private final UnwrittenRecords unwritten;

  /**
   * @param unwritten the records this instance's recorder could not store (shown in the history)
   */
  public PerformanceReportService(
      DsmPorts ports,
      PatternEngine patternEngine,
      Monitoring monitoring,
      MetricsStore store,
      Executor executor,
      RegressionConfig regressionConfig,
      RegressionSink regressionSink,
      UnwrittenRecords unwritten) {
    this.unwritten = unwritten;
    this.ports = ports;
    this.patternEngine = patternEngine;
    this.historyFetcher = new HistoryFetcher(ports.chronicle(), executor);
    this.monitor = monitoring.performance();
    this.checker = new ThresholdChecker(monitoring.thresholds());
    this.monitoring = monitoring;
    this.store = store;
    this.detector = new RegressionDetector(regressionConfig);
    this.regressionSink = regressionSink;
  }

  /**
   * @throws org.dsm.orchestrator.core.error.ProjectNotFoundException for an unknown project
   */
  public PerformanceReport report(ProjectId projectId, Duration window, InvocationContext context) {
    MeteredInvocation metered =
        MeteredInvocation.begin(
            monitoring, FUNCTION, Operations.PERFORMANCE_REPORT, context, projectId.value(), true);
    List<String> notes = new ArrayList<>();
    try {
      analyse(projectId, metered.invocation(), notes);
    } catch (RuntimeException | Error e) {
      metered.fail(e);
      throw e;
    }
    // recorded first: the report's own store write then shows among its components and in
    // component_metrics
    MeteredInvocation.Finished finished = metered.succeed();
    Instant started = metered.started();
    ResourceUsage usage = finished.usage();
    double totalMs = finished.totalMs();
    Map<String, OperationStats> instance = monitor.summaries();
    // the buffered recorder writes within a second: the orchestration just answered must count
    boolean caughtUp = monitoring.metering().awaitRecorded(AWAIT_RECORDED);
    // the store's reads come before the answer: each ends by the invocation's deadline
    Deadline deadline = context.deadline();
    StoredWindow stored = history(projectId, window, started, caughtUp, deadline);
    PerformanceReport.History history = stored.history();
    RegressionReport regressions = regressions(projectId, window, history.from(), stored, deadline);
    List<String> recommendations = new ArrayList<>(notes);
    if (history.metricsUnwritten() > 0) {
      recommendations.add(
          // a write that went unanswered may have been applied: the count is of records the store
          // did not confirm, not of records known to be missing
          "History may be incomplete: "
              + Undercount.unconfirmed(
                  history.metricsUnwritten(),
                  "this window",
                  "; see metrics_unwritten and the logs"));
    }
    if (!caughtUp) {
      recommendations.add(
          "History incomplete: " + Undercount.stillOnTheirWay(store.name(), AWAIT_RECORDED));
    }
    if (!stored.held()) {
      recommendations.add(
          "History incomplete: " + Undercount.sizeBoundsDropped(store.name(), "this window"));
    }
    List<String> regressionAdvice =
        RegressionAdvice.of(regressions, "the previous " + history.window());
    recommendations.addAll(regressionAdvice);
    // the project's own figures; other projects' calls on this instance must not speak for it
    MetricsAggregate project = aggregateOf(history);
    if (history.error() == null) {
      recommendations.addAll(
          Recommendations.forProject(project, monitoring.thresholds(), usage).stream()
              // "within thresholds" next to a regression would read as "all is well"
              .filter(
                  a -> regressionAdvice.isEmpty() || !a.equals(Recommendations.WITHIN_THRESHOLDS))
              .toList());
    }
    ThresholdReport thresholds = checker.evaluateAggregate(project, usage);
    return new PerformanceReport(
        projectId.value(),
        totalMs,
        history.components(),
        instance,
        usage,
        thresholds,
        List.copyOf(recommendations),
        history,
        ports.health().circuitStates(),
        metered.info(finished),
        regressions);
  }

  /**
   * Project state proves the project exists (404 otherwise); a Chronicle failure only skips the
   * analysis.
   */
  private void analyse(ProjectId projectId, Invocation invocation, List<String> notes) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    ProjectSnapshot snapshot =
        invocation.time(
            Operations.PROJECT_STATE_FETCH,
            () -> ports.state().load(projectId, today, today.plusWeeks(2)));
    ProjectHistory history;
    try {
      history = invocation.time(Operations.CHRONICLE_FETCH, () -> historyFetcher.fetch(projectId));
    } catch (OrchestratorException e) {
      notes.add(
          "Pattern analysis skipped: historical intelligence unavailable (" + e.getMessage() + ")");
      return;
    }
    patternEngine.analyzeFresh(
        new PatternInput(
            projectId,
            ProjectFeaturesFactory.of(snapshot),
            history.historicalProjects(),
            history.historyVersion(),
            history.velocity()),
        invocation);
  }

  /**
   * The orchestrations of this project stored by every instance; a store failure is reported, not
   * raised.
   */
  /** Records this instance could not store since it started. */
  public long metricsUnwritten() {
    return unwritten.total();
  }

  private StoredWindow history(
      ProjectId projectId, Duration window, Instant now, boolean caughtUp, Deadline deadline) {
    Instant from = now.minus(window);
    String label = ReportWindow.format(window);
    long lost = unwritten.inWindow(FunctionNames.ORCHESTRATE, projectId.value(), from, now);
    boolean held = store.holdsEverythingIn(from, now);
    try {
      MetricsAggregate aggregate =
          store.aggregate(FunctionNames.ORCHESTRATE, projectId.value(), from, now, deadline);
      return new StoredWindow(
          new PerformanceReport.History(
              label,
              from,
              now,
              store.name(),
              aggregate.invocations(),
              aggregate.errorRate(),
              aggregate.clientErrorRate(),
              aggregate.coldStartRate(),
              aggregate.components(),
              checker.evaluateAggregate(aggregate),
              null,
              lost,
              lost > 0 || !held || !caughtUp,
              benchmarkInvocations(projectId, from, now, deadline)),
          aggregate,
          held);
    } catch (RuntimeException e) {
      LOG.warn("metrics store {} failed to aggregate the report window", store.name(), e);
      return new StoredWindow(
          new PerformanceReport.History(
              label,
              from,
              now,
              store.name(),
              0,
              0.0,
              0.0,
              0.0,
              Map.of(),
              null,
              deadline.leftMs() <= 0
                  ? "metrics store "
                      + store.name()
                      + " not read: its reads did not end before this invocation's deadline"
                  : "metrics store " + store.name() + " unavailable; see the logs",
              lost,
              true,
              null),
          null,
          held);
    }
  }

  /**
   * The benchmark's dry runs of the project in [from, to): shown apart from the history, so a
   * reader sees what it leaves out; null when the store failed (the history itself is still
   * reported).
   */
  private Long benchmarkInvocations(
      ProjectId projectId, Instant from, Instant to, Deadline deadline) {
    try {
      return store
          .aggregate(FunctionNames.ORCHESTRATE_BENCHMARK, projectId.value(), from, to, deadline)
          .invocations();
    } catch (RuntimeException e) {
      LOG.warn("metrics store {} failed to count the benchmark's runs", store.name(), e);
      return null;
    }
  }

  /**
   * The window against the one of the same length just before it; published to the sink (gauge,
   * EMF) whatever the outcome, so an alarm clears when the regression does.
   */
  private RegressionReport regressions(
      ProjectId projectId, Duration window, Instant from, StoredWindow current, Deadline deadline) {
    Instant baselineFrom = from.minus(window);
    String missing =
        current.aggregate() == null
            ? STORE_UNAVAILABLE
            // a baseline cut short by the store's bounds would compare a part with a whole
            : store.holdsEverythingIn(baselineFrom, from)
                ? null
                : Undercount.baselineCut(store.name());
    RegressionReport report = null;
    if (missing == null) {
      try {
        MetricsAggregate baseline =
            store.aggregate(
                FunctionNames.ORCHESTRATE, projectId.value(), baselineFrom, from, deadline);
        report =
            detector.compare(
                baseline,
                current.aggregate(),
                RegressionReport.PREVIOUS_WINDOW,
                null,
                baselineFrom,
                from);
      } catch (RuntimeException e) {
        LOG.warn("metrics store {} failed to aggregate the baseline window", store.name(), e);
        missing = STORE_UNAVAILABLE;
      }
    }
    if (report == null) {
      report =
          RegressionReport.noBaseline(
              RegressionReport.PREVIOUS_WINDOW, baselineFrom, from, detector.config(), missing);
    }
    regressionSink.publish(RegressionSink.REPORT, FunctionNames.ORCHESTRATE, report);
    return report;
  }

  /**
   * The stored window as reported, its aggregate (null when the store failed), and whether the
   * store still held all of it.
   */
  private record StoredWindow(
      PerformanceReport.History history, MetricsAggregate aggregate, boolean held) {}

  private static MetricsAggregate aggregateOf(PerformanceReport.History history) {
    return new MetricsAggregate(
        history.invocations(),
        history.errorRate(),
        history.coldStartRate(),
        history.components(),
        history.clientErrorRate());
  }
}
