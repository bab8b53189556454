package org.dsm.orchestrator.core.error;

/**
 * A backing service answered a write with a definite refusal (e.g. Kubernetes 403 Forbidden from
 * RBAC, 422 Invalid; EventBridge Scheduler AccessDeniedException, ValidationException): nothing was
 * done, and the message says so with the service's status. Not an outage, so not called
 * "unavailable"; the status stays 503 as for an outage (the API documents a 503 for a first side
 * effect that could not be done, after which a retry is safe).
 */
public final class DependencyRefusedException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String service;

  public DependencyRefusedException(String service, String reason, Throwable cause) {
    super(service + " refused " + reason + "; nothing was done", cause);
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
