package org.dsm.orchestrator.core.error;

/**
 * A DSM service refused an action for a business reason (e.g. Sprint service 409 "A sprint is
 * already in progress"). Not an outage: the orchestration reports it as a warning instead of
 * failing.
 */
public final class ActionRejectedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public ActionRejectedException(String message) {
    super(message, null);
  }

  @Override
  public int httpStatus() {
    return 409;
  }
}
