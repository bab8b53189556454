package org.dsm.orchestrator.core.monitor;

import java.util.concurrent.TimeUnit;

/**
 * Instance-wide statistics of one operation. Fixed footprint: HdrHistogram's buckets (1 µs
 * resolution, 2 significant digits — percentiles within 1 %, as in the stored buckets — durations
 * above 10 minutes clamped) in {@link LogLinearCounts}, which gives the same percentiles as {@code
 * Histogram.getValueAtPercentile} in one short pass whatever the durations recorded, plus exact
 * counters (calls, successes, sum, min, max). Every response summarises two operations, so the
 * summary stays cheap and holds the lock briefly. A plain lock keeps a snapshot consistent (never
 * more successes than calls).
 */
final class OperationRecorder {
  static final long LOWEST_DISCERNIBLE_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
  static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);
  static final int SIGNIFICANT_DIGITS = 2;

  private static final double[] PERCENTILES = {50, 95, 99};

  private final String operation;
  private final LogLinearCounts successes =
      new LogLinearCounts(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  private long totalCalls;
  private long successfulCalls;
  // Exact figures: the histogram only knows bucket boundaries.
  private long sumNanos;
  private long minNanos = Long.MAX_VALUE;
  private long maxNanos;

  OperationRecorder(String operation) {
    this.operation = operation;
  }

  synchronized void record(long durationNanos, boolean success) {
    totalCalls++;
    if (!success) {
      return;
    }
    long nanos = Math.max(0, durationNanos);
    successfulCalls++;
    sumNanos += nanos;
    minNanos = Math.min(minNanos, nanos);
    maxNanos = Math.max(maxNanos, nanos);
    successes.record(nanos);
  }

  synchronized OperationStats snapshot() {
    if (totalCalls == 0) {
      return OperationStats.empty(operation);
    }
    double successRate = 100.0 * successfulCalls / totalCalls;
    if (successfulCalls == 0) {
      return new OperationStats(
          operation, totalCalls, 0, 0.0, 0.0, 0.0, successRate, 0.0, 0.0, 0.0);
    }
    double[] p = percentiles();
    return new OperationStats(
        operation,
        totalCalls,
        successfulCalls,
        Durations.toMillis((double) sumNanos / successfulCalls),
        Durations.toMillis(maxNanos),
        Durations.toMillis(minNanos),
        successRate,
        p[0],
        p[1],
        p[2]);
  }

  /** Bounded by the histogram's fixed counts array, whatever the number of calls. */
  synchronized int footprintBytes() {
    return successes.footprintBytes();
  }

  /** HdrHistogram's getValueAtPercentile rule, clamped to the exact [min, max]; one pass. */
  private double[] percentiles() {
    long[] raw = successes.valuesAtPercentiles(PERCENTILES);
    double[] values = new double[PERCENTILES.length];
    for (int i = 0; i < PERCENTILES.length; i++) {
      values[i] = clamp(raw[i]);
    }
    return values;
  }

  private double clamp(long nanos) {
    // Never report a percentile outside the exact [min, max] (bucket edges can overshoot slightly).
    return Durations.toMillis(Math.max(minNanos, Math.min(maxNanos, nanos)));
  }
}
