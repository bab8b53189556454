package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.UncappableAssignment;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.report.PerformanceReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestration over HTTP against a fake that behaves like the DSM services, inconvenient parts
 * included: sprint creation assigns every unassigned task, Chronicle sends placeholders for what it
 * does not know, the project service sends no domain or complexity. What the answer says must agree
 * with what the services then report.
 */
class DsmFidelityTest {
  private static final String TEST = EmbeddedDataset.TEST; // 12 unassigned tasks, 3 past sprints
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Warmed up: the report test compares durations with 1 s. */
  @RegisterExtension
  static final FakeDsmServerExtension dsm = FakeDsmServerExtension.withTimeout(TIMEOUT).warmedUp();

  private final FakeDsmServer server = dsm.server();

  private HttpDsmClient client;
  private CoreAssembly core;
  private int calls;

  @BeforeEach
  void assemble() {
    client = new HttpDsmClient(dsm.config());
    core = CoreAssembly.over(client.ports());
  }

  @AfterEach
  void closeCore() {
    core.close();
  }

  private OrchestrationResponse orchestrate(String project, OrchestrationOptions options) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project), OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
        CoreAssembly.http("fidelity-" + (++calls)));
  }

  /** What the services report now, read through the client (sprints, task summary, backlog). */
  private ProjectSnapshot servicesState(String project) {
    LocalDate today = LocalDate.now();
    return client.load(ProjectId.of(project), today, today.plusWeeks(2));
  }

  // ---- the task cap the sprint service cannot honour ----

  @Test
  void aCapTheServiceCannotHonourIsStatedBeforeActingAndTheAnswerAgreesWithTheServices() {
    OrchestrationResponse dryRun =
        orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true));

    assertThat(dryRun.decisions().createNewSprint()).isTrue();
    assertThat(dryRun.decisions().tasksToAssign()).isEqualTo(12);
    assertThat(dryRun.decisions().reasoning())
        .contains("the sprint service assigns all 12 unassigned tasks")
        .contains("max_tasks_per_sprint 10 cannot be honoured")
        .doesNotContain("capped");
    assertThat(dryRun.decisions().warnings())
        .anyMatch(w -> w.contains("will assign all 12 unassigned tasks to TEST-001-S04"));

    OrchestrationResponse acted = orchestrate(TEST, OrchestrationOptions.DEFAULTS);

    assertThat(acted.decisions().tasksToAssign()).isEqualTo(12);
    assertThat(acted.actionsTaken())
        .contains("Created new sprint TEST-001-S04", "Assigned 12 tasks to sprint");
    ProjectSnapshot after = servicesState(TEST);
    assertThat(after.activeSprint()).map(s -> s.sprintId()).contains("TEST-001-S04");
    assertThat(after.activeSprintTasks().totalTasks()).isEqualTo(12);
    assertThat(after.backlog().unassignedTasks()).isZero();
  }

  @Test
  void assignTasksFalseIsNotClaimedWhenTheServiceAssignsEverything() {
    var options = new OrchestrationOptions(true, false, true, "0 14 * * 1-5", 2, 5, true, false);

    OrchestrationResponse acted = orchestrate(TEST, options);

    assertThat(acted.decisions().reasoning())
        .doesNotContain("No tasks will be assigned")
        .contains("assign_tasks false cannot be honoured");
    assertThat(acted.decisions().warnings()).anyMatch(w -> w.contains("will assign all 12"));
    assertThat(acted.decisions().tasksToAssign()).isEqualTo(12);
    assertThat(acted.actionsTaken()).contains("Assigned 12 tasks to sprint");
    assertThat(servicesState(TEST).activeSprintTasks().totalTasks()).isEqualTo(12);
  }

  @Test
  void declineLeavesTheProjectUntouchedAndSaysWhy() {
    var options =
        OrchestrationOptions.DEFAULTS.withOnUncappableAssignment(UncappableAssignment.DECLINE);

    OrchestrationResponse response = orchestrate(TEST, options);

    assertThat(response.decisions().createNewSprint()).isFalse();
    assertThat(response.decisions().cronjobCreated()).isFalse();
    assertThat(response.actionsTaken()).isEmpty();
    assertThat(response.decisions().reasoning())
        .contains("Not creating sprint TEST-001-S04")
        .contains("on_uncappable_assignment is decline");
    assertThat(response.decisions().warnings()).anyMatch(w -> w.contains("not created"));
    ProjectSnapshot after = servicesState(TEST);
    assertThat(after.activeSprint()).isEmpty();
    assertThat(after.backlog().unassignedTasks()).isEqualTo(12);
    assertThat(server.requestLog()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void aCapAboveTheUnassignedCountNeedsNoWarning() {
    var options =
        new OrchestrationOptions(true, true, true, "0 14 * * 1-5", 2, 20, true, false)
            .withOnUncappableAssignment(UncappableAssignment.DECLINE);

    OrchestrationResponse acted = orchestrate(TEST, options);

    assertThat(acted.decisions().createNewSprint()).isTrue();
    assertThat(acted.decisions().warnings()).noneMatch(w -> w.contains("assign all"));
    assertThat(acted.actionsTaken()).contains("Assigned 12 tasks to sprint");
  }

  // ---- similarity on real data only ----

  @Test
  void chroniclePlaceholdersAreNotFeaturesSoNothingIsCalledSimilar() {
    // a lenient threshold: read as values, the placeholders made every candidate tie above it
    useIntelligence(withSimilarityThreshold(0.5));

    OrchestrationResponse response =
        orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true));

    var context = response.analysis().historicalContext();
    assertThat(context.status()).isEqualTo("ok");
    assertThat(context.patternAnalysis().similarProjects()).isEmpty();
    assertThat(context.patternAnalysis().successIndicators()).isNull();
    assertThat(context.insightsSummary()).doesNotContain("similar projects");
    assertThat(response.decisions().intelligenceMetadata().similarProjectsAnalyzed()).isZero();
  }

  @Test
  void aProjectWithoutATeamOrSprintsGetsNoMatches() {
    server.withoutTeam(EmbeddedDataset.NEW_PROJECT);

    OrchestrationResponse response =
        orchestrate(EmbeddedDataset.NEW_PROJECT, OrchestrationOptions.DEFAULTS.withDryRun(true));

    assertThat(response.analysis().teamSize()).isZero();
    assertThat(response.analysis().historicalContext().patternAnalysis().similarProjects())
        .isEmpty();
    assertThat(response.analysis().historicalContext().insightsSummary())
        .doesNotContain("similar projects");
    assertThat(response.decisions().confidenceScore()).isZero();
  }

  private void useIntelligence(IntelligenceConfig config) {
    core.close();
    core =
        new CoreAssembly(
            client.ports(), new InMemoryMetricsStore(), config, ThresholdConfig.DEFAULTS);
  }

  private static IntelligenceConfig withSimilarityThreshold(double threshold) {
    var d = IntelligenceConfig.DEFAULTS;
    return new IntelligenceConfig(
        true,
        true,
        true,
        threshold,
        d.similarityTopN(),
        d.cacheTtlMinutes(),
        d.patternCacheTtlMinutes(),
        d.patternCacheMaxEntries(),
        d.minDataPointsForAnalysis(),
        d.confidenceThreshold(),
        d.chronicleTimeoutSeconds(),
        d.fallbackToRulesOnFailure());
  }

  @Test
  void aChronicleWithoutNotesYetIsNoHistoryNotAnUnavailableIntelligence() {
    // a fresh deployment: Chronicle's similar-projects endpoint answers 500 "Internal Server
    // Error: " because nothing matches, while the project's own analytics answer normally
    server.withoutHistory();

    OrchestrationResponse response =
        orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true));

    var context = response.analysis().historicalContext();
    assertThat(context.status()).isEqualTo("ok");
    assertThat(context.patternAnalysis().similarProjects()).isEmpty();
    assertThat(context.patternAnalysis().velocityTrends()).isNotNull();
    assertThat(response.decisions().warnings())
        .noneMatch(w -> w.contains("Historical intelligence unavailable"));
  }

  // ---- velocity trend from the first finished sprint ----

  @Test
  void threeFinishedSprintsGiveAVelocityTrend() {
    OrchestrationResponse response =
        orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true));

    var trend = response.analysis().historicalContext().patternAnalysis().velocityTrends();
    assertThat(trend).isNotNull();
    assertThat(trend.currentTeamVelocity()).isEqualTo(9.0); // completed 6, 7, 9
    assertThat(trend.trendDirection()).isEqualTo("increasing");
    assertThat(trend.confidence()).isLessThanOrEqualTo(0.3); // three sprints are little data
    assertThat(response.analysis().historicalContext().insightsSummary())
        .contains("Team velocity trend is increasing (current: 9.0).");
    // the data-quality minimum is a separate key and still says the history is short
    assertThat(response.analysis().historicalContext().dataQualityReport().historicalSprints())
        .isEqualTo(3);
  }

  // ---- the per-project report ----

  @Test
  void aProjectsReportSpeaksOnlyOfThatProjectAndCountsNotFoundAsAClientError() {
    core.close();
    // a 5 s budget, far above what this project's orchestrations take even on a loaded machine;
    // another project's sprint service answer takes 6 s once (a client that waits for it)
    double budgetMs = 5000;
    client = new HttpDsmClient(server.config(Duration.ofSeconds(30)));
    core =
        new CoreAssembly(
            client.ports(),
            new InMemoryMetricsStore(),
            IntelligenceConfig.DEFAULTS,
            new ThresholdConfig(budgetMs, budgetMs, 100, 95));
    server
        .slowDelay(Duration.ofMillis(6000))
        .failPath("/sprints/by-project/" + EmbeddedDataset.STEADY, FakeDsmServer.Fault.SLOW);
    var dryRun = OrchestrationOptions.DEFAULTS.withDryRun(true);
    for (int i = 0; i < 3; i++) {
      orchestrate(TEST, dryRun);
      orchestrate(EmbeddedDataset.STEADY, dryRun);
      server.healAll(); // one slow call is enough
      String unknown = "NOPE-" + i;
      assertThatThrownBy(() -> orchestrate(unknown, dryRun))
          .isInstanceOf(ProjectNotFoundException.class);
    }

    PerformanceReport report =
        core.reports.report(ProjectId.of(TEST), Duration.ofHours(1), CoreAssembly.http("rep"));

    // the instance's figures (labelled as such) do hold the slow calls and the 404s ...
    var instanceTotal = report.instanceComponentMetrics().get("total_orchestration");
    assertThat(instanceTotal.totalCalls()).isEqualTo(9);
    assertThat(instanceTotal.maxDurationMs()).isGreaterThan(budgetMs);
    // ... but the project's own figures, thresholds and advice come from its own records only
    assertThat(report.componentMetrics().get("total").count()).isEqualTo(3);
    assertThat(report.componentMetrics().get("total").maxMs()).isLessThan(budgetMs);
    assertThat(report.recommendations())
        .containsExactly("Performance within acceptable thresholds");
    assertThat(report.performanceThresholds().allMet()).isTrue();
    assertThat(report.history().errorRate()).isZero();

    // a made-up id gets no history of its own (it would crowd real projects out of a bounded
    // store); the function's history counts its 404s as client errors, not failures of the service
    Instant until = Instant.now().plusSeconds(1);
    assertThat(
            core.store
                .aggregate(OrchestrationService.FUNCTION, "NOPE-2", Instant.EPOCH, until)
                .invocations())
        .isZero();
    var function = core.store.aggregate(OrchestrationService.FUNCTION, null, Instant.EPOCH, until);
    assertThat(function.invocations()).isEqualTo(9);
    assertThat(function.errorRate()).isZero();
    assertThat(function.clientErrorRate()).isEqualTo(3 / 9.0);
  }

  // ---- holiday / PTO notes only where a sprint is planned ----

  @Test
  void holidayNotesAppearOnlyOnDecisionsThatPlanASprint() {
    String project = EmbeddedDataset.CONFLICT;
    OrchestrationResponse planning = orchestrate(project, OrchestrationOptions.DEFAULTS);
    assertThat(planning.decisions().createNewSprint()).isTrue();
    assertThat(planning.decisions().reasoning()).startsWith("Note: Sprint timeline includes 2");
    assertThat(planning.decisions().warnings()).anyMatch(w -> w.contains("Founders Day"));

    // the sprint now runs with its schedule: nothing is planned, so no note
    OrchestrationResponse steady = orchestrate(project, OrchestrationOptions.DEFAULTS);
    assertThat(steady.decisions().createNewSprint()).isFalse();
    assertThat(steady.analysis().teamAvailability().hasConflicts()).isTrue();
    assertThat(steady.decisions().reasoning()).doesNotContain("holiday");
    assertThat(steady.decisions().warnings()).noneMatch(w -> w.contains("Founders Day"));
  }

  @Test
  void aRetrospectiveWithoutDatesIsCountedInTheDataQualityAndLeftOutOfTheVelocityTrend() {
    // Chronicle holds S01's retrospective without dates and lists it last: 7, 9, then 6
    server.withoutRetrospectiveDates("TEST-001-S01");

    OrchestrationResponse answer =
        orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true));

    var history = answer.analysis().historicalContext();
    assertThat(answer.decisions().warnings()).noneMatch(w -> w.contains(HttpDsmClient.CHRONICLE));
    assertThat(history.patternAnalysis()).isNotNull();
    // the trend is over the dated sprints only: an old sprint listed last is not "current"
    assertThat(history.patternAnalysis().velocityTrends().currentTeamVelocity()).isEqualTo(9.0);
    assertThat(history.patternAnalysis().velocityTrends().historicalRange())
        .containsExactly(7.0, 9.0);
    var quality = history.dataQualityReport();
    assertThat(quality.historicalSprints()).isEqualTo(3);
    assertThat(quality.avgCompletedTasksPerSprint()).isEqualTo(7.33);
    assertThat(quality.observationNote())
        .contains(
            "velocity over 3 sprint(s) (1 of them without dates, left out of the velocity trend)");
    assertThat(quality.recommendations())
        .anyMatch(
            r -> r.startsWith("1 sprint retrospective(s) in Chronicle have no start and end"));
  }
}
