package org.dsm.orchestrator.core.port;

/**
 * Told of every timing the {@code PerformanceMonitor} records, so an exporter (a metrics registry)
 * publishes the very same measurements instead of timing everything a second time. Called on the
 * timed thread: implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface OperationListener {
  OperationListener NONE = (function, operation, durationNanos, success) -> {};

  /**
   * @param function the function of the invocation the timing belongs to (its record's {@code
   *     function}), so an exporter keeps each function's work apart; null for a scope started
   *     without one
   */
  void recorded(String function, String operation, long durationNanos, boolean success);
}
