package org.dsm.orchestrator.core.monitor;

/**
 * Summary of one operation. The first six fields keep the original service's names; durations are
 * of successful calls only (as in the original), percentiles come from an HdrHistogram (2
 * significant digits: within 1 %).
 */
public record OperationStats(
    String operation,
    long totalCalls,
    long successfulCalls,
    double avgDurationMs,
    double maxDurationMs,
    double minDurationMs,
    double successRate,
    double p50DurationMs,
    double p95DurationMs,
    double p99DurationMs) {

  public static OperationStats empty(String operation) {
    return new OperationStats(operation, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  }
}
