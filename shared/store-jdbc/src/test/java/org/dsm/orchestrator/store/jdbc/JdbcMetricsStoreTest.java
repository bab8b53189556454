package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.dsm.orchestrator.core.fixtures.MetricsStoreContract;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract against a real PostgreSQL ({@link TestPostgres}: the configured server, else
 * Testcontainers, else embedded). Each run uses a schema of its own, dropped afterwards, so
 * parallel runs never meet.
 */
class JdbcMetricsStoreTest extends MetricsStoreContract {
  static final TestPostgres.Database DATABASE = TestPostgres.get();
  static final String URL = DATABASE.url();
  static final String USER = DATABASE.user();
  static final String PASSWORD = DATABASE.password();

  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("metrics_test");

  @BeforeAll
  static void migrateOnce() {
    JdbcMetricsStore.open(URL, USER, PASSWORD, schema.name(), 2).close();
  }

  @Override
  protected MetricsStore createStore() {
    return JdbcMetricsStore.open(URL, USER, PASSWORD, schema.name(), 2, maintenance());
  }

  @Override
  protected Optional<MetricsStore> createSecondInstance() {
    return Optional.of(JdbcMetricsStore.open(URL, USER, PASSWORD, schema.name(), 2, maintenance()));
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
    try (Connection connection = ScratchSchema.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM " + schema.table(table) + " WHERE function_name = ?")) {
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
    JdbcMetricsStore.open(URL, USER, PASSWORD, schema.name(), 1)
        .close(); // a second start migrates nothing

    try (Connection connection = ScratchSchema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + schema.name()
                    + "."
                    + JdbcConnection.FLYWAY_HISTORY_TABLE
                    + " WHERE success AND version = '1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }
}
