package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.MetricsStoreContract;
import org.dsm.orchestrator.core.metrics.MetricsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against the machine's PostgreSQL (127.0.0.1:5432, database "test", user
 * postgres; override with METRICS_JDBC_URL). Each run uses a schema of its own, dropped afterwards,
 * so parallel runs never meet.
 */
class JdbcMetricsStoreTest extends MetricsStoreContract {
  static final String URL =
      Optional.ofNullable(System.getenv("METRICS_JDBC_URL"))
          .orElse("jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER =
      Optional.ofNullable(System.getenv("METRICS_JDBC_USER")).orElse("postgres");
  static final String PASSWORD =
      Optional.ofNullable(System.getenv("METRICS_JDBC_PASSWORD")).orElse("");
  static final String SCHEMA =
      "metrics_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeAll
  static void migrateOnce() {
    JdbcMetricsStore.open(URL, USER, PASSWORD, SCHEMA, 2).close();
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Override
  protected MetricsStore createStore() {
    return JdbcMetricsStore.open(URL, USER, PASSWORD, SCHEMA, 2, maintenance());
  }

  @Override
  protected Optional<MetricsStore> createSecondInstance() {
    return Optional.of(JdbcMetricsStore.open(URL, USER, PASSWORD, SCHEMA, 2, maintenance()));
  }

  @Override
  protected long storedRecordCount(String fn) {
    return count("metrics_invocation", fn);
  }

  @Override
  protected long storedBucketCount(String fn) {
    return count("metrics_bucket", fn);
  }

  private static long count(String table, String fn) {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM " + SCHEMA + "." + table + " WHERE function_name = ?")) {
      statement.setString(1, fn);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void migrationsUseTheirOwnHistoryTableAndAreIdempotent() throws SQLException {
    JdbcMetricsStore.open(URL, USER, PASSWORD, SCHEMA, 1)
        .close(); // a second start migrates nothing

    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + SCHEMA
                    + "."
                    + JdbcMetricsStore.FLYWAY_HISTORY_TABLE
                    + " WHERE success AND version = '1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }
}
