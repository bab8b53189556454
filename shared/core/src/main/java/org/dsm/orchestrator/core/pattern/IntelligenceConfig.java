package org.dsm.orchestrator.core.pattern;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code intelligence} configuration block of the original service, every key wired, defaults
 * as there. {@code similarityTopN} and {@code patternCacheMaxEntries} are ours (the original had no
 * limit).
 *
 * <p>Where each key acts: {@code enable_pattern_recognition} gates the whole analysis (and the
 * orchestration's intelligence stage); {@code enable_historical_analysis} gates the velocity trend;
 * {@code enable_predictive_scoring} gates success detection and the confidence score; {@code
 * similarity_threshold} / {@code similarity_top_n} select similar projects; {@code
 * pattern_cache_ttl_minutes} / {@code pattern_cache_max_entries} bound the {@link PatternCache} (0
 * disables it); {@code min_data_points_for_analysis} is the number of finished sprints needed for
 * "sufficient history" in the data-quality report; {@code min_sprints_for_velocity_trend} (ours,
 * default 1: any finished sprint gives a trend, as in the original, whose confidence reflects how
 * few there are) gates the velocity trend; {@code min_shared_features_for_similarity} (ours,
 * default 2) is how many known features a project and a candidate must share to be compared at all;
 * {@code confidence_threshold} is the success probability above which success indicators add to the
 * confidence score (the original's 0.6); {@code cache_ttl_minutes} and {@code
 * chronicle_timeout_seconds} are for the Chronicle client (read cache TTL and per-call timeout);
 * {@code fallback_to_rules_on_failure} says whether a Chronicle/analysis failure degrades to the
 * rule decision with a warning (true) or fails the orchestration (false).
 */
public record IntelligenceConfig(
    boolean enableHistoricalAnalysis,
    boolean enablePredictiveScoring,
    boolean enablePatternRecognition,
    double similarityThreshold,
    int similarityTopN,
    int cacheTtlMinutes,
    int patternCacheTtlMinutes,
    int patternCacheMaxEntries,
    int minDataPointsForAnalysis,
    double confidenceThreshold,
    int chronicleTimeoutSeconds,
    boolean fallbackToRulesOnFailure,
    int minSprintsForVelocityTrend,
    int minSharedFeaturesForSimilarity) {

  public static final String PREFIX = "intelligence.";
  public static final int MAX_TOP_N = 1000;
  public static final int MAX_TTL_MINUTES = 24 * 60;
  public static final int MAX_CACHE_ENTRIES = 100_000;
  public static final int MAX_DATA_POINTS = 1000;
  public static final int MAX_TIMEOUT_SECONDS = 300;
  public static final int FEATURES = 4;

  public static final IntelligenceConfig DEFAULTS =
      new IntelligenceConfig(true, true, true, 0.7, 5, 30, 30, 1000, 5, 0.6, 10, true, 1, 2);

  /** The twelve keys of the original block; the velocity-trend and similarity minimums default. */
  public IntelligenceConfig(
      boolean enableHistoricalAnalysis,
      boolean enablePredictiveScoring,
      boolean enablePatternRecognition,
      double similarityThreshold,
      int similarityTopN,
      int cacheTtlMinutes,
      int patternCacheTtlMinutes,
      int patternCacheMaxEntries,
      int minDataPointsForAnalysis,
      double confidenceThreshold,
      int chronicleTimeoutSeconds,
      boolean fallbackToRulesOnFailure) {
    this(
        enableHistoricalAnalysis,
        enablePredictiveScoring,
        enablePatternRecognition,
        similarityThreshold,
        similarityTopN,
        cacheTtlMinutes,
        patternCacheTtlMinutes,
        patternCacheMaxEntries,
        minDataPointsForAnalysis,
        confidenceThreshold,
        chronicleTimeoutSeconds,
        fallbackToRulesOnFailure,
        1,
        2);
  }

  /**
   * The snake_case key names, in declaration order (as under {@code intelligence:} in the
   * configuration).
   */
  public static final List<String> KEYS =
      List.of(
          "enable_historical_analysis",
          "enable_predictive_scoring",
          "enable_pattern_recognition",
          "similarity_threshold",
          "similarity_top_n",
          "cache_ttl_minutes",
          "pattern_cache_ttl_minutes",
          "pattern_cache_max_entries",
          "min_data_points_for_analysis",
          "confidence_threshold",
          "chronicle_timeout_seconds",
          "fallback_to_rules_on_failure",
          "min_sprints_for_velocity_trend",
          "min_shared_features_for_similarity");

  public IntelligenceConfig {
    unit("similarity_threshold", similarityThreshold);
    unit("confidence_threshold", confidenceThreshold);
    range("similarity_top_n", similarityTopN, 1, MAX_TOP_N);
    range("cache_ttl_minutes", cacheTtlMinutes, 0, MAX_TTL_MINUTES);
    range("pattern_cache_ttl_minutes", patternCacheTtlMinutes, 0, MAX_TTL_MINUTES);
    range("pattern_cache_max_entries", patternCacheMaxEntries, 0, MAX_CACHE_ENTRIES);
    range("min_data_points_for_analysis", minDataPointsForAnalysis, 1, MAX_DATA_POINTS);
    range("chronicle_timeout_seconds", chronicleTimeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
    range("min_sprints_for_velocity_trend", minSprintsForVelocityTrend, 1, MAX_DATA_POINTS);
    range("min_shared_features_for_similarity", minSharedFeaturesForSimilarity, 1, FEATURES);
  }

  /** Whether pattern results are cached at all (a zero TTL or size turns the cache off). */
  public boolean patternCacheEnabled() {
    return patternCacheTtlMinutes > 0 && patternCacheMaxEntries > 0;
  }

  /**
   * Reads the block from string properties keyed by the snake_case names (with or without the
   * {@code intelligence.} prefix); missing keys take their default, unknown keys and bad values are
   * rejected naming the key.
   */
  public static IntelligenceConfig fromProperties(Map<String, String> properties) {
    Map<String, String> values = new LinkedHashMap<>();
    properties.forEach(
        (key, value) -> {
          String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
          if (!KEYS.contains(name)) {
            throw new IllegalArgumentException(
                PREFIX + name + " is not a known key; known: " + KEYS);
          }
          values.put(name, value == null ? "" : value.trim());
        });
    IntelligenceConfig d = DEFAULTS;
    return new IntelligenceConfig(
        read(
            values,
            "enable_historical_analysis",
            d.enableHistoricalAnalysis(),
            IntelligenceConfig::bool),
        read(
            values,
            "enable_predictive_scoring",
            d.enablePredictiveScoring(),
            IntelligenceConfig::bool),
        read(
            values,
            "enable_pattern_recognition",
            d.enablePatternRecognition(),
            IntelligenceConfig::bool),
        read(values, "similarity_threshold", d.similarityThreshold(), Double::parseDouble),
        read(values, "similarity_top_n", d.similarityTopN(), Integer::parseInt),
        read(values, "cache_ttl_minutes", d.cacheTtlMinutes(), Integer::parseInt),
        read(values, "pattern_cache_ttl_minutes", d.patternCacheTtlMinutes(), Integer::parseInt),
        read(values, "pattern_cache_max_entries", d.patternCacheMaxEntries(), Integer::parseInt),
        read(
            values,
            "min_data_points_for_analysis",
            d.minDataPointsForAnalysis(),
            Integer::parseInt),
        read(values, "confidence_threshold", d.confidenceThreshold(), Double::parseDouble),
        read(values, "chronicle_timeout_seconds", d.chronicleTimeoutSeconds(), Integer::parseInt),
        read(
            values,
            "fallback_to_rules_on_failure",
            d.fallbackToRulesOnFailure(),
            IntelligenceConfig::bool),
        read(
            values,
            "min_sprints_for_velocity_trend",
            d.minSprintsForVelocityTrend(),
            Integer::parseInt),
        read(
            values,
            "min_shared_features_for_similarity",
            d.minSharedFeaturesForSimilarity(),
            Integer::parseInt));
  }

  private static <T> T read(
      Map<String, String> values, String key, T fallback, Function<String, T> parse) {
    String text = values.get(key);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + key + " has an invalid value '" + text + "'", e);
    }
  }

  private static Boolean bool(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.valueOf(text);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  private static void unit(String key, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(PREFIX + key + " must be between 0 and 1, got " + value);
    }
  }

  private static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          PREFIX + key + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
