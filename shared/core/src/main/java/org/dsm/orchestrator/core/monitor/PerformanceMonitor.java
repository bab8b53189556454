package org.dsm.orchestrator.core.monitor;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dsm.orchestrator.core.port.OperationListener;

/**
 * Instance-wide operation statistics since start (bounded: one histogram per operation name, memory
 * independent of the number of calls) plus per-invocation scopes. Thread-safe.
 */
public final class PerformanceMonitor {
  /**
   * Operation names are a small fixed set; past this many, new names share one overflow recorder.
   */
  static final int MAX_OPERATIONS = 64;

  static final String OVERFLOW_OPERATION = "other_operations";

  private final MonotonicClock clock;
  private final ConcurrentHashMap<String, OperationRecorder> recorders = new ConcurrentHashMap<>();
  private volatile OperationListener listener = OperationListener.NONE;

  public PerformanceMonitor(MonotonicClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public PerformanceMonitor() {
    this(MonotonicClock.SYSTEM);
  }

  /**
   * Also hands every timing to the listener (a metrics exporter), so it publishes these very
   * measurements; one listener, replaced by the next call.
   */
  public void listen(OperationListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A scope of no function: its timings reach the listener with a null function. */
  public Invocation startInvocation() {
    return new Invocation(this, null);
  }

  /** A scope whose timings reach the listener under {@code function} (its record's function). */
  public Invocation startInvocation(String function) {
    return new Invocation(this, function);
  }

  /** Instance-wide stats of one operation; {@link OperationStats#empty} when never recorded. */
  public OperationStats summary(String operation) {
    OperationRecorder recorder = recorders.get(operation);
    return recorder == null ? OperationStats.empty(operation) : recorder.snapshot();
  }

  /** Instance-wide stats of every recorded operation, keyed by name, sorted by name. */
  public Map<String, OperationStats> summaries() {
    Map<String, OperationStats> sorted = new TreeMap<>();
    recorders.forEach((name, recorder) -> sorted.put(name, recorder.snapshot()));
    return sorted;
  }

  /**
   * Forgets every operation's stats: used after a warm-up pass (SnapStart priming) that ran through
   * the real handler, so the instance's stats start with its first real invocation.
   */
  public void reset() {
    recorders.clear();
  }

  long nanoTime() {
    return clock.nanoTime();
  }

  void record(String function, String operation, long durationNanos, boolean success) {
    recorder(operation).record(durationNanos, success);
    try {
      listener.recorded(function, operation, durationNanos, success);
    } catch (RuntimeException e) {
      // an exporter's failure must never fail the timed work; its own metrics show the gap
    }
  }

  /** Sum of the histograms' footprints: grows with the number of operation names only. */
  long footprintBytes() {
    return recorders.values().stream().mapToLong(OperationRecorder::footprintBytes).sum();
  }

  private OperationRecorder recorder(String operation) {
    OperationRecorder recorder = recorders.get(operation);
    if (recorder != null) {
      return recorder;
    }
    String name = recorders.size() >= MAX_OPERATIONS ? OVERFLOW_OPERATION : operation;
    return recorders.computeIfAbsent(name, OperationRecorder::new);
  }
}
