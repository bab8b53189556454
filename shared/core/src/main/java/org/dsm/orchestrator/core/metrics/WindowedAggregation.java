package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.function.Consumer;
import org.dsm.orchestrator.core.invocation.Deadline;

/**
 * The one aggregation algorithm every store uses: merge the stored bucket partials of the whole
 * buckets inside [from, to) and add the raw records of the unaligned edges (at most one bucket at
 * each end). See {@link MetricsBuckets}.
 */
public final class WindowedAggregation {
  private WindowedAggregation() {}

  /** What a store provides to the algorithm. Null filters mean "any". */
  public interface Source {
    /** Every stored partial whose bucket start is in [fromBucket, toBucket). */
    void forEachBucket(
        String function,
        String projectId,
        Instant fromBucket,
        Instant toBucket,
        Consumer<BucketAccumulator> sink);

    /** Every stored record whose start time is in [from, to). */
    void forEachRecord(
        String function,
        String projectId,
        Instant from,
        Instant to,
        Consumer<InvocationRecord> sink);
  }

  /**
   * A store whose every read can be bounded by a deadline (each call, and what a read compacts).
   */
  public interface BoundedSource extends Source {
    void forEachBucket(
        String function,
        String projectId,
        Instant fromBucket,
        Instant toBucket,
        Consumer<BucketAccumulator> sink,
        Deadline deadline);

    void forEachRecord(
        String function,
        String projectId,
        Instant from,
        Instant to,
        Consumer<InvocationRecord> sink,
        Deadline deadline);

    @Override
    default void forEachBucket(
        String function,
        String projectId,
        Instant fromBucket,
        Instant toBucket,
        Consumer<BucketAccumulator> sink) {
      forEachBucket(function, projectId, fromBucket, toBucket, sink, Deadline.NONE);
    }

    @Override
    default void forEachRecord(
        String function,
        String projectId,
        Instant from,
        Instant to,
        Consumer<InvocationRecord> sink) {
      forEachRecord(function, projectId, from, to, sink, Deadline.NONE);
    }

    /** This store with each of its reads bounded by what is left of {@code deadline}. */
    default Source boundedBy(Deadline deadline) {
      BoundedSource store = this;
      return new Source() {
        @Override
        public void forEachBucket(
            String function,
            String projectId,
            Instant fromBucket,
            Instant toBucket,
            Consumer<BucketAccumulator> sink) {
          store.forEachBucket(function, projectId, fromBucket, toBucket, sink, deadline);
        }

        @Override
        public void forEachRecord(
            String function,
            String projectId,
            Instant from,
            Instant to,
            Consumer<InvocationRecord> sink) {
          store.forEachRecord(function, projectId, from, to, sink, deadline);
        }
      };
    }
  }

  /** As below, after cutting off what the retention has expired (nothing at all if all of it). */
  public static MetricsAggregate aggregate(
      Source source,
      String function,
      String projectId,
      Instant from,
      Instant to,
      StoreMaintenance maintenance) {
    MetricsQueries.requireWindow(from, to);
    Instant live = maintenance.clampFrom(from);
    if (!live.isBefore(to)) {
      return new BucketAccumulator().toAggregate();
    }
    return aggregate(source, function, projectId, live, to);
  }

  public static MetricsAggregate aggregate(
      Source source, String function, String projectId, Instant from, Instant to) {
    MetricsQueries.requireWindow(from, to);
    BucketAccumulator result = new BucketAccumulator();
    Instant firstWhole = MetricsBuckets.bucketCeiling(from);
    Instant endWhole = MetricsBuckets.bucketStart(to);
    if (firstWhole.isBefore(endWhole)) {
      source.forEachBucket(function, projectId, firstWhole, endWhole, result::merge);
      if (from.isBefore(firstWhole)) {
        source.forEachRecord(function, projectId, from, firstWhole, result::add);
      }
      if (endWhole.isBefore(to)) {
        source.forEachRecord(function, projectId, endWhole, to, result::add);
      }
    } else {
      source.forEachRecord(
          function, projectId, from, to, result::add); // window within one or two buckets
    }
    return result.toAggregate();
  }
}
