package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store reads a request makes before its answer (the report's, the history page's, the
 * benchmark's previous run) are given the invocation's deadline, so each ends by it (the stores
 * bound each call: JdbcDeadlineTest, HungDynamoDbDeadlineTest); reads that used the time up are
 * answered saying so.
 */
class StoreReadsDeadlineTest {
  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);

  private final AtomicLong left = new AtomicLong(20_000);
  private final DeadlineCheckingStore store = new DeadlineCheckingStore(left);
  private final CoreAssembly core =
      new CoreAssembly(
          EmbeddedDsm.create().ports(),
          store,
          IntelligenceConfig.DEFAULTS,
          ThresholdConfig.DEFAULTS);

  @AfterEach
  void close() {
    core.close();
  }

  private InvocationContext withDeadline() {
    return new InvocationContext(
        "r-" + System.nanoTime(), "local", "http", false, null, 0L, null, new Deadline(left::get));
  }

  @Test
  void theReportsReadsGetTheDeadline() {
    PerformanceReport report = core.reports.report(TEST, Duration.ofHours(1), withDeadline());

    assertThat(report.history().error()).isNull();
    assertThat(store.reads)
        .isNotEmpty()
        .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(20_000));
  }

  @Test
  void aReportWhoseReadsUsedTheTimeUpSaysSo() {
    store.hang = true;

    PerformanceReport report = core.reports.report(TEST, Duration.ofHours(1), withDeadline());

    assertThat(report.history().error())
        .isEqualTo(
            "metrics store deadline-checking not read: its reads did not end before this"
                + " invocation's deadline");
  }

  @Test
  void aHistoryPageWhoseReadsUsedTheTimeUpIsA503SayingSo() {
    store.hang = true;

    assertThatThrownBy(() -> core.core.history().history(TEST, Duration.ofHours(1), withDeadline()))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessage(
            "metrics store deadline-checking unavailable: its reads did not end before this"
                + " invocation's deadline");
  }

  @Test
  void theBenchmarksPreviousRunIsReadByTheDeadlineLessItsMargin() {
    core.benchmark.run(List.of(TEST), 1, withDeadline(), () -> 60_000);

    assertThat(store.reads)
        .isNotEmpty()
        .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(60_000 - 5_000));
  }

  /**
   * Memory underneath; a read without a deadline fails the test. Hung, a bounded read waits out the
   * time it was given (the deadline's time is gone) and fails as the stores then do.
   */
  private static final class DeadlineCheckingStore implements MetricsStore {
    private final InMemoryMetricsStore delegate = new InMemoryMetricsStore();
    private final AtomicLong left;
    final List<Long> reads = new CopyOnWriteArrayList<>();
    volatile boolean hang;

    DeadlineCheckingStore(AtomicLong left) {
      this.left = left;
    }

    private void read(Deadline deadline) {
      reads.add(deadline.leftMs());
      if (hang) {
        left.set(0);
        throw new MetricsStoreException("canceling statement due to statement timeout", null);
      }
    }

    @Override
    public void write(List<InvocationRecord> batch) {
      delegate.write(batch);
    }

    @Override
    public RecordPage query(MetricsQuery query) {
      throw new AssertionError("a read on the request path must be given the deadline");
    }

    @Override
    public RecordPage query(MetricsQuery query, Deadline deadline) {
      read(deadline);
      return delegate.query(query);
    }

    @Override
    public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
      throw new AssertionError("a read on the request path must be given the deadline");
    }

    @Override
    public MetricsAggregate aggregate(
        String function, String projectId, Instant from, Instant to, Deadline deadline) {
      read(deadline);
      return delegate.aggregate(function, projectId, from, to);
    }

    @Override
    public boolean holdsEverythingIn(Instant from, Instant to) {
      return delegate.holdsEverythingIn(from, to);
    }

    @Override
    public String name() {
      return "deadline-checking";
    }
  }
}
