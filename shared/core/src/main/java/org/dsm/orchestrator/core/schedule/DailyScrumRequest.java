package org.dsm.orchestrator.core.schedule;

import java.time.LocalDate;
import java.util.Objects;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * One scheduled daily-scrum run: the sprint, and the day it is for (in the schedules' time zone),
 * which together identify the run for deduplication.
 */
public record DailyScrumRequest(ProjectId projectId, String sprintId, LocalDate date) {
  public DailyScrumRequest {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(date, "date");
    if (!ScheduleNames.isSchedulableSprintId(sprintId)) {
      throw new InvalidRequestException(ScheduleNames.SPRINT_ID_RULE);
    }
  }

  /** The deduplication key: at most one run per sprint and day, across every instance. */
  public String dedupeKey() {
    return "daily-scrum:" + sprintId + ":" + date;
  }
}
