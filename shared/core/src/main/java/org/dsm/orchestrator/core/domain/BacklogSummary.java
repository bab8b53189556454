package org.dsm.orchestrator.core.domain;

/**
 * Backlog counts: all tasks of the project, those not yet in any sprint, and those completed (null
 * when the source does not report it).
 */
public record BacklogSummary(int totalTasks, int unassignedTasks, Integer completedTasks) {
  public BacklogSummary(int totalTasks, int unassignedTasks) {
    this(totalTasks, unassignedTasks, null);
  }
}
