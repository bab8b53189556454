package org.dsm.orchestrator.core.pattern;

/**
 * The {@code intelligence} configuration block (reference 5.9), every key wired, defaults as documented.
 * {@code similarityTopN} and {@code patternCacheMaxEntries} are ours (the original had no limit).
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
    boolean fallbackToRulesOnFailure) {

  public static final IntelligenceConfig DEFAULTS =
      new IntelligenceConfig(true, true, true, 0.7, 5, 30, 30, 1000, 5, 0.6, 10, true);
}
