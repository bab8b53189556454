package org.dsm.orchestrator.core.monitor;

import java.util.Map;

/**
 * Instance-wide operation statistics since start (bounded: one histogram per operation name, memory independent
 * of the number of calls) plus per-invocation scopes. Thread-safe.
 */
public final class PerformanceMonitor {
  public PerformanceMonitor(MonotonicClock clock) {}

  public Invocation startInvocation() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Instance-wide stats of one operation; {@link OperationStats#empty} when never recorded. */
  public OperationStats summary(String operation) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Instance-wide stats of every recorded operation, keyed by name, sorted by name. */
  public Map<String, OperationStats> summaries() {
    throw new UnsupportedOperationException("TODO");
  }
}
