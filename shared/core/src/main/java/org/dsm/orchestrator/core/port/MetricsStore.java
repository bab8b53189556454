package org.dsm.orchestrator.core.port;

import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;

/**
 * Where every invocation's metrics go, so reports see all instances, not just this one.
 * Implementations: in-memory (default), DynamoDB, PostgreSQL; all pass the same contract suite.
 */
public interface MetricsStore extends AutoCloseable {
  /**
   * Writes a batch; throws {@link MetricsStoreException} when the store cannot take it (callers
   * retry).
   */
  void write(List<InvocationRecord> batch);

  /**
   * As {@link #write(List)}, ending by {@code deadline} (a Lambda's own record, written before the
   * handler returns): no call starts once it has passed, and each is bounded by the time left, so
   * that the write cannot hold the invocation past it. Stores whose calls cannot hang (in memory)
   * keep this default.
   */
  default void write(List<InvocationRecord> batch, Deadline deadline) {
    write(batch);
  }

  /**
   * Records in [from, to), filtered by function and/or project (null = any), newest first, paged.
   */
  RecordPage query(MetricsQuery query);

  /**
   * As {@link #query(MetricsQuery)}, ending by {@code deadline} (a request's reads come before its
   * answer): each call to the storage is bounded by the lesser of its own timeout and the time
   * left, and none starts once it is gone ({@link MetricsStoreException}). Stores whose calls
   * cannot hang (in memory) keep this default.
   */
  default RecordPage query(MetricsQuery query, Deadline deadline) {
    return query(query);
  }

  /** Counts, rates and exact-to-histogram-precision percentiles per component over [from, to). */
  MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to);

  /** As {@link #aggregate(String, String, Instant, Instant)}, ending by {@code deadline}. */
  default MetricsAggregate aggregate(
      String function, String projectId, Instant from, Instant to, Deadline deadline) {
    return aggregate(function, projectId, from, to);
  }

  /**
   * Removes what the retention has expired and compacts settled bucket partials, bounded in work
   * per call. Stores also run it on their own (from the write or read path, at most every few
   * minutes); reads never return expired data, whether or not it was removed yet.
   */
  default void maintain() {}

  /**
   * False when the store's own size bounds (not the retention) dropped data the window [from, to)
   * would count, so its figures would undercount. Stores bounded by retention only always hold it.
   */
  default boolean holdsEverythingIn(Instant from, Instant to) {
    return true;
  }

  /** Short name for logs and reports: memory, dynamodb, jdbc. */
  String name();

  @Override
  default void close() {}

  record MetricsQuery(
      String function,
      String projectId,
      Instant from,
      Instant to,
      int pageSize,
      String pageToken) {}

  record RecordPage(List<InvocationRecord> records, String nextPageToken) {}
}
