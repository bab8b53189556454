package org.dsm.orchestrator.core.error;

/** A DSM service could not be reached, timed out, or its circuit breaker is open (503). */
public final class DependencyUnavailableException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String service;

  public DependencyUnavailableException(String service, String reason, Throwable cause) {
    super(service + " unavailable: " + reason, cause);
    this.service = service;
  }

  public String service() {
    return service;
  }

  @Override
  public int httpStatus() {
    return 503;
  }
}
