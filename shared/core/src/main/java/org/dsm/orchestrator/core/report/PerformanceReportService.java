package org.dsm.orchestrator.core.report;

import java.time.Duration;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.orchestration.InvocationContext;

/**
 * The performance report use case: a fresh, timed, side-effect-free pattern analysis of the project, the
 * instance's stats, thresholds, recommendations and the stored history of every instance.
 */
public final class PerformanceReportService {
  public static final String FUNCTION = "performanceMetrics";
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  /** @throws org.dsm.orchestrator.core.error.ProjectNotFoundException for an unknown project */
  public PerformanceReport report(ProjectId projectId, Duration window, InvocationContext context) {
    throw new UnsupportedOperationException("TODO");
  }
}
