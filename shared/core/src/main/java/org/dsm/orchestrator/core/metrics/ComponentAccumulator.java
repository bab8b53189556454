package org.dsm.orchestrator.core.metrics;

import org.HdrHistogram.Histogram;

/**
 * One component's latencies within a bucket: an HdrHistogram of microseconds (for percentiles) plus
 * the exact sum and maximum (so mean and max are exact, not histogram approximations). Not
 * thread-safe.
 */
final class ComponentAccumulator {
  /**
   * Two significant digits: every percentile is within 1 % of the true value; an encoded histogram
   * stays small.
   */
  static final int SIGNIFICANT_DIGITS = 2;

  final Histogram histogram;
  double sumMs;
  double maxMs;

  ComponentAccumulator() {
    this(newHistogram(), 0.0, 0.0);
  }

  ComponentAccumulator(Histogram histogram, double sumMs, double maxMs) {
    this.histogram = histogram;
    this.sumMs = sumMs;
    this.maxMs = maxMs;
  }

  static Histogram newHistogram() {
    Histogram histogram =
        new Histogram(SIGNIFICANT_DIGITS); // auto-resizing: sized by the largest value seen
    histogram.setAutoResize(true);
    return histogram;
  }

  void add(double durationMs) {
    double ms = Double.isFinite(durationMs) && durationMs > 0 ? durationMs : 0.0;
    histogram.recordValue(Math.round(ms * 1000.0));
    sumMs += ms;
    maxMs = Math.max(maxMs, ms);
  }

  void merge(ComponentAccumulator other) {
    histogram.add(other.histogram);
    sumMs += other.sumMs;
    maxMs = Math.max(maxMs, other.maxMs);
  }

  MetricsAggregate.LatencySummary summary() {
    long count = histogram.getTotalCount();
    if (count == 0) {
      return new MetricsAggregate.LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new MetricsAggregate.LatencySummary(
        count, sumMs / count, percentileMs(50), percentileMs(95), percentileMs(99), maxMs);
  }

  private double percentileMs(double percentile) {
    // the histogram's bucket value can exceed the exact maximum by its precision; never report
    // above max
    return Math.min(histogram.getValueAtPercentile(percentile) / 1000.0, maxMs);
  }
}
