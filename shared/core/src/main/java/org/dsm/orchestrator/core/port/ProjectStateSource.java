package org.dsm.orchestrator.core.port;

import java.time.LocalDate;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;

/**
 * Reads a project's current state from the project, backlog and sprint services.
 *
 * @throws org.dsm.orchestrator.core.error.ProjectNotFoundException when the project does not exist
 * @throws org.dsm.orchestrator.core.error.DependencyUnavailableException when a service cannot be
 *     reached in time
 * @throws org.dsm.orchestrator.core.error.DependencyBadResponseException when a service answers
 *     with garbage
 */
public interface ProjectStateSource {
  /** The availability check covers [windowStart, windowEnd], the planned sprint. */
  ProjectSnapshot load(ProjectId projectId, LocalDate windowStart, LocalDate windowEnd);

  /**
   * Whether the daily-scrum schedule with this name exists (the original's CronJob existence
   * check).
   */
  boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName);
}
