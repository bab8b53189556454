package org.dsm.orchestrator.core.port;

/**
 * Told of every timing the {@code PerformanceMonitor} records, so an exporter (a metrics registry)
 * publishes the very same measurements instead of timing everything a second time. Called on the
 * timed thread: implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface OperationListener {
  OperationListener NONE = (operation, durationNanos, success) -> {};

  void recorded(String operation, long durationNanos, boolean success);
}
