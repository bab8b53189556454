package org.dsm.orchestrator.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.dsm.orchestrator.core.metrics.GroundTruthContract;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterAll;

/** {@link GroundTruthContract} on a real PostgreSQL, in a schema of its own dropped afterwards. */
class JdbcGroundTruthTest extends GroundTruthContract {
  private static final TestPostgres.Database DATABASE = TestPostgres.get();
  private static final String SCHEMA =
      "ground_truth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(DATABASE.url(), DATABASE.user(), DATABASE.password());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Override
  protected MetricsStore createStore(StoreMaintenance maintenance) {
    return JdbcMetricsStore.open(
        DATABASE.url(), DATABASE.user(), DATABASE.password(), SCHEMA, 2, maintenance);
  }
}
