package org.dsm.orchestrator.functions.api;

import java.time.Duration;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;

/**
 * The two core use cases the API calls, behind one seam so the edge is tested without the engines.
 * Each returns the response body object (serialised with the core's snake_case JSON) or throws an
 * OrchestratorException.
 */
public interface UseCases {
  Object orchestrate(OrchestrationRequest request, InvocationContext context);

  Object report(ProjectId projectId, Duration window, InvocationContext context);

  /**
   * The history page of a project over the window: an {@link HtmlPage}. Not every assembly serves
   * it (the priming stack does not).
   */
  default Object dashboard(ProjectId projectId, Duration window, InvocationContext context) {
    throw new UnsupportedOperationException("no history view in this assembly");
  }

  /**
   * Circuit state per DSM service (CLOSED, OPEN, HALF_OPEN) for the health endpoint; empty without
   * services.
   */
  default java.util.Map<String, String> dependencies() {
    return java.util.Map.of();
  }

  /**
   * Invocation records this instance could not store since it started (for the health endpoint).
   */
  default long metricsUnwritten() {
    return 0;
  }

  /**
   * Decision records of orchestrations that acted which a destination (Chronicle, the event stream)
   * did not take since this instance started (for the health endpoint).
   */
  default long decisionRecordsUnwritten() {
    return 0;
  }
}
