package org.dsm.orchestrator.core.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How stores cut time into buckets and a write batch into bucket partials.
 *
 * <p>Every write batch is grouped by (function, project, bucket start); each group becomes one
 * partial {@link BucketAccumulator} that the store appends (never read-modify-write, so instances
 * never contend). An aggregate merges all partials of the full buckets inside the window, plus the
 * raw records of the window's unaligned edges, so counts are exact for any window and percentiles
 * exact to histogram precision. A partial's id is derived from its records, so retrying the same
 * batch rewrites the same partial instead of counting twice.
 */
public final class MetricsBuckets {
  public static final Duration BUCKET = Duration.ofMinutes(1);

  /**
   * A write for a bucket that ended at least this long ago (by the writer's clock) is late: stores
   * that cannot merge atomically keep it apart from the on-time partials (see {@link #SETTLE}).
   */
  public static final Duration LATE_AFTER = Duration.ofMinutes(5);

  /**
   * A bucket that ended at least this long ago is settled: every on-time partial of it is in, so
   * its partials may be compacted into one. The gap to {@link #LATE_AFTER} (10 minutes) is the time
   * one write attempt (and the clock difference between instances) may take without a partial
   * slipping past a compaction.
   */
  public static final Duration SETTLE = Duration.ofMinutes(15);

  private static final long BUCKET_MILLIS = BUCKET.toMillis();

  private MetricsBuckets() {}

  public record BucketKey(String function, String projectId, Instant bucketStart) {}

  /** One bucket partial of a write batch, ready to store. */
  public record Partial(BucketKey key, String partialId, BucketAccumulator bucket) {}

  public static Instant bucketStart(Instant time) {
    return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), BUCKET_MILLIS) * BUCKET_MILLIS);
  }

  /** The first bucket start at or after {@code time}. */
  public static Instant bucketCeiling(Instant time) {
    Instant floor = bucketStart(time);
    return floor.equals(time) ? floor : floor.plus(BUCKET);
  }

  public static boolean late(Instant bucketStart, Instant now) {
    return !bucketStart.plus(BUCKET).plus(LATE_AFTER).isAfter(now);
  }

  public static boolean settled(Instant bucketStart, Instant now) {
    return !bucketStart.plus(BUCKET).plus(SETTLE).isAfter(now);
  }

  public static List<Partial> partials(List<InvocationRecord> batch) {
    Map<BucketKey, List<InvocationRecord>> groups = new LinkedHashMap<>();
    for (InvocationRecord record : batch) {
      BucketKey key =
          new BucketKey(record.function(), record.projectId(), bucketStart(record.startTime()));
      groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(record);
    }
    List<Partial> partials = new ArrayList<>(groups.size());
    groups.forEach(
        (key, records) -> {
          BucketAccumulator bucket = new BucketAccumulator();
          StringBuilder identity = new StringBuilder();
          for (InvocationRecord record : records) {
            bucket.add(record);
            identity
                .append(record.function())
                .append('\u0000')
                .append(record.invocationId())
                .append('\u0000')
                // an id is not one invocation's (a client's retry keeps its X-Request-Id): the
                // start
                // tells two apart, as in the stores' record keys
                .append(record.startTime().getEpochSecond())
                .append('.')
                .append(record.startTime().getNano())
                .append('\u0001');
          }
          String partialId =
              UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8))
                  .toString();
          partials.add(new Partial(key, partialId, bucket));
        });
    return partials;
  }
}
