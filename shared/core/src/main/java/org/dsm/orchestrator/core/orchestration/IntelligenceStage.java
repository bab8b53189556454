package org.dsm.orchestrator.core.orchestration;

import java.util.concurrent.CompletableFuture;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.history.HistoryFetcher;
import org.dsm.orchestrator.core.history.ProjectFeaturesFactory;
import org.dsm.orchestrator.core.history.ProjectHistory;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.pattern.PatternInput;

/**
 * Pattern analysis, confidence and data quality over the fetched Chronicle history. A Chronicle
 * failure degrades to "unavailable" with a warning naming the cause; the rule decision stands on
 * its own.
 */
final class IntelligenceStage {
  private final PatternEngine engine;

  IntelligenceStage(PatternEngine engine) {
    this.engine = engine;
  }

  IntelligenceOutcome analyse(
      ProjectId projectId,
      ProjectSnapshot snapshot,
      CompletableFuture<ProjectHistory> pendingHistory,
      Invocation invocation) {
    ProjectHistory history;
    try {
      history = HistoryFetcher.join(pendingHistory);
    } catch (OrchestratorException e) {
      if (!engine.config().fallbackToRulesOnFailure()) {
        throw e; // configured to fail the orchestration rather than decide on rules alone
      }
      return IntelligenceOutcome.unavailable(
          "Historical intelligence unavailable: " + e.getMessage());
    }
    PatternEngine.Insights insights =
        engine.analyzeWithInsights(
            new PatternInput(
                projectId,
                ProjectFeaturesFactory.of(snapshot),
                history.historicalProjects(),
                history.historyVersion(),
                history.velocity()),
            invocation);
    var quality =
        invocation.time(
            Operations.DATA_QUALITY_CHECK,
            () ->
                engine.dataQuality(history.patterns(), history.velocity(), history.impediments()));
    return new IntelligenceOutcome(
        IntelligenceOutcome.OK,
        insights.analysis(),
        insights.summary(),
        insights.confidence(),
        quality,
        java.util.List.of());
  }

  void invalidate(ProjectId projectId) {
    engine.invalidate(projectId);
  }
}
