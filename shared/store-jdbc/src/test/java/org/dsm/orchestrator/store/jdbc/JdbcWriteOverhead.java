package org.dsm.orchestrator.store.jdbc;

import java.sql.SQLException;
import org.dsm.orchestrator.core.fixtures.WriteOverheadBenchmark;

/**
 * Write overhead of the PostgreSQL store (local server), in a throwaway schema; see
 * WriteOverheadBenchmark.
 */
public final class JdbcWriteOverhead {
  private JdbcWriteOverhead() {}

  public static void main(String[] args) throws SQLException {
    String schema = "metrics_bench_" + System.nanoTime();
    try {
      for (int round = 0; round < 2; round++) {
        WriteOverheadBenchmark.run(
            "jdbc",
            () ->
                JdbcMetricsStore.open(
                    JdbcMetricsStoreTest.URL,
                    JdbcMetricsStoreTest.USER,
                    JdbcMetricsStoreTest.PASSWORD,
                    schema,
                    4),
            2_000,
            200);
      }
    } finally {
      ScratchSchema.drop(schema);
    }
  }
}
