package org.dsm.orchestrator.core.orchestration;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.dsm.orchestrator.core.decision.Decision;
import org.dsm.orchestrator.core.decision.DecisionEngine;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.history.HistoryFetcher;
import org.dsm.orchestrator.core.history.ProjectHistory;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationInfo;
import org.dsm.orchestrator.core.invocation.MeteredInvocation;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.ThresholdChecker;
import org.dsm.orchestrator.core.monitor.ThresholdReport;
import org.dsm.orchestrator.core.monitor.TimedOperation;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.Analysis;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.Decisions;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.HistoricalContext;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.IntelligenceMetadata;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.PatternAnalysisView;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.PerformanceMetrics;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.slf4j.MDC;

/**
 * The orchestration use case: project state → rule decision → pattern analysis (observation only) →
 * actions, with {@code total_orchestration} timing all of it and one metrics record per invocation.
 */
public final class OrchestrationService {
  public static final String FUNCTION = FunctionNames.ORCHESTRATE;

  private final DsmPorts ports;
  private final DecisionEngine decisionEngine;
  private final IntelligenceStage intelligence;
  private final ActionExecutor actions;
  private final PerformanceMonitor monitor;
  private final ThresholdChecker thresholds;
  private final Monitoring monitoring;
  private final IntelligenceConfig intelligenceConfig;
  private final HistoryFetcher historyFetcher;
  private final Executor executor;
  private final Clock clock;
  private final DecisionRecorder records;

  public OrchestrationService(
      DsmPorts ports,
      DecisionEngine decisionEngine,
      PatternEngine patternEngine,
      IntelligenceConfig intelligenceConfig,
      Monitoring monitoring,
      Executor executor,
      Clock clock) {
    this.ports = ports;
    this.decisionEngine = decisionEngine;
    this.intelligence = new IntelligenceStage(patternEngine);
    this.actions = new ActionExecutor(ports.actions());
    this.monitor = monitoring.performance();
    this.thresholds = new ThresholdChecker(monitoring.thresholds());
    this.monitoring = monitoring;
    this.intelligenceConfig = intelligenceConfig;
    this.historyFetcher = new HistoryFetcher(ports.chronicle(), executor);
    this.executor = executor;
    this.clock = clock;
    this.records = new DecisionRecorder(ports.records());
  }

  /**
   * Decision records a destination did not take, or did not confirm, since start (each also a
   * warning and a log line).
   */
  public long unwrittenDecisionRecords() {
    return records.unwritten();
  }

  public OrchestrationResponse orchestrate(
      OrchestrationRequest request, InvocationContext context) {
    return orchestrate(request, context, FUNCTION);
  }

  /**
   * Recorded as an invocation of {@code function}: the benchmark's runs have a name of their own.
   */
  OrchestrationResponse orchestrate(
      OrchestrationRequest request, InvocationContext context, String function) {
    return orchestrate(request, context, function, failed -> {});
  }

  /**
   * As above; a failure first hands {@code onFailure} the components timed as its record holds
   * them, so the benchmark can count a failed run as the store does.
   */
  OrchestrationResponse orchestrate(
      OrchestrationRequest request,
      InvocationContext context,
      String function,
      java.util.function.Consumer<List<ComponentTiming>> onFailure) {
    MeteredInvocation metered =
        MeteredInvocation.begin(
            monitoring,
            function,
            Operations.TOTAL_ORCHESTRATION,
            context,
            request.projectId().value(),
            true);
    // warnings logged deep in a call (e.g. a write whose outcome is unknown) name the invocation
    boolean ownMdc = MDC.get(InvocationContext.MDC_INVOCATION_ID) == null;
    if (ownMdc) {
      MDC.put(InvocationContext.MDC_INVOCATION_ID, context.invocationId());
    }
    Result result;
    try {
      result = run(request, context, metered.invocation());
    } catch (RuntimeException | Error e) {
      metered.fail(e);
      onFailure.accept(metered.invocation().components());
      throw e;
    } finally {
      if (ownMdc) {
        MDC.remove(InvocationContext.MDC_INVOCATION_ID);
      }
    }
    return respond(request, metered, result, metered.succeed());
  }

