package org.dsm.orchestrator.core.monitor;

import java.util.List;
import java.util.Optional;

/**
 * The per-invocation scope of the {@link PerformanceMonitor}: every timing recorded through it lands both here
 * (this invocation only) and in the monitor's instance-wide histograms. Thread-safe, because one invocation may
 * fetch in parallel; never shared between invocations.
 */
public final class Invocation {
  Invocation() {}

  public TimedOperation time(String operation) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Runs and times the block; a throwing block is recorded as failed (error type kept) and the exception propagates. */
  public <T> T time(String operation, ThrowingSupplier<T> block) {
    throw new UnsupportedOperationException("TODO");
  }

  /** This invocation's component timings, in the order they finished. */
  public List<ComponentTiming> components() {
    throw new UnsupportedOperationException("TODO");
  }

  public Optional<ComponentTiming> component(String operation) {
    throw new UnsupportedOperationException("TODO");
  }
}
