package org.dsm.orchestrator.core.data.embedded;

import java.time.LocalDate;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;

/** One sprint of an embedded project; mutated only under its project's lock. */
final class SprintState {
  final String sprintId;
  final String sprintName;
  final LocalDate startDate;
  final LocalDate endDate;
  final int durationWeeks;

  /**
   * The size the sprint started with (closing moves pending tasks out of {@link #assignedTasks});
   * grows while the Sprint service's step-by-step creation assigns tasks.
   */
  int plannedTasks;

  String status;
  int assignedTasks;
  int completedTasks;

  SprintState(
      String sprintId,
      String sprintName,
      LocalDate startDate,
      int durationWeeks,
      String status,
      int assignedTasks,
      int completedTasks) {
    this.sprintId = sprintId;
    this.sprintName = sprintName;
    this.startDate = startDate;
    this.endDate = startDate.plusWeeks(durationWeeks);
    this.durationWeeks = durationWeeks;
    this.plannedTasks = assignedTasks;
    this.status = status;
    this.assignedTasks = assignedTasks;
    this.completedTasks = completedTasks;
  }

  int plannedTasks() {
    return plannedTasks;
  }

  boolean inProgress() {
    return Sprint.IN_PROGRESS.equals(status);
  }

  Sprint toSprint(String projectId) {
    return new Sprint(sprintId, projectId, sprintName, startDate, endDate, durationWeeks, status);
  }

  SprintTaskSummary taskSummary() {
    return new SprintTaskSummary(assignedTasks, completedTasks, assignedTasks - completedTasks);
  }
}
