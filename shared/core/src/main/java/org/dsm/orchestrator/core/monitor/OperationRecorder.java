package org.dsm.orchestrator.core.monitor;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Instance-wide statistics of one operation. Fixed footprint: one HdrHistogram (1 µs resolution, 3 significant
 * digits, durations above 10 minutes clamped; about 177 KiB) plus exact counters. A plain lock keeps a snapshot
 * consistent (never more successes than calls); it is uncontended in practice and cheaper than a
 * recorder/interval-histogram swap.
 */
final class OperationRecorder {
  static final long LOWEST_DISCERNIBLE_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
  static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final int SIGNIFICANT_DIGITS = 3;

  private static final double[] PERCENTILES = {50, 95, 99};

  private final String operation;
  private final Histogram successes =
      new Histogram(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
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
    successes.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
  }

  synchronized OperationStats snapshot() {
    if (totalCalls == 0) {
      return OperationStats.empty(operation);
    }
    double successRate = 100.0 * successfulCalls / totalCalls;
    if (successfulCalls == 0) {
      return new OperationStats(operation, totalCalls, 0, 0.0, 0.0, 0.0, successRate, 0.0, 0.0, 0.0);
    }
    double[] p = percentiles();
    return new OperationStats(operation, totalCalls, successfulCalls,
        Durations.toMillis((double) sumNanos / successfulCalls), Durations.toMillis(maxNanos),
        Durations.toMillis(minNanos), successRate, p[0], p[1], p[2]);
  }

  /** Bounded by the histogram's fixed counts array, whatever the number of calls. */
  synchronized int footprintBytes() {
    return successes.getEstimatedFootprintInBytes();
  }

  /**
   * p50, p95 and p99 in one walk over the recorded buckets (three getValueAtPercentile calls would walk three
   * times; summaries are built on every response). Same rule as HdrHistogram's: the highest equivalent value of
   * the first bucket whose cumulative count reaches ceil(p/100 × total), clamped to the exact [min, max].
   */
  private double[] percentiles() {
    long total = successes.getTotalCount();
    long[] targets = new long[PERCENTILES.length];
    for (int i = 0; i < PERCENTILES.length; i++) {
      targets[i] = Math.max(1, (long) Math.ceil(PERCENTILES[i] / 100.0 * total));
    }
    double[] values = new double[PERCENTILES.length];
    int next = 0;
    long seen = 0;
    for (HistogramIterationValue bucket : successes.recordedValues()) {
      seen += bucket.getCountAtValueIteratedTo();
      while (next < targets.length && seen >= targets[next]) {
        values[next++] = clamp(bucket.getValueIteratedTo());
      }
      if (next == targets.length) {
        break;
      }
    }
    while (next < targets.length) { // unreachable with consistent counts; keeps the result defined
      values[next++] = clamp(maxNanos);
    }
    return values;
  }

  private double clamp(long nanos) {
    // Never report a percentile outside the exact [min, max] (bucket edges can overshoot slightly).
    return Durations.toMillis(Math.max(minNanos, Math.min(maxNanos, nanos)));
  }
}
