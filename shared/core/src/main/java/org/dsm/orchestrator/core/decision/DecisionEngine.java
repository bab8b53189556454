package org.dsm.orchestrator.core.decision;

import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;

/** The rule-based decision; pure (no I/O). */
public final class DecisionEngine {
  /**
   * @param activeSprintScheduled whether the active sprint's daily-scrum schedule exists (ignored without an active sprint)
   */
  public Decision decide(ProjectSnapshot snapshot, OrchestrationOptions options, boolean activeSprintScheduled) {
    throw new UnsupportedOperationException("TODO");
  }
}
