package org.dsm.orchestrator.core.idempotency;

import org.dsm.orchestrator.core.error.OrchestratorException;

/**
 * A request with the same Idempotency-Key holds it without a stored answer (409): it still runs, or
 * it ended without its answer being stored and may have acted.
 */
public final class IdempotencyKeyInProgressException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyInProgressException() {
    super(
        "A request with this Idempotency-Key is in progress, or ended without its answer being"
            + " stored (it may have acted); it is not run again with this key: retry later, or"
            + " check the project's state and use a new key.",
        null);
  }

  @Override
  public int httpStatus() {
    return 409;
  }
}
