package org.dsm.orchestrator.core.error;

/**
 * A write to a DSM service timed out (or its connection broke after it was sent) and reading the
 * service's state back could not tell whether it took effect (504). The message says so, and that a
 * retry with the same {@code Idempotency-Key} is safe: a retry reads the project's state afresh, so
 * it does not repeat what already happened.
 */
public final class ActionOutcomeUnknownException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String service;

  public ActionOutcomeUnknownException(String service, String message, Throwable cause) {
    super(message, cause);
    this.service = service;
  }

  public String service() {
    return service;
  }

  @Override
  public int httpStatus() {
    return 504;
  }
}
