package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.fixtures.MutableClock;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.junit.jupiter.api.Test;

/**
 * Not part of the default suite (the name does not end in Test): a long run showing that retention
 * keeps the PostgreSQL tables bounded and the report's aggregate latency flat. It writes {@code
 * soak.records} (default 1,000,000) records spread evenly over {@code soak.days} (default 10)
 * simulated days with a one-day retention, in batches of 100 as the buffered recorder writes them,
 * and prints the row counts and aggregate latencies once per simulated half day. Run:
 *
 * <pre>
 * METRICS_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/test mvn -B test -pl shared/core,shared/store-jdbc \
 *   -Dtest=RetentionSoak -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class RetentionSoak {
  private static final int PROJECTS = 10;
  private static final int BATCH = 100;
  private static final Duration RETENTION = Duration.ofDays(1);

  @Test
  void rowCountStaysBoundedAndReportLatencyFlat() throws SQLException {
    long total = Long.getLong("soak.records", 1_000_000);
    int days = Integer.getInteger("soak.days", 10);
    String schema = "metrics_soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Instant start = Instant.parse("2035-01-01T00:00:00Z");
    MutableClock clock = new MutableClock(start);
    long spacingNanos = Duration.ofDays(days).toNanos() / total;
    long perCheckpoint = total / (days * 2L);
    List<long[]> rows = new ArrayList<>();
    try (JdbcMetricsStore store =
        JdbcMetricsStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema,
            2,
            new StoreMaintenance(RETENTION, clock))) {
      System.out.printf(
          "%n| simulated day | records written | invocation rows | bucket rows | aggregate 1 h (ms, median of 5) | aggregate 24 h (ms, median of 5) |%n|---|---|---|---|---|---|%n");
      List<InvocationRecord> batch = new ArrayList<>(BATCH);
      for (long i = 0; i < total; i++) {
        Instant at = start.plusNanos(i * spacingNanos);
        batch.add(
            InvocationRecords.record(
                "orchestrate",
                "inv-" + i,
                "P-" + (i % PROJECTS),
                at,
                5 + (i % 97),
                Map.of("decision", 0.5 + (i % 13), "state_fetch", 1.0 + (i % 31)),
                i % 50 == 0 ? 500 : 200,
                i % 50 == 0 ? "Internal" : null,
                i % 200 == 0));
        if (batch.size() == BATCH) {
          clock.set(at.plusSeconds(1)); // written a second after the batch's last start
          store.write(batch);
          batch.clear();
        }
        if ((i + 1) % perCheckpoint == 0) {
          Instant now = clock.instant();
          long hour =
              medianMillis(
                  () ->
                      store
                          .aggregate("orchestrate", "P-3", now.minus(Duration.ofHours(1)), now)
                          .invocations());
          long day =
              medianMillis(
                  () ->
                      store
                          .aggregate("orchestrate", "P-3", now.minus(Duration.ofDays(1)), now)
                          .invocations());
          long[] counts = counts(schema);
          rows.add(new long[] {i + 1, counts[0], counts[1], hour, day});
          System.out.printf(
              "| %.1f | %,d | %,d | %,d | %.1f | %.1f |%n",
              Duration.between(start, now).toMinutes() / 1440.0,
              i + 1,
              counts[0],
              counts[1],
              hour / 1e3,
              day / 1e3);
        }
      }
    } finally {
      ScratchSchema.drop(schema);
    }
    long perDay = total / days;
    // after the first retention period the table holds about one day of records (plus at most one
    // sweep interval's backlog), however many were written
    rows.stream()
        .filter(r -> r[0] > 2 * perDay)
        .forEach(r -> assertThat(r[1]).isLessThan((long) (perDay * 1.1)));
  }

  private interface Read {
    long run();
  }

  /** Median wall time of five runs, in microseconds. */
  private static long medianMillis(Read read) {
    long[] micros = new long[5];
    for (int i = 0; i < micros.length; i++) {
      long t0 = System.nanoTime();
      read.run();
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(micros);
    return micros[2];
  }

  private static long[] counts(String schema) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                JdbcMetricsStoreTest.URL,
                JdbcMetricsStoreTest.USER,
                JdbcMetricsStoreTest.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM "
                    + schema
                    + ".metrics_invocation), (SELECT count(*) FROM "
                    + schema
                    + ".metrics_bucket)")) {
      result.next();
      return new long[] {result.getLong(1), result.getLong(2)};
    }
  }
}
