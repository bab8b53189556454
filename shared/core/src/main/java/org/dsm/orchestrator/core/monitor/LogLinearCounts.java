package org.dsm.orchestrator.core.monitor;

/**
 * HdrHistogram's log-linear buckets (same index layout, same percentile rule as {@code
 * Histogram.getValueAtPercentile}, so the figures are identical) plus one running total per block
 * of half a bucket's sub-buckets. A percentile then skips whole blocks (at most a few dozen) and
 * walks one block of at most {@code 2 × 10^digits / 2} sub-buckets, and all requested percentiles
 * come from one pass: a summary costs the same whether the recorded durations are microseconds or
 * seconds, where {@code getValueAtPercentile} walks every sub-bucket from zero, three times. Not
 * thread-safe (the owning recorder locks); a read racing a write returns a wrong value but never
 * fails, so the recorder can read optimistically and validate afterwards.
 */
final class LogLinearCounts {
  private final int unitMagnitude;
  private final int subBucketHalfCountMagnitude;
  private final int subBucketHalfCount;
  private final int leadingZeroCountBase;
  private final long subBucketMask;
  private final long highestTrackable;
  private final long[] counts;
  private final long[] blocks;
  private long total;

  LogLinearCounts(long lowestDiscernible, long highestTrackable, int significantDigits) {
    if (lowestDiscernible < 1 || highestTrackable < 2 * lowestDiscernible) {
      throw new IllegalArgumentException("bad range");
    }
    this.highestTrackable = highestTrackable;
    // HdrHistogram's AbstractHistogram.init, for the same arguments
    long singleUnitResolution = 2 * (long) Math.pow(10, significantDigits);
    unitMagnitude = (int) (Math.log(lowestDiscernible) / Math.log(2));
    int subBucketCountMagnitude = (int) Math.ceil(Math.log(singleUnitResolution) / Math.log(2));
    subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
    int subBucketCount = 1 << (subBucketHalfCountMagnitude + 1);
    subBucketHalfCount = subBucketCount / 2;
    subBucketMask = ((long) subBucketCount - 1) << unitMagnitude;
    leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1;
    long smallestUntrackable = ((long) subBucketCount) << unitMagnitude;
    int buckets = 1;
    while (smallestUntrackable <= highestTrackable) {
      if (smallestUntrackable > Long.MAX_VALUE / 2) {
        buckets++;
        break;
      }
      smallestUntrackable <<= 1;
      buckets++;
    }
    counts = new long[(buckets + 1) * subBucketHalfCount];
    blocks = new long[buckets + 1];
  }

  /** Records a value in [0, highestTrackable] (larger values are clamped). */
  void record(long value) {
    int index = index(Math.max(0, Math.min(value, highestTrackable)));
    counts[index]++;
    blocks[index >> subBucketHalfCountMagnitude]++;
    total++;
  }

  long total() {
    return total;
  }

  /**
   * {@code getValueAtPercentile} of each percentile (ascending, each in (0, 100]), in one pass; 0
   * for each when nothing was recorded.
   */
  long[] valuesAtPercentiles(double[] ascending) {
    long[] values = new long[ascending.length];
    if (total == 0) {
      return values;
    }
    int blockMask = subBucketHalfCount - 1;
    int i = 0;
    long below = 0; // the counts of indices < i
    for (int k = 0; k < ascending.length; k++) {
      long target = countAtPercentile(ascending[k]);
      while (true) {
        if (i >= counts.length) { // only when read while being written (the caller re-reads)
          i = counts.length - 1;
          break;
        }
        if ((i & blockMask) == 0) {
          long block = blocks[i >> subBucketHalfCountMagnitude];
          if (below + block < target) {
            below += block;
            i += subBucketHalfCount;
            continue;
          }
        }
        if (below + counts[i] >= target) {
          break;
        }
        below += counts[i];
        i++;
      }
      values[k] = highestEquivalentValue(i);
    }
    return values;
  }

  int footprintBytes() {
    return 8 * (counts.length + blocks.length) + 64;
  }

  private long countAtPercentile(double percentile) {
    double requested =
        Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0D), 100.0D);
    double fpCount = (requested * total) / 100.0D;
    return Math.max((long) Math.ceil(fpCount), 1);
  }

  private int index(long value) {
    int bucketIndex = leadingZeroCountBase - Long.numberOfLeadingZeros(value | subBucketMask);
    int subBucketIndex = (int) (value >>> (bucketIndex + unitMagnitude));
    int bucketBaseIndex = (bucketIndex + 1) << subBucketHalfCountMagnitude;
    return bucketBaseIndex + subBucketIndex - subBucketHalfCount;
  }

  /** The highest value that lands in the index's sub-bucket. */
  private long highestEquivalentValue(int index) {
    int bucketIndex = (index >> subBucketHalfCountMagnitude) - 1;
    int subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
    if (bucketIndex < 0) {
      subBucketIndex -= subBucketHalfCount;
      bucketIndex = 0;
    }
    long lowest = ((long) subBucketIndex) << (bucketIndex + unitMagnitude);
    return lowest + (1L << (unitMagnitude + bucketIndex)) - 1;
  }
}
