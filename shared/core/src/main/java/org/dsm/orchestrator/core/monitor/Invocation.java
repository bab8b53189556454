package org.dsm.orchestrator.core.monitor;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-invocation scope of the {@link PerformanceMonitor}: every timing recorded through it
 * lands both here (this invocation only) and in the monitor's instance-wide histograms.
 * Thread-safe, because one invocation may fetch in parallel; never shared between invocations.
 */
public final class Invocation {
  /** An invocation times a handful of blocks; the cap only guards memory against a runaway loop. */
  static final int MAX_COMPONENTS = 256;

  private final PerformanceMonitor monitor;
  private final String function;
  private final ArrayDeque<ComponentTiming> components = new ArrayDeque<>();

  Invocation(PerformanceMonitor monitor, String function) {
    this.monitor = monitor;
    this.function = function;
  }

  public TimedOperation time(String operation) {
    return new TimedOperation(
        this, Objects.requireNonNull(operation, "operation"), monitor.nanoTime());
  }

  /**
   * Runs and times the block; a throwing block is recorded as failed (error type kept) and the
   * exception propagates.
   */
  public <T> T time(String operation, ThrowingSupplier<T> block) {
    TimedOperation timer = time(operation);
    try {
      return block.get();
    } catch (Throwable e) {
      timer.fail(e);
      throw Invocation.<RuntimeException>sneaky(e);
    } finally {
      timer.close();
    }
  }

  /** This invocation's component timings, in the order they finished. */
  public List<ComponentTiming> components() {
    synchronized (components) {
      return List.copyOf(components);
    }
  }

  /** The latest finished timing of the operation in this invocation. */
  public Optional<ComponentTiming> component(String operation) {
    synchronized (components) {
      for (Iterator<ComponentTiming> latestFirst = components.descendingIterator();
          latestFirst.hasNext(); ) {
        ComponentTiming timing = latestFirst.next();
        if (timing.operation().equals(operation)) {
          return Optional.of(timing);
        }
      }
      return Optional.empty();
    }
  }

  long nanoTime() {
    return monitor.nanoTime();
  }

  void finished(String operation, long durationNanos, String errorType) {
    boolean success = errorType == null;
    monitor.record(function, operation, durationNanos, success);
    ComponentTiming timing =
        new ComponentTiming(
            operation, Durations.toMillis(Math.max(0, durationNanos)), success, errorType);
    synchronized (components) {
      if (components.size() >= MAX_COMPONENTS) {
        // Keep the most recent timings: the outermost block (total_orchestration) finishes last.
        components.removeFirst();
      }
      components.add(timing);
    }
  }

  /** Rethrows a checked exception unchanged, so callers see exactly what the block threw. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
