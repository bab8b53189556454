package org.dsm.orchestrator.core.domain;

import java.time.LocalDate;

/**
 * One finished sprint's completed tasks, from its Chronicle retrospective. The dates are null when
 * the retrospective has none: Chronicle's retrospective dates are optional (rows written before
 * they were added, or posted without them), and its velocity answer then carries {@code null} for
 * both.
 */
public record VelocityPoint(
    String sprintId, LocalDate startDate, LocalDate endDate, int completedTasks) {

  /** Whether the sprint can be placed in time: both dates are known. */
  public boolean dated() {
    return startDate != null && endDate != null;
  }
}
