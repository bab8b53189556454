package org.dsm.orchestrator.core.pattern;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.Operations;

/**
 * Similarity, velocity trend and success detection over already-fetched data, each stage timed
 * through the invocation, results cached with a TTL and a size bound. Thread-safe; one instance per
 * process.
 *
 * <p>Timing: {@code full_pattern_analysis} and its stages cover real computation only. A cache hit
 * is timed as {@link #PATTERN_CACHE_LOOKUP} (every lookup is) and returns a result with {@code
 * cached = true}, so hits never flatter the analysis figures.
 */
public final class PatternEngine {
  /**
   * The cache lookup before an analysis; hit or miss is told by {@link PatternAnalysis#cached()}.
   */
  public static final String PATTERN_CACHE_LOOKUP = "pattern_cache_lookup";

  private final IntelligenceConfig config;
  private final SimilarityAnalyzer similarity;
  private final DataQualityAssessor dataQuality;
  private final PatternCache cache;

  public PatternEngine(IntelligenceConfig config, Clock clock) {
    this.config = config;
    this.similarity =
        new SimilarityAnalyzer(
            config.similarityThreshold(),
            config.similarityTopN(),
            config.minSharedFeaturesForSimilarity());
    this.dataQuality = new DataQualityAssessor(config.minDataPointsForAnalysis());
    this.cache =
        config.patternCacheEnabled()
            ? new PatternCache(
                Duration.ofMinutes(config.patternCacheTtlMinutes()),
                config.patternCacheMaxEntries(),
                clock)
            : null;
  }

  public IntelligenceConfig config() {
    return config;
  }

  /** An analysis with what is derived from it alone: the insights text and the confidence. */
  public record Insights(PatternAnalysis analysis, String summary, ConfidenceScore confidence) {}

  /**
   * Times full_pattern_analysis and its stages (similarity_analysis, velocity_analysis,
   * success_pattern_detection).
   */
  public PatternAnalysis analyze(PatternInput input, Invocation invocation) {
    return analyzeWithInsights(input, invocation).analysis();
  }

  /**
   * {@link #analyze}, with the insights text and confidence: a cache hit returns those computed
   * with the analysis (they depend on it and on the engine's fixed configuration only), so a hit
   * derives nothing again.
   */
  public Insights analyzeWithInsights(PatternInput input, Invocation invocation) {
    if (cache == null || !config.enablePatternRecognition()) {
      return insights(analyzeFresh(input, invocation));
    }
    PatternCache.Key key =
        new PatternCache.Key(
            input.projectId(),
            input.target(),
            input.historyVersion(),
            input.velocity() == null ? VelocityHistory.EMPTY : input.velocity());
    Insights hit = invocation.time(PATTERN_CACHE_LOOKUP, () -> cache.get(key));
    if (hit != null) {
      return hit; // stored as served from the cache
    }
    Insights fresh = insights(analyzeFresh(input, invocation));
    cache.put(key, new Insights(fresh.analysis().asCached(), fresh.summary(), fresh.confidence()));
    return fresh;
  }

  private Insights insights(PatternAnalysis analysis) {
    return new Insights(analysis, insightsSummary(analysis), confidence(analysis));
  }

  /**
   * Always computes (never reads nor fills the cache): for the performance report and benchmarks.
   */
  public PatternAnalysis analyzeFresh(PatternInput input, Invocation invocation) {
    if (!config.enablePatternRecognition()) {
      return PatternAnalysis.EMPTY;
    }
    return invocation.time(Operations.FULL_PATTERN_ANALYSIS, () -> compute(input, invocation));
  }

  private PatternAnalysis compute(PatternInput input, Invocation invocation) {
    List<SimilarityAnalyzer.Match> matches =
        invocation.time(
            Operations.SIMILARITY_ANALYSIS,
            () ->
                similarity.findSimilar(
                    input.projectId().value(), input.target(), input.historicalProjects()));
    VelocityTrend velocity =
        invocation.time(Operations.VELOCITY_ANALYSIS, () -> velocityTrend(input.velocity()));
    SuccessIndicators success =
        invocation.time(
            Operations.SUCCESS_PATTERN_DETECTION,
            () ->
                config.enablePredictiveScoring() && !matches.isEmpty()
                    ? SuccessDetector.detect(matches, velocity)
                    : null);
    return new PatternAnalysis(
        matches.stream().map(SimilarityAnalyzer::toSimilarProject).toList(), velocity, success);
  }

  /**
   * Null when historical analysis is off or there are fewer dated finished sprints than {@code
   * min_sprints_for_velocity_trend} (default 1: the original analysed any non-empty series; the
   * trend's confidence says how little data there is). Sprints whose retrospective has no dates are
   * left out: a trend is over time, and Chronicle lists them after the dated ones (PostgreSQL sorts
   * nulls last), which would make an old sprint the "current" velocity. The data-quality report
   * counts them.
   */
  private VelocityTrend velocityTrend(VelocityHistory history) {
    if (!config.enableHistoricalAnalysis() || history == null) {
      return null;
    }
    List<VelocityPoint> dated = history.dated();
    if (dated.isEmpty() || dated.size() < config.minSprintsForVelocityTrend()) {
      return null;
    }
    return VelocityAnalyzer.analyze(dated);
  }

  public String insightsSummary(PatternAnalysis analysis) {
    return InsightsSummary.of(analysis);
  }

  public ConfidenceScore confidence(PatternAnalysis analysis) {
    if (!config.enablePredictiveScoring()) {
      return new ConfidenceScore(
          0.0, "Predictive scoring is disabled (intelligence.enable_predictive_scoring).");
    }
    return ConfidenceScorer.score(analysis, config.confidenceThreshold());
  }

  public DataQualityReport dataQuality(
      ProjectPatterns patterns, VelocityHistory velocity, ImpedimentSummary impediments) {
    return dataQuality.assess(patterns, velocity, impediments);
  }

  /**
   * Drops cached results of this project; called after the project's own actions changed its
   * history.
   */
  public void invalidate(ProjectId projectId) {
    if (cache != null) {
      cache.invalidate(projectId);
    }
  }

  /** Number of cached results (for tests and diagnostics). */
  public int cachedResults() {
    return cache == null ? 0 : cache.size();
  }
}
