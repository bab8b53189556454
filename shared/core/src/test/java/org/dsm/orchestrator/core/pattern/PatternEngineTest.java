package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.fixtures.ParityFixture;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.junit.jupiter.api.Test;

class PatternEngineTest {
  private final PatternCacheTest.ManualClock clock = new PatternCacheTest.ManualClock();
  private final PerformanceMonitor monitor = new PerformanceMonitor(MonotonicClock.SYSTEM);

  private static PatternInput zep010(int teamSize) {
    return new PatternInput(
        ProjectId.of("ZEP010"),
        ParityFixture.originalTarget(teamSize),
        ParityFixture.PROJECTS,
        1L,
        ParityFixture.ZEP010_VELOCITY);
  }

  private static List<String> operations(Invocation invocation) {
    return invocation.components().stream().map(ComponentTiming::operation).toList();
  }

  private static IntelligenceConfig with(
      boolean historical, boolean predictive, boolean patterns, int minPoints, int cacheTtl) {
    return new IntelligenceConfig(
        historical, predictive, patterns, 0.7, 1000, 30, cacheTtl, 1000, minPoints, 0.6, 10, true);
  }

  @Test
  void theParityValuesComeOutOfTheEngine() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);

    PatternAnalysis analysis = engine.analyze(zep010(2), monitor.startInvocation());

    assertThat(analysis.similarProjects())
        .extracting(SimilarProject::similarityScore)
        .containsExactly(0.8086, 0.714);
    assertThat(engine.confidence(analysis).score()).isEqualTo(0.45);
    assertThat(engine.insightsSummary(analysis))
        .isEqualTo(
            "Found 2 similar projects. Team velocity trend is stable "
                + "(current: 3.0). Based on similar projects, success probability is 50% with optimal 6 tasks per sprint "
                + "and 11-week duration.");
  }

  @Test
  void aComputedAnalysisTimesEveryStage() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    Invocation invocation = monitor.startInvocation();

    PatternAnalysis analysis = engine.analyze(zep010(2), invocation);

    assertThat(analysis.cached()).isFalse();
    assertThat(operations(invocation))
        .containsExactly(
            PatternEngine.PATTERN_CACHE_LOOKUP,
            Operations.SIMILARITY_ANALYSIS,
            Operations.VELOCITY_ANALYSIS,
            Operations.SUCCESS_PATTERN_DETECTION,
            Operations.FULL_PATTERN_ANALYSIS);
    assertThat(monitor.summary(Operations.FULL_PATTERN_ANALYSIS).totalCalls()).isEqualTo(1);
  }

  @Test
  void aCacheHitIsMarkedAndKeptOutOfTheAnalysisTimings() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    PatternAnalysis first = engine.analyze(zep010(2), monitor.startInvocation());
    Invocation second = monitor.startInvocation();

    PatternAnalysis hit = engine.analyze(zep010(2), second);

    assertThat(hit.cached()).isTrue();
    assertThat(hit.similarProjects()).isEqualTo(first.similarProjects());
    assertThat(operations(second)).containsExactly(PatternEngine.PATTERN_CACHE_LOOKUP);
    assertThat(monitor.summary(Operations.FULL_PATTERN_ANALYSIS).totalCalls()).isEqualTo(1);
  }

  @Test
  void aCacheHitCarriesTheInsightsOfItsAnalysis() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    PatternEngine.Insights first = engine.analyzeWithInsights(zep010(2), monitor.startInvocation());
    engine.analyzeWithInsights(zep010(3), monitor.startInvocation()); // another entry between

    PatternEngine.Insights hit = engine.analyzeWithInsights(zep010(2), monitor.startInvocation());

    assertThat(hit.analysis().cached()).isTrue();
    assertThat(hit.summary())
        .isEqualTo(first.summary())
        .isEqualTo(engine.insightsSummary(hit.analysis()));
    assertThat(hit.confidence())
        .isEqualTo(first.confidence())
        .isEqualTo(engine.confidence(hit.analysis()));
    assertThat(engine.analyzeWithInsights(zep010(3), monitor.startInvocation()).summary())
        .isEqualTo(engine.insightsSummary(engine.analyze(zep010(3), monitor.startInvocation())));
  }

  @Test
  void otherFeaturesOrHistoryAreNotServedFromTheCache() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    engine.analyze(zep010(2), monitor.startInvocation());

    PatternAnalysis dummy = engine.analyze(zep010(0), monitor.startInvocation());
    PatternAnalysis newHistory =
        engine.analyze(
            new PatternInput(
                ProjectId.of("ZEP010"),
                ParityFixture.originalTarget(2),
                ParityFixture.PROJECTS,
                2L,
                ParityFixture.ZEP010_VELOCITY),
            monitor.startInvocation());

    assertThat(dummy.cached()).isFalse();
    assertThat(dummy.similarProjects())
        .extracting(SimilarProject::similarityScore)
        .containsExactly(0.7761, 0.7001);
    assertThat(newHistory.cached()).isFalse();
  }

  @Test
  void invalidateAndTtlForceARecomputation() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    engine.analyze(zep010(2), monitor.startInvocation());

    engine.invalidate(ProjectId.of("ZEP010"));
    assertThat(engine.analyze(zep010(2), monitor.startInvocation()).cached()).isFalse();
    assertThat(engine.analyze(zep010(2), monitor.startInvocation()).cached()).isTrue();

    clock.advance(Duration.ofMinutes(ParityFixture.SETTINGS.patternCacheTtlMinutes()));
    assertThat(engine.analyze(zep010(2), monitor.startInvocation()).cached()).isFalse();
  }

  @Test
  void analyzeFreshNeitherReadsNorFillsTheCache() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    engine.analyze(zep010(2), monitor.startInvocation());
    Invocation invocation = monitor.startInvocation();

    PatternAnalysis fresh = engine.analyzeFresh(zep010(2), invocation);

    assertThat(fresh.cached()).isFalse();
    assertThat(operations(invocation))
        .contains(Operations.FULL_PATTERN_ANALYSIS)
        .doesNotContain(PatternEngine.PATTERN_CACHE_LOOKUP);
    engine.invalidate(ProjectId.of("ZEP010"));
    engine.analyzeFresh(zep010(2), monitor.startInvocation());
    assertThat(engine.cachedResults()).isZero();
  }

  @Test
  void aZeroTtlDisablesTheCache() {
    var engine = new PatternEngine(with(true, true, true, 1, 0), clock);
    engine.analyze(zep010(2), monitor.startInvocation());
    assertThat(engine.analyze(zep010(2), monitor.startInvocation()).cached()).isFalse();
    assertThat(engine.cachedResults()).isZero();
  }

  @Test
  void theSwitchesGateTheirStages() {
    assertThat(
            new PatternEngine(with(true, true, false, 1, 30), clock)
                .analyze(zep010(2), monitor.startInvocation()))
        .isEqualTo(PatternAnalysis.EMPTY);

    PatternAnalysis noHistory =
        new PatternEngine(with(false, true, true, 1, 30), clock)
            .analyze(zep010(2), monitor.startInvocation());
    assertThat(noHistory.velocityTrends()).isNull();
    assertThat(noHistory.successIndicators()).isNotNull();

    var noPrediction = new PatternEngine(with(true, false, true, 1, 30), clock);
    PatternAnalysis analysis = noPrediction.analyze(zep010(2), monitor.startInvocation());
    assertThat(analysis.successIndicators()).isNull();
    assertThat(analysis.velocityTrends()).isNotNull();
    assertThat(noPrediction.confidence(analysis).score()).isZero();
  }

  @Test
  void tooFewSprintsGiveNoVelocityTrend() {
    var engine =
        new PatternEngine(
            new IntelligenceConfig(
                true, true, true, 0.7, 1000, 30, 30, 1000, 5, 0.6, 10, true, 3, 2),
            clock);
    assertThat(engine.analyze(zep010(2), monitor.startInvocation()).velocityTrends())
        .isNull(); // 2 sprints < 3
    var longer =
        new PatternInput(
            ProjectId.of("ZEP010"),
            ParityFixture.originalTarget(2),
            ParityFixture.PROJECTS,
            1L,
            ParityFixture.velocity(3, 4, 5));
    assertThat(engine.analyze(longer, monitor.startInvocation()).velocityTrends()).isNotNull();
  }

  @Test
  void topNLimitsTheSimilarProjects() {
    var config = new IntelligenceConfig(true, true, true, 0.0, 1, 30, 30, 1000, 1, 0.6, 10, true);
    PatternAnalysis analysis =
        new PatternEngine(config, clock).analyze(zep010(2), monitor.startInvocation());
    assertThat(analysis.similarProjects())
        .extracting(SimilarProject::projectId)
        .containsExactly("PROJ-456");
  }

  @Test
  void aFailingStageIsRecordedAsFailedAndPropagates() {
    var engine = new PatternEngine(ParityFixture.SETTINGS, clock);
    List<HistoricalProject> broken = new ArrayList<>(ParityFixture.PROJECTS);
    broken.add(null);
    Invocation invocation = monitor.startInvocation();

    assertThatThrownBy(
            () ->
                engine.analyze(
                    new PatternInput(
                        ProjectId.of("ZEP010"),
                        ParityFixture.originalTarget(2),
                        broken,
                        1L,
                        VelocityHistory.EMPTY),
                    invocation))
        .isInstanceOf(NullPointerException.class);
    assertThat(invocation.component(Operations.FULL_PATTERN_ANALYSIS))
        .hasValueSatisfying(c -> assertThat(c.success()).isFalse());
    assertThat(engine.cachedResults()).isZero();
  }

  @Test
  void concurrentAnalysesShareOneBoundedCache() throws Exception {
    var config = new IntelligenceConfig(true, true, true, 0.7, 5, 30, 30, 16, 1, 0.6, 10, true);
    var engine = new PatternEngine(config, clock);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<PatternAnalysis>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int project = i % 40;
        results.add(
            pool.submit(
                () ->
                    engine.analyze(
                        new PatternInput(
                            ProjectId.of("P" + project),
                            ParityFixture.originalTarget(2),
                            ParityFixture.PROJECTS,
                            1L,
                            VelocityHistory.EMPTY),
                        monitor.startInvocation())));
      }
      for (Future<PatternAnalysis> result : results) {
        assertThat(result.get().similarProjects())
            .extracting(SimilarProject::similarityScore)
            .containsExactly(0.8086, 0.714);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(engine.cachedResults()).isLessThanOrEqualTo(16);
  }
}
