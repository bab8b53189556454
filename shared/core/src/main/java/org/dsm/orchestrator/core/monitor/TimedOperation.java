package org.dsm.orchestrator.core.monitor;

/**
 * Times a block with try-with-resources. The block counts as successful unless {@link #fail(Throwable)} was called
 * before {@link #close()}; prefer {@link Invocation#time(String, ThrowingSupplier)} which does that for you.
 * Closing twice records once, and {@code fail} after {@code close} is ignored, so a catch block may fail and close
 * a timer that the happy path already closed. Used by one thread.
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

  /** The simple class name; anonymous and local classes have none, so they fall back to the full name. */
  static String errorType(Throwable error) {
    if (error == null) {
      return "UnknownError";
    }
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
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
