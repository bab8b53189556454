package org.dsm.orchestrator.core.idempotency;

/** The idempotency storage could not be read or written (network, throttling, database down). */
public final class IdempotencyStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
