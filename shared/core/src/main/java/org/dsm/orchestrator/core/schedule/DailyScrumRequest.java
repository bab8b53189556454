package org.dsm.orchestrator.core.schedule;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * One scheduled daily-scrum run: the sprint, and the day it is for (in the schedules' time zone),
 * which together identify the run for deduplication.
 */
public record DailyScrumRequest(ProjectId projectId, String sprintId, LocalDate date) {
  private static final Pattern VALID_SPRINT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public DailyScrumRequest {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(date, "date");
    if (sprintId == null || !VALID_SPRINT.matcher(sprintId).matches()) {
      throw new InvalidRequestException("sprint_id must be 1 to 64 letters, digits, '-' or '_'");
    }
  }

  /** The deduplication key: at most one run per sprint and day, across every instance. */
  public String dedupeKey() {
    return "daily-scrum:" + sprintId + ":" + date;
  }
}
