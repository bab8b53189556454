package org.dsm.orchestrator.functions.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.BufferedMetricsRecorder;
import org.dsm.orchestrator.core.metrics.CompositeMetricsRecorder;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;

/**
 * Wraps the instance's recorder so an invocation served by a platform handler ({@link
 * LambdaHandler}, the HTTP controller) is recorded with the total the handler measured (entry →
 * response serialised; over HTTP before a byte of it is sent), which the use case cannot know when
 * it hands over its record. Such a record is held in the {@link HandlerScope} and written when the
 * handler has the response. On Lambda the write is synchronous and still inside the handler, so the
 * caller and Lambda's billed duration wait for it; a record cannot hold its own write, so that time
 * is timed as {@code metrics_store_write} in the instance's stats and the EMF line instead. Over
 * HTTP the record goes to the buffer, whose writer times its batch writes under that name. Records
 * of priming calls take the same path into a rehearsal: a scratch in-memory store and followers
 * that write nowhere. Priming leaves nothing in the store or the EMF log, yet the first invocation
 * after a SnapStart restore finds the write path (deferred write, store code, EMF formatting)
 * loaded and compiled; dropping those records left it cold, about 15 ms of class loading and
 * interpretation on that invocation. Anything else (other threads, benchmark runs) passes straight
 * through.
 */
public final class AfterResponseRecorder implements MetricsRecorder {
  private final MetricsRecorder store;
  private final List<MetricsRecorder> followers;
  private final MetricsRecorder delegate;
  private final AfterResponseRecorder rehearsal;
  private final AtomicLong deferredWrites = new AtomicLong();
  private volatile PerformanceMonitor monitor;

  /**
   * @param store writes to the metrics store
   * @param followers get each record after the store (the EMF line); a record written after the
   *     response reaches them with its store write's duration as a component
   */
  public AfterResponseRecorder(MetricsRecorder store, List<MetricsRecorder> followers) {
    this(
        store,
        followers,
        new AfterResponseRecorder(
            new SynchronousMetricsRecorder(new InMemoryMetricsStore()),
            followers.stream().map(MetricsRecorder::rehearsal).filter(Objects::nonNull).toList(),
            null));
  }

  private AfterResponseRecorder(
      MetricsRecorder store, List<MetricsRecorder> followers, AfterResponseRecorder rehearsal) {
    this.store = store;
    this.followers = List.copyOf(followers);
    List<MetricsRecorder> all = new ArrayList<>();
    all.add(store);
    all.addAll(followers);
    this.delegate = all.size() == 1 ? store : new CompositeMetricsRecorder(all);
    this.rehearsal = rehearsal;
  }

  /** The instance's monitor, where the deferred writes are timed. */
  public void timeWritesIn(PerformanceMonitor monitor) {
    this.monitor = monitor;
    if (store instanceof BufferedMetricsRecorder buffered) {
      buffered.timeWritesWith(write -> time(monitor, write));
    }
  }

  @Override
  public void record(InvocationRecord record) {
    HandlerScope scope = HandlerScope.current();
    if (scope != null && scope.priming()) {
      if (rehearsal != null && scope.owns(record)) {
        scope.defer(record, rehearsal);
      }
      return;
    }
    if (scope != null && scope.owns(record)) {
      scope.defer(record, this);
      return;
    }
    delegate.record(record);
  }

  @Override
  public boolean writesAfterResponse(InvocationRecord record) {
    HandlerScope scope = HandlerScope.current();
    return scope != null && (scope.priming() || scope.owns(record));
  }

  /** Deferred records written so far (for the rehearsal: priming's records). */
  long deferredWrites() {
    return deferredWrites.get();
  }

  AfterResponseRecorder primingRehearsal() {
    return rehearsal;
  }

  /**
   * Writes a held-back record; a synchronous store write ends by {@code deadline} (one it cannot
   * finish is counted and logged as unwritten by the store's recorder). The followers (the EMF
   * line) get the record either way.
   */
  void writeNow(InvocationRecord record, Deadline deadline) {
    deferredWrites.incrementAndGet();
    if (store instanceof BufferedMetricsRecorder) { // a hand-off: its writer times the writes
      store.record(record);
      followers.forEach(follower -> follower.record(record));
      return;
    }
    PerformanceMonitor m = monitor;
    Runnable write =
        store instanceof SynchronousMetricsRecorder synchronous
            ? () -> synchronous.record(record, deadline)
            : () -> store.record(record);
    double writeMs = time(m != null ? m : new PerformanceMonitor(), write);
    InvocationRecord withWrite = record.withComponent(Operations.METRICS_STORE_WRITE, writeMs);
    for (MetricsRecorder follower : followers) {
      follower.record(withWrite);
    }
  }

  /** Runs a store write timed as {@code metrics_store_write} in {@code monitor}; its ms. */
  private static double time(PerformanceMonitor monitor, Runnable write) {
    Invocation invocation = monitor.startInvocation();
    invocation.time(
        Operations.METRICS_STORE_WRITE,
        () -> {
          write.run();
          return null;
        });
    return invocation
        .component(Operations.METRICS_STORE_WRITE)
        .map(c -> c.durationMs())
        .orElse(0.0);
  }

  public MetricsRecorder delegate() {
    return delegate;
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public boolean flush(java.time.Duration atMost) {
    return delegate.flush(atMost);
  }

  @Override
  public long failedRecords() {
    return delegate.failedRecords();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
