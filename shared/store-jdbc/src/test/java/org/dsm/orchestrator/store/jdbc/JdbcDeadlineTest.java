package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Lambda's writes after its use case end by the invocation's deadline on PostgreSQL too: with the
 * table locked by someone else and the pool's own bounds at 30 s, a write given 1 s is cancelled by
 * the server at about 1 s, and the store works again afterwards. Real PostgreSQL ({@link
 * TestPostgres}), a schema of its own; the bound asserted (10 s) is far from both.
 */
class JdbcDeadlineTest {
  private static final Duration WELL_UNDER_THE_POOLS_BOUNDS = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration UNDER_THE_POOLS_CONNECTION_TIMEOUT = Duration.ofMillis(4_000);

  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("deadline_test");

  @RegisterExtension final LockHolder locks = new LockHolder(schema);

  private static HikariDataSource pool;

  @BeforeAll
  static void openPoolWithLongBounds() {
    pool =
        JdbcConnection.openMigratedPool(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2,
            "deadline-test",
            new JdbcConnection.Timeouts(LONG, LONG, LONG.multipliedBy(2)));
  }

  @AfterAll
  static void closePool() {
    pool.close(); // before the schema is dropped
  }

  private static Deadline endingIn(long ms) {
    long end = System.nanoTime() / 1_000_000 + ms;
    return new Deadline(() -> end - System.nanoTime() / 1_000_000);
  }

  @Test
  void aMetricsWriteOnALockedTableEndsByTheDeadline() throws Exception {
    JdbcMetricsStore store = new JdbcMetricsStore(pool);
    InvocationRecord record =
        InvocationRecords.ok("orchestrate", "req-" + UUID.randomUUID(), "P", Instant.now(), 3.0);
    locks.lockTable("metrics_invocation");

    long start = System.nanoTime();
    assertThatThrownBy(() -> store.write(List.of(record), endingIn(1_000)))
        .isInstanceOf(MetricsStoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    assertThatThrownBy(() -> store.write(List.of(record), endingIn(0)))
        .isInstanceOf(MetricsStoreException.class)
        .hasMessageContaining("not sent");

    locks.release();
    store.write(List.of(record), endingIn(30_000)); // bounded, and it commits
    store.write(List.of(record)); // a retry of the same record: kept once
    assertThat(
            store
                .query(
                    new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                        "orchestrate",
                        "P",
                        record.startTime().minusSeconds(1),
                        record.startTime().plusSeconds(1),
                        10,
                        null))
                .records())
        .extracting(InvocationRecord::invocationId)
        .containsExactly(record.invocationId());
  }

