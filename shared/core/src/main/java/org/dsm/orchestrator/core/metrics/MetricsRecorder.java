package org.dsm.orchestrator.core.metrics;

import java.time.Duration;

/**
 * Hands invocation records to the store. Two policies: buffered (HTTP/Knative — off the response
 * path, batched, flushed on shutdown) and synchronous (Lambda — written before the handler returns,
 * because a frozen sandbox would strand a buffer). Never throws into the invocation: failures are
 * retried, then counted and logged.
 */
public interface MetricsRecorder extends AutoCloseable {
  void record(InvocationRecord record);

  /** Blocks until everything recorded so far was written or given up on. */
  void flush();

  /**
   * As {@link #flush()}, waiting at most {@code atMost}; false when something recorded before the
   * call was still on its way when the time ran out (a reader may then miss it).
   */
  default boolean flush(Duration atMost) {
    flush();
    return true;
  }

  /**
   * Records that could not be written after retries (never silently dropped: counted and logged).
   */
  long failedRecords();

  /**
   * True when {@link #record} only hands the record on and the caller's platform edge writes (and
   * times) it later, after the response is out: the hand-off is then not timed as the store write.
   */
  default boolean writesAfterResponse(InvocationRecord record) {
    return false;
  }

  /**
   * A recorder that does this one's work on a record into scratch targets, keeping and printing
   * nothing, so that priming can warm the write path without leaving a trace; null when there is
   * nothing worth rehearsing.
   */
  default MetricsRecorder rehearsal() {
    return null;
  }

  @Override
  default void close() {
    flush();
  }
}
