package org.dsm.orchestrator.core.error;

/**
 * The invocation's deadline left no time for its first irreversible action, so nothing was started
 * (503): the caller gets this answer instead of the gateway's bare timeout while a write may still
 * run, and a retry is safe.
 */
public final class DeadlineReachedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public DeadlineReachedException(String message) {
    super(message, null);
  }

  @Override
  public int httpStatus() {
    return 503;
  }
}
