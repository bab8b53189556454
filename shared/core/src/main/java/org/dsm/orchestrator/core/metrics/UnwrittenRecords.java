package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's invocation records that the store could not take after every retry: a total, a
 * count not yet reported in an EMF line, and counts per minute of the records' start times, so a
 * history window that this instance left short can say so. Bounded: the oldest minutes go first
 * beyond {@value #MAX_MINUTES} (about 35 days). Thread-safe.
 */
public final class UnwrittenRecords {
  static final int MAX_MINUTES = 50_000;

  private final AtomicLong total = new AtomicLong();
  private final AtomicLong unreported = new AtomicLong();
  private static final Comparator<MetricsBuckets.BucketKey> TIME_FIRST =
      Comparator.comparing(MetricsBuckets.BucketKey::bucketStart)
          .thenComparing(key -> Objects.toString(key.function(), ""))
          .thenComparing(key -> Objects.toString(key.projectId(), ""));

  private final ConcurrentSkipListMap<MetricsBuckets.BucketKey, AtomicLong> perMinute =
      new ConcurrentSkipListMap<>(TIME_FIRST);

  public void add(List<InvocationRecord> records) {
    for (InvocationRecord record : records) {
      perMinute
          .computeIfAbsent(
              new MetricsBuckets.BucketKey(
                  record.function(),
                  record.projectId(),
                  MetricsBuckets.bucketStart(record.startTime())),
              ignored -> new AtomicLong())
          .incrementAndGet();
    }
    while (perMinute.size() > MAX_MINUTES) {
      perMinute.pollFirstEntry();
    }
    total.addAndGet(records.size());
    unreported.addAndGet(records.size());
  }

  /** Every record this instance could not write since it started. */
  public long total() {
    return total.get();
  }

  /** Records lost since the previous call (for a per-line EMF count that sums correctly). */
  public long takeUnreported() {
    return unreported.getAndSet(0);
  }

  /**
   * Lost records of a function and project (null = any) whose start minute overlaps [from, to):
   * minute precision, so a loss just outside the window may count (the window is then called
   * incomplete although it might not be).
   */
  public long inWindow(String function, String projectId, Instant from, Instant to) {
    long count = 0;
    for (Map.Entry<MetricsBuckets.BucketKey, AtomicLong> minute :
        perMinute
            .subMap(
                new MetricsBuckets.BucketKey(null, null, MetricsBuckets.bucketStart(from)),
                true,
                new MetricsBuckets.BucketKey(null, null, to),
                false)
            .entrySet()) {
      MetricsBuckets.BucketKey key = minute.getKey();
      if ((function == null || function.equals(key.function()))
          && (projectId == null || projectId.equals(key.projectId()))) {
        count += minute.getValue().get();
      }
    }
    return count;
  }
}
