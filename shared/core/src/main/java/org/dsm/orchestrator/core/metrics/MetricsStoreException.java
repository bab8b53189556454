package org.dsm.orchestrator.core.metrics;

public final class MetricsStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetricsStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
