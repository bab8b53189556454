package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntelligenceConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    IntelligenceConfig d = IntelligenceConfig.DEFAULTS;
    assertThat(d.enableHistoricalAnalysis()).isTrue();
    assertThat(d.enablePredictiveScoring()).isTrue();
    assertThat(d.enablePatternRecognition()).isTrue();
    assertThat(d.similarityThreshold()).isEqualTo(0.7);
    assertThat(d.cacheTtlMinutes()).isEqualTo(30);
    assertThat(d.patternCacheTtlMinutes()).isEqualTo(30);
    assertThat(d.minDataPointsForAnalysis()).isEqualTo(5);
    assertThat(d.confidenceThreshold()).isEqualTo(0.6);
    assertThat(d.chronicleTimeoutSeconds()).isEqualTo(10);
    assertThat(d.fallbackToRulesOnFailure()).isTrue();
    assertThat(IntelligenceConfig.fromProperties(Map.of())).isEqualTo(d);
  }

  @Test
  void everyKeyIsRead() {
    var config =
        IntelligenceConfig.fromProperties(
            Map.ofEntries(
                Map.entry("intelligence.enable_historical_analysis", "false"),
                Map.entry("enable_predictive_scoring", "FALSE"),
                Map.entry("enable_pattern_recognition", "false"),
                Map.entry("similarity_threshold", "0.5"),
                Map.entry("similarity_top_n", "3"),
                Map.entry("cache_ttl_minutes", "5"),
                Map.entry("pattern_cache_ttl_minutes", "0"),
                Map.entry("pattern_cache_max_entries", "10"),
                Map.entry("min_data_points_for_analysis", "2"),
                Map.entry("confidence_threshold", "0.4"),
                Map.entry("chronicle_timeout_seconds", "3"),
                Map.entry("fallback_to_rules_on_failure", "false")));

    assertThat(config)
        .isEqualTo(new IntelligenceConfig(false, false, false, 0.5, 3, 5, 0, 10, 2, 0.4, 3, false));
    assertThat(config.patternCacheEnabled()).isFalse();
    assertThat(IntelligenceConfig.KEYS)
        .hasSize(IntelligenceConfig.class.getRecordComponents().length);
  }

  @Test
  void badValuesAreRejectedNamingTheKey() {
    assertThatThrownBy(
            () -> IntelligenceConfig.fromProperties(Map.of("similarity_threshold", "1.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intelligence.similarity_threshold");
    assertThatThrownBy(() -> IntelligenceConfig.fromProperties(Map.of("similarity_top_n", "many")))
        .hasMessageContaining("intelligence.similarity_top_n");
    assertThatThrownBy(
            () -> IntelligenceConfig.fromProperties(Map.of("enable_pattern_recognition", "yes")))
        .hasMessageContaining("intelligence.enable_pattern_recognition");
    assertThatThrownBy(
            () -> IntelligenceConfig.fromProperties(Map.of("similarity_treshold", "0.5")))
        .hasMessageContaining("not a known key");
    assertThatThrownBy(
            () -> new IntelligenceConfig(true, true, true, 0.7, 0, 30, 30, 1000, 5, 0.6, 10, true))
        .hasMessageContaining("similarity_top_n");
    assertThatThrownBy(
            () ->
                new IntelligenceConfig(
                    true, true, true, Double.NaN, 5, 30, 30, 1000, 5, 0.6, 10, true))
        .hasMessageContaining("similarity_threshold");
    assertThatThrownBy(
            () -> new IntelligenceConfig(true, true, true, 0.7, 5, 30, 30, 1000, 0, 0.6, 10, true))
        .hasMessageContaining("min_data_points_for_analysis");
  }
}