  /**
   * The retention sweep a write runs every few minutes runs inside a Lambda's handler too: an
   * expired row locked by another session holds it, and it gives up at the deadline, the record
   * itself written.
   */
  @Test
  void theSweepAWriteRunsEndsByTheDeadline() throws Exception {
    Instant now = Instant.now();
    InvocationRecord expired =
        InvocationRecords.ok(
            "orchestrate", "old-" + UUID.randomUUID(), "P", now.minus(Duration.ofDays(3)), 3.0);
    new JdbcMetricsStore(pool, new StoreMaintenance(Duration.ofDays(365), Clock.systemUTC()))
        .write(List.of(expired));
    locks.hold(
        "SELECT 1 FROM "
            + schema.table("metrics_invocation")
            + " WHERE invocation_id = '"
            + expired.invocationId()
            + "' FOR UPDATE");
    JdbcMetricsStore sweeping =
        new JdbcMetricsStore(
            pool, new StoreMaintenance(Duration.ofDays(1), Clock.systemUTC(), Duration.ZERO));
    InvocationRecord record =
        InvocationRecords.ok("orchestrate", "req-" + UUID.randomUUID(), "P", now, 3.0);

    long start = System.nanoTime();
    sweeping.write(List.of(record), endingIn(1_500));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    assertThat(
            sweeping
                .query(
                    new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                        "orchestrate", "P", now, now.plusSeconds(1), 10, null))
                .records())
        .extracting(InvocationRecord::invocationId)
        .contains(record.invocationId());
  }

  @Test
  void anIdempotencySaveOnALockedTableEndsByTheDeadlineAndABoundedOneCommits() throws Exception {
    JdbcIdempotencyStore store = new JdbcIdempotencyStore(pool);
    IdempotencyKey key = IdempotencyKey.unscoped("k-" + UUID.randomUUID());
    Instant now = Instant.now();
    store.claim(key, "fp", "owner", now, now.plusSeconds(300));
    StoredResponse response = new StoredResponse(201, "{\"created\":true}");
    locks.lockTable("idempotency_entry");

    long start = System.nanoTime();
    assertThatThrownBy(
            () -> store.complete(key, "owner", response, now.plusSeconds(3600), endingIn(1_000)))
        .isInstanceOf(IdempotencyStoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);

    locks.release();
    store.complete(key, "owner", response, now.plusSeconds(3600), endingIn(30_000));
    assertThat(store.claim(key, "fp", "other", Instant.now(), now.plusSeconds(300)).response())
        .isEqualTo(response);
  }

  /**
   * The claim comes before any answer: with its row locked by another session and the pool's own
   * bounds at 30 s, a request with 1 s left is answered the store-unavailable 503 saying why, well
   * before those bounds; the claim was cancelled and rolled back, so once the lock is gone the
   * retry the 503 invites runs (the key is not left taken by a claim stored after we gave up).
   */
  @Test
  void aClaimOnALockedRowEndsByTheDeadlineAndIsNotStoredAfterwards() throws Exception {
    JdbcIdempotencyStore store = new JdbcIdempotencyStore(pool);
    IdempotencyKey key = IdempotencyKey.unscoped("k-" + UUID.randomUUID());
    Instant now = Instant.now();
    store.claim(key, "fp", "expired", now.minusSeconds(600), now.minusSeconds(300));
    locks.hold(
        "SELECT 1 FROM "
            + schema.table("idempotency_entry")
            + " WHERE idem_key = '"
            + key.value()
            + "' FOR UPDATE");
    IdempotencyGuard guard = new IdempotencyGuard(store);
    AtomicInteger runs = new AtomicInteger();
    Supplier<StoredResponse> action =
        () -> new StoredResponse(201, "{\"run\":" + runs.incrementAndGet() + "}");

    long start = System.nanoTime();
    assertThatThrownBy(() -> guard.execute(null, key.value(), "fp", endingIn(1_000), action))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageStartingWith(
            "idempotency store unavailable: the Idempotency-Key check got no answer within the")
        .hasMessageContaining("ms left before this invocation's deadline");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    assertThatThrownBy(() -> store.claim(key, "fp", "o", now, now.plusSeconds(300), endingIn(0)))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageContaining("not sent");

    locks.release();
    IdempotencyGuard.Outcome retry =
        guard.execute(null, key.value(), "fp", endingIn(30_000), action);
    assertThat(retry.replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  /**
   * Waiting for a pooled connection is bounded by the deadline too: with the pool's only connection
   * taken, a claim or a metrics write with 1 s left fails before the pool's own 5 s
   * connectionTimeout.
   */
  @Test
  void aClaimOrAWriteOnAnExhaustedPoolEndsByTheDeadline() throws Exception {
    try (HikariDataSource single =
            JdbcConnection.openPool(
                JdbcMetricsStoreTest.URL,
                JdbcMetricsStoreTest.USER,
                JdbcMetricsStoreTest.PASSWORD,
                schema.name(),
                1,
                "deadline-test-single",
                JdbcConnection.Timeouts.DEFAULTS);
        Connection taken = single.getConnection()) {
      JdbcIdempotencyStore store = new JdbcIdempotencyStore(single);
      Instant now = Instant.now();

      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  store.claim(
                      IdempotencyKey.unscoped("k-" + UUID.randomUUID()),
                      "fp",
                      "o",
                      now,
                      now.plusSeconds(300),
                      endingIn(1_000)))
          .isInstanceOf(IdempotencyStoreException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(UNDER_THE_POOLS_CONNECTION_TIMEOUT);

      // a Lambda's own record, written before its handler returns, waits no longer either
      JdbcMetricsStore metrics = new JdbcMetricsStore(single);
      InvocationRecord record =
          InvocationRecords.ok("orchestrate", "req-" + UUID.randomUUID(), "P", now, 3.0);
      long writeStart = System.nanoTime();
      assertThatThrownBy(() -> metrics.write(List.of(record), endingIn(1_000)))
          .isInstanceOf(MetricsStoreException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - writeStart))
          .isLessThan(UNDER_THE_POOLS_CONNECTION_TIMEOUT);
    }
  }

  /**
   * A deadline far off never lifts the connection's own bounds: the save on a locked table given 30
   * s ends at the pool's 1 s statement_timeout, not at the deadline.
   */
  @Test
  void aDeadlineLaterThanThePoolsOwnBoundKeepsThatBound() throws Exception {
    try (HikariDataSource shortBounds =
        JdbcConnection.openPool(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            1,
            "deadline-test-short",
            new JdbcConnection.Timeouts(Duration.ofSeconds(1), LONG, LONG.multipliedBy(2)))) {
      JdbcIdempotencyStore store = new JdbcIdempotencyStore(shortBounds);
      IdempotencyKey key = IdempotencyKey.unscoped("k-" + UUID.randomUUID());
      Instant now = Instant.now();
      store.claim(key, "fp", "owner", now, now.plusSeconds(300));
      locks.lockTable("idempotency_entry");

      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  store.complete(
                      key,
                      "owner",
                      new StoredResponse(200, "{}"),
                      now.plusSeconds(3600),
                      endingIn(30_000)))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("statement timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    }
  }

  /**
   * The circuit hints are read and marked on the request path, around DSM calls whose budget does
   * not count the store: on a locked table each call gives up within {@link
   * org.dsm.orchestrator.core.port.CircuitHints#CALL_BOUND} ("no mark"), not at the pool's 30 s.
   */
  @Test
  void circuitHintsGiveUpWithinTheirBound() throws Exception {
    JdbcCircuitHints hints = new JdbcCircuitHints(pool);
    Instant now = Instant.now();
    hints.markOpen("project-service", now.plusSeconds(30));
    assertThat(hints.openUntil("project-service", now)).isNotNull();
    locks.lockTable("circuit_hint");

    long start = System.nanoTime();
    assertThat(hints.openUntil("project-service", now)).isNull();
    hints.markOpen("sprint-service", now.plusSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
  }

  /**
   * Bounding a statement by a deadline costs a round trip ({@code set_config}) only when the
   * deadline is sooner than the connection's own statement_timeout; later, that bound already ends
   * the statement first, and nothing is sent.
   */
  @Test
  void aDeadlineLaterThanTheOwnBoundCostsNoRoundTrip() throws Exception {
    try (HikariDataSource shortBounds =
            JdbcConnection.openPool(
                JdbcMetricsStoreTest.URL,
                JdbcMetricsStoreTest.USER,
                JdbcMetricsStoreTest.PASSWORD,
                schema.name(),
                1,
                "deadline-test-round-trips",
                new JdbcConnection.Timeouts(Duration.ofSeconds(2), LONG, LONG.multipliedBy(2)));
        Connection connection = shortBounds.getConnection()) {
      AtomicInteger prepared = new AtomicInteger();
      Connection counting =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                      prepared.incrementAndGet();
                    }
                    try {
                      return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });

      JdbcConnection.boundBy(shortBounds, counting, endingIn(30_000));
      JdbcConnection.boundNext(shortBounds, counting, endingIn(30_000));
      assertThat(prepared).hasValue(0);
      assertThat(statementTimeout(connection)).isEqualTo("2s");

      JdbcConnection.boundNext(shortBounds, counting, endingIn(1_000));
      assertThat(prepared).hasValue(1);
      assertThat(statementTimeout(connection)).isNotEqualTo("2s"); // 1 s or just under
      connection.rollback();
      assertThat(statementTimeout(connection)).isEqualTo("2s"); // local to the transaction
    }
  }

  private static String statementTimeout(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW statement_timeout")) {
      result.next();
      return result.getString(1);
    }
  }

  /**
   * A request's reads (the report's and the history page's aggregates, the benchmark's query) come
   * before its answer: on a table locked by someone else each ends by the deadline, not the pool's
   * 30 s.
   */
  @Test
  void readsOnALockedTableEndByTheDeadline() throws Exception {
    JdbcMetricsStore store = new JdbcMetricsStore(pool);
    Instant now = Instant.now();
    locks.lockTable("metrics_invocation");

    long start = System.nanoTime();
    assertThatThrownBy(
            () -> store.aggregate("orchestrate", "P", now.minusSeconds(30), now, endingIn(1_000)))
        .isInstanceOf(MetricsStoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    long queryStart = System.nanoTime();
    assertThatThrownBy(
            () ->
                store.query(
                    new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                        "orchestrate", "P", now.minusSeconds(30), now, 10, null),
                    endingIn(1_000)))
        .isInstanceOf(MetricsStoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - queryStart))
        .isLessThan(WELL_UNDER_THE_POOLS_BOUNDS);
    assertThatThrownBy(
            () -> store.aggregate("orchestrate", "P", now.minusSeconds(30), now, endingIn(0)))
        .isInstanceOf(MetricsStoreException.class)
        .hasMessageContaining("not sent");

    locks.release();
    assertThat(
            store
                .aggregate("orchestrate", "P", now.minusSeconds(30), now, endingIn(30_000))
                .invocations())
        .isNotNegative(); // read again once the lock is gone
  }
}
