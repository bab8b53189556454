package org.dsm.orchestrator.core.error;

/**
 * Base of every failure the core reports on purpose. Each subtype maps to exactly one HTTP status
 * at the edge, and its message is safe to show to a caller (no class names, no stack traces).
 */
public abstract class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected OrchestratorException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status this failure stands for, the same on Lambda and over HTTP. */
  public abstract int httpStatus();
}