  private Result run(
      OrchestrationRequest request, InvocationContext context, Invocation invocation) {
    ProjectId projectId = request.projectId();
    OrchestrationOptions options = request.options();
    // a schedule the configured scheduler cannot run is a 400 before anything is read or changed
    ports.actions().validateSchedule(options.schedule());
    boolean patterns =
        options.enablePatternRecognition() && intelligenceConfig.enablePatternRecognition();

    // Chronicle is read while the project state loads; it is only needed once the decision is made.
    CompletableFuture<ProjectHistory> history =
        patterns ? timedHistory(projectId, invocation) : null;
    ProjectSnapshot snapshot;
    try {
      LocalDate today = LocalDate.now(clock);
      snapshot =
          invocation.time(Operations.PROJECT_STATE_FETCH, () -> load(projectId, today, options));
    } catch (RuntimeException e) {
      if (history != null) {
        history.cancel(true);
      }
      throw e;
    }
    boolean scheduled =
        snapshot
            .activeSprint()
            .map(
                sprint ->
                    ports
                        .state()
                        .isDailyScrumScheduled(
                            projectId,
                            ScheduleNames.dailyScrum(projectId.value(), sprint.sprintId())))
            .orElse(false);
    Decision decision =
        invocation.time(
            Operations.RULE_DECISION,
            () ->
                decisionEngine.decide(
                    snapshot, options, scheduled, ports.actions().assignsAllUnassignedTasks()));
    IntelligenceOutcome intel =
        patterns
            ? intelligence.analyse(projectId, snapshot, history, invocation)
            : IntelligenceOutcome.disabled();
    ActionOutcome outcome =
        options.dryRun()
            ? null
            : invocation.time(
                Operations.ACTIONS,
                () -> actions.execute(projectId, decision, options, context.deadline()));
    if (outcome != null && outcome.stateChanged()) {
      intelligence.invalidate(projectId);
    }
    List<String> recordWarnings = List.of();
    // only orchestrations that act leave a record: not dry runs, not the benchmark's runs, not runs
    // that had nothing to do (each record counts as a daily-scrum report in Chronicle's analytics)
    if (outcome != null
        && !outcome.actionsTaken().isEmpty()
        && records.any()
        && !BenchmarkService.TRIGGER.equals(context.trigger())) {
      DecisionRecord record =
          decisionRecord(context, projectId, snapshot, decision, intel, outcome);
      recordWarnings =
          invocation.time(
              Operations.DECISION_RECORD, () -> records.record(record, context.deadline()));
    }
    return new Result(snapshot, decision, intel, outcome, recordWarnings);
  }

  /**
   * What the DSM keeps of an orchestration that acted: the decision, what was done and the warnings
   * so far; the sprint is the closed one for a closure, else the one created or running.
   */
  private DecisionRecord decisionRecord(
      InvocationContext context,
      ProjectId projectId,
      ProjectSnapshot snapshot,
      Decision decision,
      IntelligenceOutcome intel,
      ActionOutcome outcome) {
    String type =
        decision.sprintClosureTriggered()
            ? DecisionRecord.SPRINT_CLOSED
            : decision.createNewSprint()
                ? DecisionRecord.CREATE_NEW_SPRINT
                : DecisionRecord.NO_SPRINT_CREATED;
    List<String> warnings = new ArrayList<>(decision.warnings());
    warnings.addAll(intel.warnings());
    warnings.addAll(outcome.warnings());
    Instant now = clock.instant();
    return new DecisionRecord(
        context.invocationId(),
        projectId.value(),
        decision.sprintClosureTriggered() ? decision.sprintIdToClose() : outcome.sprintId(),
        LocalDate.ofInstant(now, java.time.ZoneOffset.UTC),
        now,
        type,
        reasoning(decision, intel),
        outcome.actionsTaken(),
        warnings,
        outcome.scheduleName(),
        decision.sprintClosureTriggered(),
        outcome.cronjobDeleted(),
        snapshot.teamSize(),
        snapshot.backlog().totalTasks(),
        snapshot.backlog().unassignedTasks(),
        snapshot.backlog().completedTasks());
  }

  private static String reasoning(Decision decision, IntelligenceOutcome intel) {
    return decision.reasoningText()
        + (intel.insightsSummary().isEmpty()
            ? ""
            : " Historical insights: " + intel.insightsSummary());
  }

