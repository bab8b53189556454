package org.dsm.orchestrator.core.pattern;

import java.time.Clock;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.monitor.Invocation;

/**
 * Similarity, velocity trend and success detection over already-fetched data (reference section 5), each stage
 * timed through the invocation, results cached with a TTL and a size bound.
 */
public final class PatternEngine {
  public PatternEngine(IntelligenceConfig config, Clock clock) {}

  /** Times full_pattern_analysis and its stages (similarity_analysis, velocity_analysis, success_pattern_detection). */
  public PatternAnalysis analyze(PatternInput input, Invocation invocation) {
    throw new UnsupportedOperationException("TODO");
  }

  public String insightsSummary(PatternAnalysis analysis) {
    throw new UnsupportedOperationException("TODO");
  }

  public ConfidenceScore confidence(PatternAnalysis analysis) {
    throw new UnsupportedOperationException("TODO");
  }

  public DataQualityReport dataQuality(ProjectPatterns patterns, VelocityHistory velocity, ImpedimentSummary impediments) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Drops cached results of this project; called after the project's own actions changed its history. */
  public void invalidate(ProjectId projectId) {
    throw new UnsupportedOperationException("TODO");
  }
}
