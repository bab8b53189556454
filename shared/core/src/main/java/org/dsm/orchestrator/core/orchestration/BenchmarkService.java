package org.dsm.orchestrator.core.orchestration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.RandomIds;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.regression.BenchmarkBaseline;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.core.regression.RegressionDetector;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled benchmark: N dry-run orchestrations over the configured projects, each recorded as
 * its own invocation of {@link #FUNCTION} with trigger "benchmark", judged against the thresholds
 * on their p95 (not an average), and compared with the previous run recorded in the store: a
 * regression of any component fails the verdict.
 *
 * <p>With a deadline (the time the invocation has left, from the edge: Lambda's {@code
 * Context.getRemainingTimeInMillis()}), it stops before an iteration it might not finish: when less
 * than twice the slowest iteration so far plus {@link #DEADLINE_MARGIN_MS} is left. The result then
 * says so ({@code stopped_early}, {@code iterations_run}, {@code stop_reason}) rather than being
 * cut off by the platform with no verdict at all.
 */
public final class BenchmarkService {
  public static final String TRIGGER = "benchmark";

  /**
   * What the dry runs are recorded under: a name of their own, so a project's history (bucketed by
   * function and project, not trigger) counts only its real orchestrations.
   */
  public static final String FUNCTION = FunctionNames.ORCHESTRATE_BENCHMARK;

  public static final int MAX_ITERATIONS = 1000;

  /** How far back the previous run is looked for. */
  static final Duration BASELINE_LOOKBACK = Duration.ofDays(30);

  static final String NO_REGRESSION_CHECK = "no_regression_against_previous_run";

  /**
   * Time kept after the last iteration for what follows it: the regression check, the verdict's EMF
   * line, the invocation's own record and the response.
   */
  public static final long DEADLINE_MARGIN_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkService.class);

  private final OrchestrationService orchestration;
  private final ThresholdConfig thresholds;
  private final MetricsStore store;
  private final RegressionDetector detector;
  private final RegressionSink regressionSink;
  private final Clock wallClock;

  /**
   * @param wallClock the clock the orchestrations' records are stamped with: the previous run is
   *     the one recorded before this run's start on that clock
   */
  public BenchmarkService(
      OrchestrationService orchestration,
      ThresholdConfig thresholds,
      MetricsStore store,
      RegressionConfig regressionConfig,
      RegressionSink regressionSink,
      Clock wallClock) {
    this.wallClock = wallClock;
    this.orchestration = orchestration;
    this.thresholds = thresholds;
    this.store = store;
    this.detector = new RegressionDetector(regressionConfig);
    this.regressionSink = regressionSink;
  }

  public BenchmarkResult run(List<ProjectId> projects, int iterations, InvocationContext trigger) {
    return run(projects, iterations, trigger, Deadline.UNBOUNDED);
  }

  /**
   * @param remainingMillis the milliseconds the invocation has left, read before each iteration
   *     (also how long each iteration took: the drop between two reads)
   */
  public BenchmarkResult run(
      List<ProjectId> projects,
      int iterations,
      InvocationContext trigger,
      LongSupplier remainingMillis) {
    if (projects.isEmpty() || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "benchmark needs at least one project and 1.." + MAX_ITERATIONS + " iterations");
    }
    Instant started = wallClock.instant();
    // read before this run records anything, so the baseline is the previous run
    BaselineLookup baseline =
        baseline(started, Deadline.reserving(remainingMillis, DEADLINE_MARGIN_MS));
    BucketAccumulator current = new BucketAccumulator();
    Histogram total = newHistogram();
    Histogram pattern = newHistogram();
    Map<String, Integer> errors = new LinkedHashMap<>();
    int runs = 0;
    OrchestrationOptions options = OrchestrationOptions.DEFAULTS.withDryRun(true);
    int iterationsRun = 0;
    String stopReason = null;
    long slowestMs = 0;
    long left = remainingMillis.getAsLong();
    for (int i = 0; i < iterations; i++) {
      if (left < 2 * slowestMs + DEADLINE_MARGIN_MS) {
        stopReason =
            "stopped after "
                + iterationsRun
                + " of "
                + iterations
                + " iterations: "
                + left
                + " ms left in the invocation, the slowest iteration took "
                + slowestMs
                + " ms (twice that plus a "
                + DEADLINE_MARGIN_MS
                + " ms margin is needed to start another)";
        LOG.warn("benchmark {} {}", trigger.invocationId(), stopReason);
        break;
      }
      for (ProjectId project : projects) {
        runs++;
        var context =
            new InvocationContext(
                trigger.invocationId() + "-" + runs, trigger.platform(), TRIGGER, false);
        List<ComponentTiming> failedTimings = new ArrayList<>();
        try {
          var response =
              orchestration.orchestrate(
                  new OrchestrationRequest(
                      project, OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
                  context,
                  FUNCTION,
                  failedTimings::addAll);
          total.recordValue(micros(response.invocation().totalDurationMs()));
          current.add(
              sample(
                  context,
                  project,
                  response.invocation().totalDurationMs(),
                  response.invocation().components(),
                  200,
                  null));
          // a cache hit replaces the analysis with a lookup: that lookup is what pattern analysis
          // cost this run
          response.invocation().components().stream()
              .filter(
                  c ->
                      c.operation().equals(Operations.FULL_PATTERN_ANALYSIS)
                          || c.operation().equals(PatternEngine.PATTERN_CACHE_LOOKUP))
              .mapToDouble(ComponentTiming::durationMs)
              .reduce(Double::sum)
              .ifPresent(ms -> pattern.recordValue(micros(ms)));
        } catch (OrchestratorException e) {
          errors.merge(project.value() + ": " + e.getMessage(), 1, Integer::sum);
          // as its stored record has it (the previous run, the baseline, is read from those):
          // its total is the failed total_orchestration, and the components timed before it
          current.add(
              sample(
                  context,
                  project,
                  failedTimings.stream()
                      .filter(t -> t.operation().equals(Operations.TOTAL_ORCHESTRATION))
                      .mapToDouble(ComponentTiming::durationMs)
                      .sum(),
                  failedTimings,
                  e.httpStatus(),
                  e.getClass().getSimpleName()));
        }
      }
      iterationsRun++;
      long now = remainingMillis.getAsLong();
      slowestMs = Math.max(slowestMs, left - now);
      left = now;
    }
    RegressionReport regressions =
        baseline.run() == null
            ? RegressionReport.noBaseline(
                RegressionReport.BENCHMARK, null, null, detector.config(), baseline.note())
            : detector.compare(
                baseline.run().aggregate(),
                current.toAggregate(),
                RegressionReport.BENCHMARK,
                baseline.run().runId(),
                baseline.run().from(),
                baseline.run().to());
    regressionSink.publish(RegressionSink.BENCHMARK, OrchestrationService.FUNCTION, regressions);
    return verdict(
        projects,
        iterations,
        new Progress(iterationsRun, stopReason),
        runs,
        total,
        pattern,
        errors,
        regressions);
  }

  /** How many iterations ran, and why the run stopped before the last (null: it did not). */
  private record Progress(int iterationsRun, String stopReason) {}

  /** The previous run, its reads ending by {@code deadline} (the invocation's, less the margin). */
  private BaselineLookup baseline(Instant before, Deadline deadline) {
    try {
      return BenchmarkBaseline.latest(store, FUNCTION, TRIGGER, before, BASELINE_LOOKBACK, deadline)
          // the first run after the upgrade: earlier builds recorded the runs under orchestrate
          .or(
              () ->
                  BenchmarkBaseline.latest(
                      store,
                      OrchestrationService.FUNCTION,
                      TRIGGER,
                      before,
                      BASELINE_LOOKBACK,
                      deadline))
          .map(run -> new BaselineLookup(run, null))
          .orElseGet(() -> new BaselineLookup(null, "no previous benchmark run stored"));
    } catch (RuntimeException e) {
      LOG.warn("metrics store {} failed to read the previous benchmark run", store.name(), e);
      return new BaselineLookup(
          null,
          deadline.leftMs() <= 0
              ? "previous benchmark run not read before this invocation's deadline"
              : "metrics store unavailable");
    }
  }

  /** The run's own view of one orchestration, aggregated as the store would aggregate it. */
  private InvocationRecord sample(
      InvocationContext context,
      ProjectId project,
      double totalMs,
      List<ComponentTiming> timings,
      int status,
      String errorType) {
    Map<String, Double> components = new LinkedHashMap<>();
    timings.forEach(t -> components.merge(t.operation(), t.durationMs(), Double::sum));
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        FUNCTION,
        context.invocationId(),
        project.value(),
        context.platform(),
        TRIGGER,
        false,
        wallClock.instant(),
        totalMs,
        components,
        status,
        errorType,
        0.0,
        0.0,
        null,
        context.principal(),
        null);
  }

  private record BaselineLookup(BenchmarkBaseline.Run run, String note) {}

  private BenchmarkResult verdict(
      List<ProjectId> projects,
      int iterations,
      Progress progress,
      int runs,
      Histogram total,
      Histogram pattern,
      Map<String, Integer> errors,
      RegressionReport regressions) {
    int failed = errors.values().stream().mapToInt(Integer::intValue).sum();
    double successRate = runs == 0 ? 0.0 : 100.0 * (runs - failed) / runs;
    var totalSummary = BenchmarkResult.Latency.of(total);
    var patternSummary = BenchmarkResult.Latency.of(pattern);
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put(
        "total_p95_under_" + fmt(thresholds.totalMs()) + "ms",
        totalSummary.p95Ms() < thresholds.totalMs());
    checks.put(
        "pattern_analysis_p95_under_" + fmt(thresholds.patternAnalysisMs()) + "ms",
        patternSummary.p95Ms() < thresholds.patternAnalysisMs());
    checks.put(
        "success_rate_over_" + fmt(thresholds.successRatePercent()) + "pct",
        successRate > thresholds.successRatePercent());
    checks.put(NO_REGRESSION_CHECK, !regressions.regressed());
    boolean pass = checks.values().stream().allMatch(Boolean::booleanValue);
    List<String> ids = new ArrayList<>();
    projects.forEach(p -> ids.add(p.value()));
    return new BenchmarkResult(
        ids,
        iterations,
        progress.iterationsRun(),
        progress.stopReason() != null,
        progress.stopReason(),
        runs,
        failed,
        successRate,
        totalSummary,
        patternSummary,
        checks,
        pass ? "pass" : "fail",
        errors,
        regressions);
  }

  static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static Histogram newHistogram() {
    return new Histogram(3_600_000_000L, 3); // microseconds up to one hour, 3 significant digits
  }

  private static long micros(double ms) {
    return Math.max(0L, Math.round(ms * 1000.0));
  }

  /** A benchmark run; {@code invocationId} of the trigger prefixes each run's own id. */
  public static InvocationContext newTrigger(String platform) {
    return new InvocationContext("benchmark-" + RandomIds.uuid(), platform, TRIGGER, false);
  }
}
