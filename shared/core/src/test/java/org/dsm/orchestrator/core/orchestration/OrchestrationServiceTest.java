package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestration use case end to end over the embedded DSM: every decision path, dry run,
 * failures, metering.
 */
class OrchestrationServiceTest {
  private static final OrchestrationOptions DEFAULTS = OrchestrationOptions.DEFAULTS;
  private static final OrchestrationOptions DRY_RUN = DEFAULTS.withDryRun(true);

  private CoreAssembly core = CoreAssembly.embedded();
  private final java.util.concurrent.atomic.AtomicInteger calls =
      new java.util.concurrent.atomic.AtomicInteger();

  @AfterEach
  void close() {
    core.close();
  }

  private OrchestrationResponse orchestrate(String project, OrchestrationOptions options) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project), OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
        CoreAssembly.http("inv-" + calls.incrementAndGet()));
  }

  private List<InvocationRecord> stored() {
    return core.store
        .query(
            new MetricsStore.MetricsQuery(
                null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, null))
        .records();
  }

  private static List<String> operations(OrchestrationResponse response) {
    return response.invocation().components().stream().map(ComponentTiming::operation).toList();
  }

  @Test
  void dryRunDecidesButChangesNothing() {
    OrchestrationResponse first = orchestrate(EmbeddedDataset.TEST, DRY_RUN);
    OrchestrationResponse second = orchestrate(EmbeddedDataset.TEST, DRY_RUN);

    assertThat(first.dryRun()).isTrue();
    assertThat(first.actionsTaken()).isEmpty();
    assertThat(first.decisions().createNewSprint()).isTrue();
    assertThat(first.decisions().tasksToAssign()).isPositive();
    // what a real run would do is planned; nothing that does not exist is named as if it did
    assertThat(first.plannedActions())
        .containsExactly(
            "Create new sprint (proposed name " + first.decisions().sprintName() + ")",
            "Assign " + first.decisions().tasksToAssign() + " tasks to sprint",
            "Create cronjob for the new sprint (run-dailyscrum-test-001-"
                + first.decisions().sprintName().toLowerCase()
                + " if it is named as proposed)");
    assertThat(first.decisions().cronjobCreated()).isFalse();
    assertThat(first.sprintId()).isNull();
    assertThat(first.cronjobName()).isNull();
    // nothing was created, so the second dry run proposes the same sprint
    assertThat(second.decisions().createNewSprint()).isTrue();
    assertThat(second.decisions().sprintName()).isEqualTo(first.decisions().sprintName());
    assertThat(second.plannedActions()).isEqualTo(first.plannedActions());
  }

  @Test
  void aDryRunPlansWhatTheRealRunThenDoes() {
    for (String project : List.of(EmbeddedDataset.CLOSE, EmbeddedDataset.SELF_HEAL)) {
      OrchestrationResponse planned = orchestrate(project, DRY_RUN);
      OrchestrationResponse done = orchestrate(project, DEFAULTS);

      assertThat(planned.actionsTaken()).as(project).isEmpty();
      assertThat(planned.decisions().cronjobCreated()).as(project).isFalse();
      assertThat(planned.decisions().cronjobDeleted()).as(project).isFalse();
      assertThat(planned.cronjobName()).as(project).isNull();
      // the sprint named is one that exists: the one to close, or the active one
      assertThat(planned.sprintId()).as(project).isEqualTo(done.sprintId()).isNotNull();
      assertThat(planned.plannedActions())
          .as(project)
          .isEqualTo(
              done.actionsTaken().stream()
                  .map(a -> a.replaceFirst("^(Clos|Delet|Creat)ed ", "$1e "))
                  .toList());
      assertThat(done.plannedActions()).as(project).isEmpty();
    }
  }

  @Test
  void createsASprintOnceAndTheNextCallSeesIt() {
    OrchestrationResponse created = orchestrate(EmbeddedDataset.TEST, DEFAULTS);
    OrchestrationResponse again = orchestrate(EmbeddedDataset.TEST, DEFAULTS);

    assertThat(created.actionsTaken())
        .anyMatch(a -> a.startsWith("Created new sprint " + created.sprintId()));
    assertThat(created.actionsTaken())
        .anyMatch(a -> a.startsWith("Created cronjob " + created.cronjobName()));
    assertThat(created.decisions().tasksToAssign())
        .isLessThanOrEqualTo(DEFAULTS.maxTasksPerSprint());
    assertThat(created.cronjobName())
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
        .hasSizeLessThanOrEqualTo(52);
    assertThat(again.analysis().activeSprints()).isEqualTo(1);
    assertThat(again.decisions().createNewSprint()).isFalse();
    assertThat(again.actionsTaken()).noneMatch(a -> a.startsWith("Created new sprint"));
  }

  @Test
  void recreatesAMissingDailyScrumSchedule() {
    OrchestrationResponse healed = orchestrate(EmbeddedDataset.SELF_HEAL, DEFAULTS);

    assertThat(healed.decisions().createNewSprint()).isFalse();
    assertThat(healed.decisions().cronjobCreated()).isTrue();
    assertThat(healed.actionsTaken()).containsExactly("Created cronjob " + healed.cronjobName());
    assertThat(orchestrate(EmbeddedDataset.SELF_HEAL, DEFAULTS).actionsTaken()).isEmpty();
  }

  @Test
  void closesACompletedSprintAndDeletesItsSchedule() {
    OrchestrationResponse closed = orchestrate(EmbeddedDataset.CLOSE, DEFAULTS);

    assertThat(closed.decisions().sprintClosureTriggered()).isTrue();
    assertThat(closed.decisions().cronjobDeleted()).isTrue();
    assertThat(closed.actionsTaken()).first().asString().startsWith("Closed sprint ");
    assertThat(closed.actionsTaken()).anyMatch(a -> a.startsWith("Deleted cronjob "));
  }

  @Test
  void anEmptyActiveSprintIsNotComplete() {
    OrchestrationResponse response = orchestrate(EmbeddedDataset.EMPTY_SPRINT, DEFAULTS);

    assertThat(response.decisions().sprintClosureTriggered()).isFalse();
    assertThat(response.actionsTaken()).noneMatch(a -> a.startsWith("Closed sprint"));
  }

  @Test
  void availabilityConflictsBecomeWarnings() {
    OrchestrationResponse response = orchestrate(EmbeddedDataset.CONFLICT, DRY_RUN);

    assertThat(response.analysis().teamAvailability().conflicts()).isNotEmpty();
    assertThat(response.decisions().warnings()).isNotEmpty();
  }

  @Test
  void nothingToDoForASteadyOrIdleProject() {
    assertThat(orchestrate(EmbeddedDataset.STEADY, DEFAULTS).actionsTaken()).isEmpty();
    OrchestrationResponse idle = orchestrate(EmbeddedDataset.IDLE, DEFAULTS);
    assertThat(idle.decisions().createNewSprint()).isFalse();
    assertThat(idle.actionsTaken()).isEmpty();
  }

  @Test
  void patternRecognitionOffReallySkipsTheAnalysis() {
    var off =
        new OrchestrationOptions(
            true, true, true, OrchestrationOptions.DEFAULT_SCHEDULE, 2, 10, false, true);
    OrchestrationResponse response = orchestrate(EmbeddedDataset.TEST, off);

    assertThat(response.analysis().historicalContext().status()).isEqualTo("disabled");
    assertThat(operations(response))
        .doesNotContain(Operations.FULL_PATTERN_ANALYSIS, Operations.CHRONICLE_FETCH);
    assertThat(response.decisions().createNewSprint()).isTrue();
  }

  @Test
  void patternAnalysisIsTimedInsideTheWholeInvocation() {
    OrchestrationResponse response = orchestrate(EmbeddedDataset.TEST, DRY_RUN);

    assertThat(response.analysis().historicalContext().status()).isEqualTo("ok");
    assertThat(operations(response))
        .contains(
            Operations.TOTAL_ORCHESTRATION,
            Operations.PROJECT_STATE_FETCH,
            Operations.CHRONICLE_FETCH,
            Operations.RULE_DECISION,
            Operations.FULL_PATTERN_ANALYSIS,
            Operations.SIMILARITY_ANALYSIS);
    double total = response.invocation().totalDurationMs();
    // total_orchestration covers every other component: none can be longer than it;
    // the store write
    // of the record that holds the total comes after it, as its own component
    assertThat(response.invocation().components())
        .filteredOn(c -> !c.operation().equals(Operations.METRICS_STORE_WRITE))
        .allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(total));
    assertThat(operations(response))
        .endsWith(Operations.TOTAL_ORCHESTRATION, Operations.METRICS_STORE_WRITE);
    assertThat(response.performanceMetrics().performanceThresholdMet())
        .containsKeys(
            "total_under_2000ms",
            "pattern_analysis_under_1000ms",
            "memory_increase_under_100mb",
            "thresholds_met");
    assertThat(response.performanceMetrics().totalOrchestration().totalCalls()).isEqualTo(1);
  }

  @Test
  void everyInvocationLeavesOneRecordIncludingFailures() {
    orchestrate(EmbeddedDataset.TEST, DRY_RUN);
    assertThatThrownBy(() -> orchestrate("NOPE-404", DRY_RUN))
        .isInstanceOf(ProjectNotFoundException.class);

    List<InvocationRecord> records = stored();
    assertThat(records).hasSize(2);
    assertThat(records)
        .extracting(InvocationRecord::statusCode)
        .containsExactlyInAnyOrder(200, 404);
    InvocationRecord ok =
        records.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
    assertThat(ok.function()).isEqualTo(OrchestrationService.FUNCTION);
    assertThat(ok.projectId()).isEqualTo(EmbeddedDataset.TEST);
    assertThat(ok.componentDurationsMs())
        .containsKeys(Operations.TOTAL_ORCHESTRATION, Operations.FULL_PATTERN_ANALYSIS);
    assertThat(ok.totalDurationMs())
        .isEqualTo(ok.componentDurationsMs().get(Operations.TOTAL_ORCHESTRATION));
  }

  @Test
  void chronicleDownStillDecidesWithAWarningNamingTheCause() {
    EmbeddedDsm dsm = EmbeddedDsm.create();
    core.close();
    core = CoreAssembly.over(new DsmPorts(dsm, new DeadChronicle(), dsm));

    OrchestrationResponse response = orchestrate(EmbeddedDataset.TEST, DRY_RUN);

    assertThat(response.decisions().createNewSprint()).isTrue();
    assertThat(response.analysis().historicalContext().status()).isEqualTo("unavailable");
    assertThat(response.decisions().warnings()).anyMatch(w -> w.contains("chronicle"));
    assertThat(response.invocation().components())
        .anyMatch(c -> c.operation().equals(Operations.CHRONICLE_FETCH) && !c.success());
  }

  @Test
  void chronicleDownFailsTheOrchestrationWhenFallbackIsOff() {
    EmbeddedDsm dsm = EmbeddedDsm.create();
    core.close();
    core =
        new CoreAssembly(
            new DsmPorts(dsm, new DeadChronicle(), dsm),
            new InMemoryMetricsStore(),
            IntelligenceConfig.fromProperties(
                java.util.Map.of("fallback_to_rules_on_failure", "false")),
            ThresholdConfig.DEFAULTS);

    assertThatThrownBy(() -> orchestrate(EmbeddedDataset.TEST, DEFAULTS))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("chronicle");
    assertThat(
            dsm.load(
                    ProjectId.of(EmbeddedDataset.TEST),
                    java.time.LocalDate.now(),
                    java.time.LocalDate.now().plusWeeks(2))
                .activeSprintCount())
        .isZero();
  }

  @Test
  void aFailureAfterTheSprintWasCreatedIsReportedNotRaised() {
    EmbeddedDsm dsm = EmbeddedDsm.create();
    core.close();
    core = CoreAssembly.over(new DsmPorts(dsm, dsm, new SchedulerDown(dsm)));

    OrchestrationResponse response = orchestrate(EmbeddedDataset.TEST, DEFAULTS);

    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Created new sprint"));
    assertThat(response.decisions().warnings()).anyMatch(w -> w.contains("daily scrum schedule"));
    assertThat(response.decisions().cronjobCreated()).isFalse();
    // a retry only retries the schedule (its first and only side effect, so a 503 is safe to retry)
    // and never
    // creates a second sprint
    assertThatThrownBy(() -> orchestrate(EmbeddedDataset.TEST, DEFAULTS))
        .isInstanceOf(DependencyUnavailableException.class);
    OrchestrationResponse after = orchestrate(EmbeddedDataset.TEST, DRY_RUN);
    assertThat(after.analysis().activeSprints()).isEqualTo(1);
    assertThat(after.decisions().createNewSprint()).isFalse();
  }

  /**
   * A sprint id the daily-scrum event would refuse (here with a dot) gets no schedule: it would
   * fail on every run. The sprint itself is reported as created.
   */
  @Test
  void aSprintIdNoDailyScrumCanCarryGetsNoScheduleAndAWarning() {
    EmbeddedDsm dsm = EmbeddedDsm.create();
    List<String> scheduled = new java.util.ArrayList<>();
    ProjectActions dottedIds = new DottedSprintIds(dsm, scheduled);
    core.close();
    core = CoreAssembly.over(new DsmPorts(dsm, dsm, dottedIds));

    OrchestrationResponse response = orchestrate(EmbeddedDataset.TEST, DEFAULTS);

    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Created new sprint "));
    assertThat(scheduled).isEmpty();
    assertThat(response.decisions().cronjobCreated()).isFalse();
    assertThat(response.cronjobName()).isNull();
    assertThat(response.decisions().warnings())
        .anyMatch(
            w ->
                w.startsWith("Not created: daily scrum schedule for sprint ")
                    && w.contains(".S")
                    && w.contains("sprint_id must be 1 to 64 letters"));
  }

  /**
   * Regression: the Chronicle fan-out once blocked pool threads on tasks queued behind them (a
   * deadlock).
   */
  @Test
  void moreConcurrentOrchestrationsThanPoolThreadsAllComplete() throws Exception {
    core.close();
    core =
        new CoreAssembly(
            EmbeddedDsm.create().ports(),
            new InMemoryMetricsStore(),
            IntelligenceConfig.fromProperties(java.util.Map.of("pattern_cache_ttl_minutes", "0")),
            ThresholdConfig.DEFAULTS,
            2);
    var callers = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<OrchestrationResponse>> running =
          new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        running.add(callers.submit(() -> orchestrate(EmbeddedDataset.TEST, DRY_RUN)));
      }
      for (var future : running) {
        // a liveness bound, not a speed check: a deadlock never completes
        assertThat(
                future
                    .get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .analysis()
                    .historicalContext()
                    .status())
            .isEqualTo("ok");
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(stored()).hasSize(64);
  }

  @Test
  void benchmarkRecordsEachRunAndJudgesPercentiles() {
    BenchmarkResult result =
        core.benchmark.run(
            List.of(ProjectId.of(EmbeddedDataset.TEST), ProjectId.of(EmbeddedDataset.CLOSE)),
            3,
            BenchmarkService.newTrigger("local"));

    assertThat(result.invocations()).isEqualTo(6);
    assertThat(result.errors()).isZero();
    assertThat(result.verdict()).isEqualTo("pass");
    assertThat(stored())
        .hasSize(6)
        .allMatch(
            r ->
                r.trigger().equals(BenchmarkService.TRIGGER)
                    && r.function().equals(FunctionNames.ORCHESTRATE_BENCHMARK));
    // dry runs: the completed sprint is still there
    assertThat(orchestrate(EmbeddedDataset.CLOSE, DRY_RUN).decisions().sprintClosureTriggered())
        .isTrue();
  }

  private static final class DeadChronicle implements ChronicleAnalytics {
    private static DependencyUnavailableException down() {
      return new DependencyUnavailableException("chronicle", "connection refused", null);
    }

    @Override
    public ProjectPatterns patterns(ProjectId projectId) {
      throw down();
    }

    @Override
    public VelocityHistory velocity(ProjectId projectId) {
      throw down();
    }

    @Override
    public ImpedimentSummary impediments(ProjectId projectId) {
      throw down();
    }

    @Override
    public List<HistoricalProject> historicalProjects() {
      throw down();
    }
  }

  /** The embedded DSM's actions, each test's record overriding only what it changes. */
  private interface Forwarding extends ProjectActions {
    ProjectActions delegate();

    @Override
    default CreatedSprint createSprint(
        ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
      return delegate().createSprint(projectId, sprintName, durationWeeks, maxTasks);
    }

    @Override
    default ClosedSprint closeSprint(ProjectId projectId, String sprintId) {
      return delegate().closeSprint(projectId, sprintId);
    }

    @Override
    default String scheduleDailyScrum(
        ProjectId projectId, String sprintId, String scheduleName, String cron) {
      return delegate().scheduleDailyScrum(projectId, sprintId, scheduleName, cron);
    }

    @Override
    default String unscheduleDailyScrum(ProjectId projectId, String scheduleName) {
      return delegate().unscheduleDailyScrum(projectId, scheduleName);
    }
  }

  /** The sprint service answers ids with a dot; schedules are recorded, not made. */
  private record DottedSprintIds(ProjectActions delegate, List<String> scheduled)
      implements Forwarding {
    @Override
    public CreatedSprint createSprint(
        ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
      CreatedSprint created = delegate.createSprint(projectId, sprintName, durationWeeks, maxTasks);
      return new CreatedSprint(
          created.sprintId().replace("-S", ".S"), created.sprintName(), created.assignedTasks());
    }

    @Override
    public String scheduleDailyScrum(
        ProjectId projectId, String sprintId, String scheduleName, String cron) {
      scheduled.add(scheduleName);
      return null;
    }
  }

  /** Sprints work; the scheduler is down, so the daily scrum fails after the sprint was created. */
  private record SchedulerDown(ProjectActions delegate) implements Forwarding {
    @Override
    public String scheduleDailyScrum(
        ProjectId projectId, String sprintId, String scheduleName, String cron) {
      throw new DependencyUnavailableException("scheduler", "connection refused", null);
    }
  }
}
