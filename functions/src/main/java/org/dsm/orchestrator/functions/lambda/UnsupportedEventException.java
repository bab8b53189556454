package org.dsm.orchestrator.functions.lambda;

/** An event this function does not accept; the message says why (shown in the 400's detail). */
final class UnsupportedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnsupportedEventException(String reason) {
    super(reason, null, false, false);
  }
}
