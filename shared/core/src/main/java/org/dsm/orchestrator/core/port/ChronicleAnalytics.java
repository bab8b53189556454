package org.dsm.orchestrator.core.port;

import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;

/**
 * The Chronicle service's analytics: a project's own history and the summaries of historical
 * projects. Implementations throw {@code DependencyUnavailableException} / {@code
 * DependencyBadResponseException} on failure; the orchestration degrades to rule-only decisions
 * when that happens.
 */
public interface ChronicleAnalytics {
  ProjectPatterns patterns(ProjectId projectId);

  VelocityHistory velocity(ProjectId projectId);

  ImpedimentSummary impediments(ProjectId projectId);

  /**
   * Summaries of historical projects for similarity; may exclude nothing (the engine skips the
   * target itself).
   */
  List<HistoricalProject> historicalProjects();

  /**
   * A number that changes whenever {@link #historicalProjects()} may have changed; caches key on
   * it. Sources that cannot tell return a constant and rely on the cache TTL.
   */
  default long historyVersion() {
    return 0L;
  }
}
