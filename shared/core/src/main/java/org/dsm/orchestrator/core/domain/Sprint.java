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

  public static final String COMPLETED = "completed";
  public static final String CLOSED_WITH_PENDING_TASKS = "closed_with_pending_tasks";

  public boolean inProgress() {
    return IN_PROGRESS.equals(status);
  }

  /**
   * Whether the sprint service closed it: one of the two statuses its close writes. Any other
   * status, including one never seen, is not taken as over (nothing is deleted on a guess).
   */
  public boolean over() {
    return COMPLETED.equals(status) || CLOSED_WITH_PENDING_TASKS.equals(status);
  }

  /**
   * The Sprint service's id of a project's sprint number {@code n}: "{project}-S{n}", at least two
   * digits (what {@code "%s-S%02d"} gives in the root locale, without a Formatter per call).
   */
  public static String numberedId(String projectId, int n) {
    return projectId + (n >= 0 && n < 10 ? "-S0" : "-S") + n;
  }
}
