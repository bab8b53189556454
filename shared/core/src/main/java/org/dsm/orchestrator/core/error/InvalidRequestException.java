package org.dsm.orchestrator.core.error;

/** The caller sent something we cannot accept (400). The message names the field and the limit. */
public final class InvalidRequestException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message, null);
  }

  @Override
  public int httpStatus() {
    return 400;
  }
}
