package org.dsm.orchestrator.core.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For Lambda: each record is written before {@link #record} returns, because a frozen sandbox would
 * strand anything left in a buffer. Retries per the policy; a record still unwritten is counted and
 * logged, never thrown. {@link #lastWriteMs()} lets the caller report the write as its own
 * component.
 */
public final class SynchronousMetricsRecorder implements MetricsRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(SynchronousMetricsRecorder.class);

  private final MetricsStore store;
  private final RetryPolicy retry;
  private final AtomicLong failed = new AtomicLong();
  private final UnwrittenRecords unwritten;
  private volatile double lastWriteMs;

  public SynchronousMetricsRecorder(
      MetricsStore store, RetryPolicy retry, UnwrittenRecords unwritten) {
    this.store = store;
    this.retry = retry;
    this.unwritten = unwritten;
  }

  public SynchronousMetricsRecorder(MetricsStore store, RetryPolicy retry) {
    this(store, retry, new UnwrittenRecords());
  }

  public SynchronousMetricsRecorder(MetricsStore store, UnwrittenRecords unwritten) {
    this(store, RetryPolicy.synchronousDefault(), unwritten);
  }

  public SynchronousMetricsRecorder(MetricsStore store) {
    this(store, RetryPolicy.synchronousDefault());
  }

  @Override
  public void record(InvocationRecord record) {
    record(record, Deadline.NONE);
  }

  /**
   * Writes {@code record} by {@code deadline} (see {@link RetryPolicy#write(MetricsStore, List,
   * Deadline)}). One not written is counted and logged at WARN with its content, one JSON line, so
   * that the log still holds what the store does not.
   */
  public void record(InvocationRecord record, Deadline deadline) {
    long start = System.nanoTime();
    RetryPolicy.Outcome outcome = retry.write(store, List.of(record), deadline);
    lastWriteMs = (System.nanoTime() - start) / 1e6;
    if (outcome.failure() != null) {
      unwritten.add(List.of(record));
      long total = failed.incrementAndGet();
      LOG.warn(
          "metrics record {} of {} not written to the {} store after {} attempt(s) ({} unwritten so far): {}; the record: {}",
          record.invocationId(),
          record.function(),
          store.name(),
          outcome.attempts(),
          total,
          outcome.failure().toString(),
          Json.write(record));
    }
  }

  /** Milliseconds the last {@link #record} spent writing, retries included. */
  public double lastWriteMs() {
    return lastWriteMs;
  }

  @Override
  public void flush() {
    // nothing is buffered
  }

  @Override
  public long failedRecords() {
    return failed.get();
  }
}
