package org.dsm.orchestrator.core.orchestration;

import java.util.List;

/**
 * What the actions did. {@code warnings} hold failures that happened after (or instead of) a side
 * effect — they never turn the answer into an error, so a caller is not invited to retry something
 * half done. {@code cronjobCreated} is true only if a schedule was really created. {@code
 * assignedTasks} is the task count the sprint service reported for a sprint it created, or null
 * when no sprint was created.
 */
record ActionOutcome(
    List<String> actionsTaken,
    List<String> warnings,
    String sprintId,
    String scheduleName,
    boolean cronjobCreated,
    boolean cronjobDeleted,
    boolean stateChanged,
    Integer assignedTasks) {

  ActionOutcome {
    actionsTaken = List.copyOf(actionsTaken);
    warnings = List.copyOf(warnings);
  }
}
