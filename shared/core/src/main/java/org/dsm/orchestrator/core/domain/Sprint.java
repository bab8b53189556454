package org.dsm.orchestrator.core.domain;

import java.time.LocalDate;

/** A sprint of a project; statuses seen: in_progress, completed, closed_with_pending_tasks. */
public record Sprint(
    String sprintId,
    String projectId,
    String sprintName,
    LocalDate startDate,
    LocalDate endDate,
    int durationWeeks,
    String status) {

  public static final String IN_PROGRESS = "in_progress";

  public boolean inProgress() {
    return IN_PROGRESS.equals(status);
  }
}
