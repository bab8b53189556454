package org.dsm.orchestrator.core.idempotency;

import org.dsm.orchestrator.core.error.OrchestratorException;

/** The Idempotency-Key was first used with another request (different route or body) (422). */
public final class IdempotencyKeyReusedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyReusedException() {
    super("Idempotency-Key was already used with a different request.", null);
  }

  @Override
  public int httpStatus() {
    return 422;
  }
}
