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

  /**
   * The Sprint service's id of a project's sprint number {@code n}: "{project}-S{n}", at least two
   * digits (what {@code "%s-S%02d"} gives in the root locale, without a Formatter per call).
   */
  public static String numberedId(String projectId, int n) {
    return projectId + (n >= 0 && n < 10 ? "-S0" : "-S") + n;
  }
}
