package org.dsm.orchestrator.core.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each record to several recorders (e.g. the store and EMF); one failing never stops the
 * others.
 */
public final class CompositeMetricsRecorder implements MetricsRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeMetricsRecorder.class);

  private final List<MetricsRecorder> recorders;
  private final AtomicLong failed = new AtomicLong();

  public CompositeMetricsRecorder(List<MetricsRecorder> recorders) {
    this.recorders = List.copyOf(recorders);
  }

  @Override
  public void record(InvocationRecord record) {
    for (MetricsRecorder recorder : recorders) {
      try {
        recorder.record(record);
      } catch (RuntimeException e) { // recorders should not throw; if one does, count it and go on
        failed.incrementAndGet();
        LOG.warn(
            "metrics recorder {} failed on {}",
            recorder.getClass().getSimpleName(),
            record.invocationId(),
            e);
      }
    }
  }

  @Override
  public void flush() {
    recorders.forEach(MetricsRecorder::flush);
  }

  @Override
  public boolean flush(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    boolean all = true;
    for (MetricsRecorder recorder : recorders) {
      all &= recorder.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return all;
  }

  /** Failures of every recorder, plus those thrown at this composite. */
  @Override
  public long failedRecords() {
    return failed.get() + recorders.stream().mapToLong(MetricsRecorder::failedRecords).sum();
  }

  @Override
  public void close() {
    for (MetricsRecorder recorder : recorders) {
      try {
        recorder.close();
      } catch (RuntimeException e) {
        LOG.warn("closing metrics recorder {} failed", recorder.getClass().getSimpleName(), e);
      }
    }
  }

  public List<MetricsRecorder> recorders() {
    return recorders;
  }
}
