package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table held locked by someone else (a long migration, a stuck maintenance session) must make a
 * store call fail as the store's own failure within seconds — the 503 path — never hang the request
 * or the shutdown; and the store must work again once the lock is gone. Real PostgreSQL ({@link
 * TestPostgres}), a schema of its own. The bounds are generous: what matters is that the call
 * returns at all while the lock is still held.
 */
class LockedTableTest {
  private static final Duration RETURNS_WITHIN = Duration.ofSeconds(20);

  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("locked_test");

  @RegisterExtension final LockHolder locks = new LockHolder(schema);

  private final ExecutorService caller = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void migrate() {
    JdbcMetricsStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2)
        .close();
  }

  @AfterEach
  void stopCaller() {
    caller.shutdownNow(); // a call still waiting ends when the lock holder is released after this
  }

  /** What the call threw, once it returned (within {@link #RETURNS_WITHIN}). */
  private Throwable failureOf(Runnable call) throws InterruptedException {
    Future<?> running = caller.submit(call);
    try {
      running.get(RETURNS_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "the store call still waits on the locked table after " + RETURNS_WITHIN, e);
    }
  }

  @Test
  void aMetricsWriteOnALockedTableFailsAsAStoreFailureAndWorksAfterwards() throws Exception {
    try (JdbcMetricsStore store =
        JdbcMetricsStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2)) {
      locks.lockTable("metrics_invocation");

      Throwable failure =
          failureOf(
              () ->
                  store.write(
                      List.of(InvocationRecords.ok("fn", "locked-1", "P", Instant.now(), 5))));

      assertThat(failure).isInstanceOf(MetricsStoreException.class);
      locks.release();
      store.write(List.of(InvocationRecords.ok("fn", "after-1", "P", Instant.now(), 5)));
    }
  }

  @Test
  void theStatementTimeoutAloneEndsTheWaitWhenLockWaitsAreUnbounded() throws Exception {
    var timeouts =
        new JdbcConnection.Timeouts(Duration.ofMillis(1500), Duration.ZERO, Duration.ofSeconds(10));
    try (var pool =
            JdbcConnection.openPool(
                JdbcMetricsStoreTest.URL,
                JdbcMetricsStoreTest.USER,
                JdbcMetricsStoreTest.PASSWORD,
                schema.name(),
                2,
                "locked-test",
                timeouts);
        JdbcMetricsStore store = new JdbcMetricsStore(pool)) {
      try (Connection pooled = pool.getConnection();
          Statement statement = pooled.createStatement()) {
        assertThat(show(statement, "statement_timeout")).isEqualTo("1500ms");
        assertThat(show(statement, "lock_timeout")).isEqualTo("0");
        assertThat(pooled.getNetworkTimeout()).isEqualTo(10_000);
      }
      locks.lockTable("metrics_invocation");

      Throwable failure =
          failureOf(
              () ->
                  store.write(
                      List.of(InvocationRecords.ok("fn", "locked-2", "P", Instant.now(), 5))));

      assertThat(failure)
          .isInstanceOf(MetricsStoreException.class)
          .hasMessageContaining("statement timeout");
    }
  }

  @Test
  void theMigrationRunsUnboundedButLeavesNoUnboundedConnectionInThePool() throws Exception {
    try (var pool =
        JdbcConnection.openMigratedPool(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2,
            "migrated-test")) {
      for (int i = 0; i < 2; i++) { // both connections Flyway may have used
        try (Connection pooled = pool.getConnection();
            Connection other = pool.getConnection();
            Statement a = pooled.createStatement();
            Statement b = other.createStatement()) {
          assertThat(List.of(show(a, "statement_timeout"), show(b, "statement_timeout")))
              .containsOnly("5s");
          assertThat(List.of(show(a, "lock_timeout"), show(b, "lock_timeout"))).containsOnly("2s");
        }
      }
    }
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (var rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Test
  void anIdempotencyClaimOnALockedTableFailsAsAStoreFailureAndWorksAfterwards() throws Exception {
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2);
    try {
      locks.lockTable("idempotency_entry");
      Instant now = Instant.now();

      Throwable failure =
          failureOf(
              () ->
                  store.claim(
                      IdempotencyKey.unscoped("locked"),
                      "fp",
                      "owner",
                      now,
                      now.plus(Duration.ofMinutes(5))));

      assertThat(failure).isInstanceOf(IdempotencyStoreException.class);
      locks.release();
      assertThat(
              store.claim(
                  IdempotencyKey.unscoped("after"),
                  "fp",
                  "owner",
                  now,
                  now.plus(Duration.ofMinutes(5))))
          .isEqualTo(Claim.claimed("fp"));
    } finally {
      store.close();
    }
  }
}
