package org.dsm.orchestrator.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.MeteredInvocation;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.regression.ComponentHierarchy;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionDetector;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * The history behind the dashboard: the window cut into at most {@value #SLICES} slices of whole
 * minutes (the stores' bucket size, so each slice merges stored partials instead of reading
 * records), each aggregated by the store exactly like the report's window, plus the regression
 * check of what it draws against the same span just before it.
 */
public final class PerformanceHistoryService {
  static final int SLICES = 48;

  /** The dashboard's own timing, recorded like every invocation of performanceMetrics. */
  public static final String PERFORMANCE_DASHBOARD = "performance_dashboard";

  private final ProjectStateSource state;
  private final MetricsStore store;
  private final ThresholdConfig thresholds;
  private final RegressionDetector detector;
  private final Monitoring monitoring;
  private final UnwrittenRecords unwritten;

  public PerformanceHistoryService(
      DsmPorts ports, MetricsStore store, Monitoring monitoring, RegressionConfig regression) {
    this(ports, store, monitoring, regression, new UnwrittenRecords());
  }

  /**
   * @param unwritten the records this instance's recorder could not store (a span they fall in is
   *     called incomplete)
   */
  public PerformanceHistoryService(
      DsmPorts ports,
      MetricsStore store,
      Monitoring monitoring,
      RegressionConfig regression,
      UnwrittenRecords unwritten) {
    this.unwritten = unwritten;
    this.state = ports.state();
    this.store = store;
    this.thresholds = monitoring.thresholds();
    this.detector = new RegressionDetector(regression);
    this.monitoring = monitoring;
  }

  /**
   * The history up to now, recorded as an invocation of {@code performanceMetrics}.
   *
   * @throws org.dsm.orchestrator.core.error.ProjectNotFoundException for an unknown project
   * @throws org.dsm.orchestrator.core.metrics.MetricsStoreException when the store fails (503)
   */
  public PerformanceHistory history(
      ProjectId projectId, Duration window, InvocationContext context) {
    MeteredInvocation metered =
        MeteredInvocation.begin(
            monitoring,
            PerformanceReportService.FUNCTION,
            PERFORMANCE_DASHBOARD,
            context,
            projectId.value(),
            false);
    PerformanceHistory history;
    boolean caughtUp = monitoring.metering().awaitRecorded(PerformanceReportService.AWAIT_RECORDED);
    try {
      history = history(projectId, window, metered.started(), context.deadline());
      if (!caughtUp) {
        history =
            history.withIncomplete(
                Undercount.stillOnTheirWay(store.name(), PerformanceReportService.AWAIT_RECORDED));
      }
    } catch (MetricsStoreException e) {
      // the page is the store's content: without it there is nothing to show (503, not 500)
      var unavailable =
          new DependencyUnavailableException(
              "metrics store " + store.name(),
              context.deadline().leftMs() <= 0
                  ? "its reads did not end before this invocation's deadline"
                  : "see the logs",
              e);
      metered.fail(unavailable);
      throw unavailable;
    } catch (RuntimeException | Error e) {
      metered.fail(e);
      throw e;
    }
    metered.succeed();
    return history;
  }

  /**
   * @throws org.dsm.orchestrator.core.error.ProjectNotFoundException for an unknown project
   */
  public PerformanceHistory history(ProjectId projectId, Duration window, Instant now) {
    return history(projectId, window, now, Deadline.NONE);
  }

  /** As above, each of the store's reads bounded by what is left of {@code deadline}. */
  public PerformanceHistory history(
      ProjectId projectId, Duration window, Instant now, Deadline deadline) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    state.load(projectId, today, today.plusWeeks(2)); // 404 for an unknown project
    Duration step = step(window);
    int count = slices(window, step);
    Instant to = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Instant from = to.minus(step.multipliedBy(count));
    String function = FunctionNames.ORCHESTRATE;
    List<PerformanceHistory.Slice> slices = new ArrayList<>(count);
    Set<String> components = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      Instant sliceFrom = from.plus(step.multipliedBy(i));
      Instant sliceTo = sliceFrom.plus(step);
      MetricsAggregate a =
          store.aggregate(function, projectId.value(), sliceFrom, sliceTo, deadline);
      components.addAll(a.components().keySet());
      slices.add(
          new PerformanceHistory.Slice(
              sliceFrom,
              sliceTo,
              a.invocations(),
              a.errorRate(),
              a.coldStartRate(),
              a.components()));
    }
    RegressionReport regressions = regressions(projectId, from, to, deadline);
    // as the report's history says: what may be missing from the figures drawn
    List<String> incomplete = new ArrayList<>();
    if (!store.holdsEverythingIn(from, to)) {
      incomplete.add(Undercount.sizeBoundsDropped(store.name(), "it"));
    }
    long lost = unwritten.inWindow(function, projectId.value(), from, to);
    if (lost > 0) {
      incomplete.add(Undercount.unconfirmed(lost, "it", ""));
    }
    List<String> ordered =
        components.stream()
            .sorted(Comparator.comparingInt(ComponentHierarchy::depth).thenComparing(c -> c))
            .toList();
    return new PerformanceHistory(
        projectId.value(),
        ReportWindow.format(window),
        from,
        to,
        store.name(),
        ordered,
        slices,
        thresholds,
        regressions,
        incomplete);
  }

  /**
   * What the page draws, [from, to), against the same span just before it. Not judged when the
   * store's size bounds dropped part of the baseline (as the report does): a part would be compared
   * with a whole.
   */
  private RegressionReport regressions(
      ProjectId projectId, Instant from, Instant to, Deadline deadline) {
    String function = FunctionNames.ORCHESTRATE;
    Instant baselineFrom = from.minus(Duration.between(from, to));
    if (!store.holdsEverythingIn(baselineFrom, from)) {
      return RegressionReport.noBaseline(
          RegressionReport.PREVIOUS_WINDOW,
          baselineFrom,
          from,
          detector.config(),
          Undercount.baselineCut(store.name()));
    }
    return detector.compare(
        store.aggregate(function, projectId.value(), baselineFrom, from, deadline),
        store.aggregate(function, projectId.value(), from, to, deadline),
        RegressionReport.PREVIOUS_WINDOW,
        null,
        baselineFrom,
        from);
  }

  /** window / SLICES rounded up to whole minutes (at least one). */
  static Duration step(Duration window) {
    long minutes = Math.max(1, ceilDiv(window.toSeconds(), SLICES * 60L));
    return Duration.ofMinutes(minutes);
  }

  /** Slices of {@code step} that cover the whole window (90 s takes two minutes, not one). */
  static int slices(Duration window, Duration step) {
    return (int) Math.max(1, ceilDiv(window.toSeconds(), step.toSeconds()));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
