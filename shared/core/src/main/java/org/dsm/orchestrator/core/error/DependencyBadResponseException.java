package org.dsm.orchestrator.core.error;

/** A DSM service answered, but with a status or body we cannot use (502). */
public final class DependencyBadResponseException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final int upstreamStatus;

  public DependencyBadResponseException(String service, int upstreamStatus, String reason) {
    super(
        service
            + " returned a bad response"
            + (upstreamStatus > 0 ? " (HTTP " + upstreamStatus + ")" : "")
            + ": "
            + reason,
        null);
    this.service = service;
    this.upstreamStatus = upstreamStatus;
  }

  public String service() {
    return service;
  }

  /** The status the service sent, or 0 when the body (not the status) was the problem. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  @Override
  public int httpStatus() {
    return 502;
  }
}
