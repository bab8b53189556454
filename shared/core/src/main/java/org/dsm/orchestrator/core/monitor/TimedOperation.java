package org.dsm.orchestrator.core.monitor;

/**
 * Times a block with try-with-resources. The block counts as successful unless {@link
 * #fail(Throwable)} was called before {@link #close()}; prefer {@link Invocation#time(String,
 * ThrowingSupplier)} which does that for you. Closing twice records once, and {@code fail} after
 * {@code close} is ignored, so a catch block may fail and close a timer that the happy path already
 * closed. Used by one thread.
 */
public final class TimedOperation implements AutoCloseable {
  private final Invocation invocation;
  private final String operation;
  private final long startNanos;
  private String errorType;
  private boolean closed;

  TimedOperation(Invocation invocation, String operation, long startNanos) {
    this.invocation = invocation;
    this.operation = operation;
    this.startNanos = startNanos;
  }

  /** Marks the block as failed with the throwable's type; call from a catch block, then rethrow. */
  public void fail(Throwable error) {
    if (!closed) {
      errorType = errorType(error);
    }
  }

  /**
   * A stable snake_case code from the error's class, without the Exception/Error suffix
   * (DependencyUnavailableException → "dependency_unavailable", TimeoutException → "timeout"): it
   * appears in responses, which never show Java class names. Anonymous and local classes, which
   * have no simple name, are "error".
   */
  static String errorType(Throwable error) {
    if (error == null) {
      return "unknown_error";
    }
    String simple = error.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
    if (simple.isEmpty()) {
      return "error";
    }
    return simple
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    invocation.finished(operation, invocation.nanoTime() - startNanos, errorType);
  }
}
