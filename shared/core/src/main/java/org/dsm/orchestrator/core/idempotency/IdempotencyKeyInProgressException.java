package org.dsm.orchestrator.core.idempotency;

import org.dsm.orchestrator.core.error.OrchestratorException;

/**
 * A request with the same Idempotency-Key is still running (409); the caller should retry later.
 */
public final class IdempotencyKeyInProgressException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyInProgressException() {
    super("A request with this Idempotency-Key is in progress; retry later.", null);
  }

  @Override
  public int httpStatus() {
    return 409;
  }
}
