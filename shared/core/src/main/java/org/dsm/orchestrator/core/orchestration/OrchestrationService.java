package org.dsm.orchestrator.core.orchestration;

/**
 * The orchestration use case: analysis → decision → pattern analysis → actions, timed end to end.
 * Signature is settled: {@code OrchestrationResponse orchestrate(OrchestrationRequest request, InvocationContext context)}.
 */
public final class OrchestrationService {
  public OrchestrationResponse orchestrate(OrchestrationRequest request, InvocationContext context) {
    throw new UnsupportedOperationException("TODO");
  }
}
