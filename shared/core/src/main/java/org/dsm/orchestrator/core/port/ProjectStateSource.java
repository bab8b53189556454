package org.dsm.orchestrator.core.port;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;

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

  /**
   * The project's sprints as the sprint service lists them (its {@code GET
   * /sprints/by-project/{project}}: empty for a project it does not know). A source that cannot
   * read them alone loads the whole state.
   */
  default List<Sprint> sprints(ProjectId projectId) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return load(projectId, today, today).sprints();
  }
}
