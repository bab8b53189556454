package org.dsm.orchestrator.core.regression;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery;
import org.dsm.orchestrator.core.port.MetricsStore.RecordPage;

/**
 * Finds the latest benchmark run recorded in the store (its orchestrations carry trigger {@code
 * benchmark} and ids "{run id}-{n}") and aggregates its records, as the baseline of the next run.
 * Reads newest first and stops at the first record of an older run, so the cost is one run plus the
 * other records of {@code function} since it: none under the benchmark's own function name, all of
 * orchestrate's under the one earlier builds used.
 */
public final class BenchmarkBaseline {
  static final int PAGE_SIZE = 1000;
  static final int MAX_PAGES = 50;

  /** A stored run: its id, its first and last start times, and its aggregate. */
  public record Run(String runId, Instant from, Instant to, MetricsAggregate aggregate) {}

  private BenchmarkBaseline() {}

  /**
   * @param function the orchestrations' function name
   * @param before only runs started before this instant (the current run's start)
   * @param lookback how far back to look
   */
  public static Optional<Run> latest(
      MetricsStore store, String function, String trigger, Instant before, Duration lookback) {
    return latest(store, function, trigger, before, lookback, Deadline.NONE);
  }

  /** As above, each page's read bounded by what is left of {@code deadline}. */
  public static Optional<Run> latest(
      MetricsStore store,
      String function,
      String trigger,
      Instant before,
      Duration lookback,
      Deadline deadline) {
    BucketAccumulator run = new BucketAccumulator();
    String runId = null;
    Instant first = null;
    Instant last = null;
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      RecordPage records =
          store.query(
              new MetricsQuery(function, null, before.minus(lookback), before, PAGE_SIZE, token),
              deadline);
      for (InvocationRecord record : records.records()) {
        if (!trigger.equals(record.trigger())) {
          continue;
        }
        String id = runId(record.invocationId());
        if (runId == null) {
          runId = id;
          last = record.startTime();
        } else if (!runId.equals(id)) {
          return Optional.of(new Run(runId, first, last, run.toAggregate()));
        }
        first = record.startTime();
        run.add(record);
      }
      token = records.nextPageToken();
      if (token == null) {
        break;
      }
    }
    return runId == null
        ? Optional.empty()
        : Optional.of(new Run(runId, first, last, run.toAggregate()));
  }

  /** "benchmark-1b2c…-17" → "benchmark-1b2c…". */
  static String runId(String invocationId) {
    int dash = invocationId.lastIndexOf('-');
    return dash < 0 ? invocationId : invocationId.substring(0, dash);
  }
}
