package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table held locked by someone else (a long migration, a stuck maintenance session) must make a
 * store call fail as the store's own failure within seconds — the 503 path — never hang the request
 * or the shutdown; and the store must work again once the lock is gone. Real PostgreSQL ({@link
 * TestPostgres}), a schema of its own. The bounds are generous: what matters is that the call
 * returns at all while the lock is still held.
 */
class LockedTableTest {
  private static final Duration RETURNS_WITHIN = Duration.ofSeconds(20);
  static final String SCHEMA =
      "locked_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private final ExecutorService caller = Executors.newSingleThreadExecutor();
  private Connection holder;

  @BeforeAll
  static void migrate() {
    JdbcMetricsStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            SCHEMA,
            2)
        .close();
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @AfterEach
  void release() throws SQLException {
    if (holder != null) {
      holder.rollback(); // frees a call the fix did not bound, so the executor can stop
      holder.close();
    }
    caller.shutdownNow();
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        JdbcMetricsStoreTest.URL, JdbcMetricsStoreTest.USER, JdbcMetricsStoreTest.PASSWORD);
  }

  private void lock(String table) throws SQLException {
    holder = connect();
    holder.setAutoCommit(false);
    try (Statement statement = holder.createStatement()) {
      statement.execute("LOCK TABLE " + SCHEMA + "." + table + " IN ACCESS EXCLUSIVE MODE");
    }
  }

  private void unlock() throws SQLException {
    holder.rollback();
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
            SCHEMA,
            2)) {
      lock("metrics_invocation");

      Throwable failure =
          failureOf(
              () ->
                  store.write(
                      List.of(InvocationRecords.ok("fn", "locked-1", "P", Instant.now(), 5))));

      assertThat(failure).isInstanceOf(MetricsStoreException.class);
      unlock();
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
                SCHEMA,
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
      lock("metrics_invocation");

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
            SCHEMA,
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
            SCHEMA,
            2);
    try {
      lock("idempotency_entry");
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
      unlock();
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
