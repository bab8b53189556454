package org.dsm.orchestrator.core.monitor;

/**
 * Times a block with try-with-resources. The block counts as successful unless {@link #fail(Throwable)} was called
 * before {@link #close()}; prefer {@link Invocation#time(String, ThrowingSupplier)} which does that for you.
 */
public final class TimedOperation implements AutoCloseable {
  TimedOperation() {}

  /** Marks the block as failed with the throwable's type; call from a catch block, then rethrow. */
  public void fail(Throwable error) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
