package org.dsm.orchestrator.core.orchestration;

import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;

/**
 * A validated orchestration request; {@code action} is always "analyze_and_orchestrate" (the only
 * action).
 */
public record OrchestrationRequest(
    ProjectId projectId, String action, OrchestrationOptions options) {
  public static final String ANALYZE_AND_ORCHESTRATE = "analyze_and_orchestrate";
}
