package org.dsm.orchestrator.core.orchestration;

import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.invocation.InvocationInfo;
import org.dsm.orchestrator.core.json.StreamedJson;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.pattern.DataQualityReport;
import org.dsm.orchestrator.core.pattern.PatternAnalysis;
import tools.jackson.core.JsonGenerator;

/**
 * The body of {@code POST /orchestrate/project/{id}}: the original service's shape plus {@code
 * dry_run}, {@code performance_metrics} and {@code invocation}. Serialised with snake_case names.
 * In a dry run {@code actions_taken} is empty, {@code planned_actions} lists what a real run would
 * do, {@code cronjob_created} is false and {@code cronjob_name} / {@code sprint_id} name only what
 * exists (the sprint it would close or the active one). Written by {@link
 * OrchestrationResponseJson}, the mapping's bytes without its reflection.
 */
public record OrchestrationResponse(
    String projectId,
    Analysis analysis,
    Decisions decisions,
    List<String> actionsTaken,
    List<String> plannedActions,
    String cronjobName,
    String sprintId,
    boolean dryRun,
    PerformanceMetrics performanceMetrics,
    InvocationInfo invocation)
    implements StreamedJson {

  @Override
  public void writeJson(JsonGenerator generator) {
    OrchestrationResponseJson.write(this, generator);
  }

  public record Analysis(
      int backlogTasks,
      int unassignedTasks,
      int activeSprints,
      int teamSize,
      TeamAvailability teamAvailability,
      HistoricalContext historicalContext) {}

  /**
   * {@code patternAnalysis} is null when pattern recognition was off or unavailable (see {@code
   * status}).
   */
  public record HistoricalContext(
      String status,
      PatternAnalysisView patternAnalysis,
      String insightsSummary,
      DataQualityReport dataQualityReport) {}

  /**
   * The pattern analysis plus the instance-wide full_pattern_analysis stats, as the original nested
   * them.
   */
  public record PatternAnalysisView(
      List<org.dsm.orchestrator.core.pattern.SimilarProject> similarProjects,
      org.dsm.orchestrator.core.pattern.VelocityTrend velocityTrends,
      org.dsm.orchestrator.core.pattern.SuccessIndicators successIndicators,
      OperationStats performanceMetrics) {

    public static PatternAnalysisView of(PatternAnalysis analysis, OperationStats stats) {
      return new PatternAnalysisView(
          analysis.similarProjects(),
          analysis.velocityTrends(),
          analysis.successIndicators(),
          stats);
    }
  }

  public record Decisions(
      boolean createNewSprint,
      int tasksToAssign,
      boolean cronjobCreated,
      String reasoning,
      List<String> warnings,
      boolean sprintClosureTriggered,
      boolean cronjobDeleted,
      String sprintName,
      String sprintIdToClose,
      String sprintId,
      double confidenceScore,
      Map<String, Object> dataDrivenAdjustments,
      IntelligenceMetadata intelligenceMetadata) {}

  public record IntelligenceMetadata(
      int historicalDataPoints,
      int similarProjectsAnalyzed,
      double predictionConfidence,
      int dataFreshnessHours) {}

  /**
   * {@code patternAnalysis} and {@code totalOrchestration} are instance-wide stats that include
   * this invocation; {@code performanceThresholdMet} judges this invocation's own durations.
   */
  public record PerformanceMetrics(
      OperationStats patternAnalysis,
      OperationStats totalOrchestration,
      ResourceUsage resourceUsage,
      Map<String, Boolean> performanceThresholdMet) {}
}