  /**
   * The Chronicle reads, timed from their start to their end (as chronicle_fetch), on the pool
   * without blocking it.
   */
  private CompletableFuture<ProjectHistory> timedHistory(
      ProjectId projectId, Invocation invocation) {
    TimedOperation fetch = invocation.time(Operations.CHRONICLE_FETCH);
    // the caller joins this returned stage, so the timing is closed before the response is built
    return historyFetcher
        .fetchAsync(projectId)
        .whenComplete(
            (history, failure) -> {
              if (failure != null) {
                fetch.fail(
                    failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
              }
              fetch.close();
            });
  }

  private ProjectSnapshot load(ProjectId projectId, LocalDate today, OrchestrationOptions options) {
    return ports.state().load(projectId, today, today.plusWeeks(options.sprintDurationWeeks()));
  }

  private OrchestrationResponse respond(
      OrchestrationRequest request,
      MeteredInvocation metered,
      Result result,
      MeteredInvocation.Finished finished) {
    Invocation invocation = metered.invocation();
    ResourceUsage usage = finished.usage();
    ProjectSnapshot snapshot = result.snapshot();
    Decision decision = result.decision();
    IntelligenceOutcome intel = result.intelligence();
    ActionOutcome outcome = result.actions();

    List<String> warnings = new ArrayList<>(decision.warnings());
    warnings.addAll(intel.warnings());
    if (outcome != null) {
      warnings.addAll(outcome.warnings());
    }
    warnings.addAll(result.recordWarnings());
    String reasoning = reasoning(decision, intel);
    int similar = intel.analysis() == null ? 0 : intel.analysis().similarProjects().size();
    int dataPoints = intel.dataQuality() == null ? 0 : intel.dataQuality().historicalSprints();
    Decisions decisions =
        new Decisions(
            decision.createNewSprint(),
            // once a sprint was created, the count is the one the sprint service reports
            outcome == null || outcome.assignedTasks() == null
                ? decision.tasksToAssign()
                : outcome.assignedTasks(),
            outcome != null && outcome.cronjobCreated(), // a dry run created nothing
            reasoning,
            warnings,
            decision.sprintClosureTriggered(),
            outcome != null && outcome.cronjobDeleted(),
            decision.sprintName(),
            decision.sprintIdToClose(),
            decision.sprintId(),
            intel.confidenceScore(),
            Map.of(),
            new IntelligenceMetadata(dataPoints, similar, intel.confidenceScore(), 0));

    // one summary serves both places the response shows it (each summary walks a histogram)
    OperationStats patternStats = monitor.summary(Operations.FULL_PATTERN_ANALYSIS);
    PatternAnalysisView view =
        intel.analysis() == null ? null : PatternAnalysisView.of(intel.analysis(), patternStats);
    Analysis analysis =
        new Analysis(
            snapshot.backlog().totalTasks(),
            snapshot.backlog().unassignedTasks(),
            snapshot.activeSprintCount(),
            snapshot.teamSize(),
            snapshot.availability(),
            new HistoricalContext(
                intel.status(), view, intel.insightsSummary(), intel.dataQuality()));

    double totalMs = finished.totalMs();
    Double patternMs = patternAnalysisMs(invocation);
    PerformanceMetrics metrics =
        new PerformanceMetrics(
            patternStats,
            monitor.summary(Operations.TOTAL_ORCHESTRATION),
            usage,
            verdict(thresholds.evaluateInvocation(totalMs, patternMs, usage)));
    InvocationInfo info = metered.info(finished);

    List<String> taken = outcome == null ? List.of() : outcome.actionsTaken();
    List<String> planned = outcome == null ? DryRunPlan.of(decision) : List.of();
    String scheduleName = outcome == null ? null : outcome.scheduleName();
    String sprintId = outcome == null ? DryRunPlan.existingSprintId(decision) : outcome.sprintId();
    return new OrchestrationResponse(
        request.projectId().value(),
        analysis,
        decisions,
        taken,
        planned,
        scheduleName,
        sprintId,
        request.options().dryRun(),
        metrics,
        info);
  }

  /**
   * What pattern analysis cost this invocation: the computation, or the cache lookup that replaced
   * it; null when it did not run (pattern recognition off or Chronicle unavailable).
   */
  static Double patternAnalysisMs(Invocation invocation) {
    var analysis = invocation.component(Operations.FULL_PATTERN_ANALYSIS);
    var lookup = invocation.component(PatternEngine.PATTERN_CACHE_LOOKUP);
    if (analysis.isEmpty() && lookup.isEmpty()) {
      return null;
    }
    return analysis.map(c -> c.durationMs()).orElse(0.0)
        + lookup.map(c -> c.durationMs()).orElse(0.0);
  }

  /** The original service's flat shape, one boolean per threshold plus {@code thresholds_met}. */
  private static Map<String, Boolean> verdict(ThresholdReport report) {
    Map<String, Boolean> flat = new LinkedHashMap<>();
    report.checks().forEach(check -> flat.put(check.name(), check.met()));
    flat.put("thresholds_met", report.allMet());
    return flat;
  }

  private record Result(
      ProjectSnapshot snapshot,
      Decision decision,
      IntelligenceOutcome intelligence,
      ActionOutcome actions,
      List<String> recordWarnings) {}
}
