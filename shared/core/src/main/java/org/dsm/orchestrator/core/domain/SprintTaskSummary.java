package org.dsm.orchestrator.core.domain;

public record SprintTaskSummary(int totalTasks, int completedTasks, int pendingTasks) {
  /**
   * A sprint is done only when it had tasks and none is pending (an empty sprint is not
   * "complete").
   */
  public boolean allTasksDone() {
    return totalTasks > 0 && pendingTasks == 0;
  }
}
