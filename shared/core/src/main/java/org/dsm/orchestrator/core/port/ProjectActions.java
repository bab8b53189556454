package org.dsm.orchestrator.core.port;

import org.dsm.orchestrator.core.domain.ProjectId;

/**
 * The side effects an orchestration may perform. None are transactional: the use case reports each
 * one's outcome separately (flaw F10). Business refusals throw {@code ActionRejectedException}.
 */
public interface ProjectActions {
  /**
   * Starts a sprint with at most {@code maxTasks} of the unassigned tasks (flaw F5: the cap is
   * honoured).
   */
  CreatedSprint createSprint(
      ProjectId projectId, String sprintName, int durationWeeks, int maxTasks);

  ClosedSprint closeSprint(ProjectId projectId, String sprintId);

  void scheduleDailyScrum(ProjectId projectId, String sprintId, String scheduleName, String cron);

  void unscheduleDailyScrum(ProjectId projectId, String scheduleName);

  record CreatedSprint(String sprintId, String sprintName, int assignedTasks) {}

  record ClosedSprint(
      String sprintId, String status, int completedTasks, int tasksMovedToBacklog) {}
}
