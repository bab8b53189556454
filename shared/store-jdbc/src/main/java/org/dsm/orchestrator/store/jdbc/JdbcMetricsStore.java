package org.dsm.orchestrator.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsBuckets;
import org.dsm.orchestrator.core.metrics.MetricsQueries;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.metrics.WindowedAggregation;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link MetricsStore} on PostgreSQL. Tables (Flyway, {@code db/migration/metrics}, history table
 * {@value #FLYWAY_HISTORY_TABLE}): {@code metrics_invocation} (one row per invocation, keyed by
 * function, invocation id and start time, indexed for newest-first paging by project, function or
 * neither) and {@code metrics_bucket} (append-only bucket partials holding encoded HdrHistograms,
 * see {@link MetricsBuckets}). A write is one transaction: records are inserted with ON CONFLICT DO
 * NOTHING and only the records actually inserted go into the batch's bucket partials, so a retried
 * batch never counts twice.
 *
 * <p>Retention: reads never reach before the retention cut-off, and {@link #maintain()} (run from
 * the write path at most every few minutes per instance) deletes expired rows in bounded rounds, so
 * the tables stay at about one retention period of data. Compaction: when a read meets a settled
 * minute with several partials, it replaces them with one merged partial in one transaction (DELETE
 * … RETURNING, then INSERT of the merge of exactly the rows deleted), so concurrent readers and
 * writers never see a partial twice or miss one; the next read of that minute reads one row.
 */
public final class JdbcMetricsStore implements MetricsStore, WindowedAggregation.BoundedSource {
  private static final int MAX_ROWS_PER_INSERT = 500;
  private static final int FETCH_SIZE = 500;
  private static final int DELETE_ROUND_ROWS = 5_000;
  private static final int MAX_DELETE_ROUNDS = 20;
  private static final int MAX_COMPACTIONS_PER_READ = 500;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcMetricsStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Double>> COMPONENTS = new TypeReference<>() {};
  private static final String COLUMNS =
      "function_name, invocation_id, project_id, start_time, schema_version, "
          + "platform, trigger_source, cold_start, total_duration_ms, component_durations_ms, status_code, error_type, "
          + "memory_increase_mb, cpu_time_ms, app_version, principal, init_duration_ms";
  private static final String ORDER =
      " ORDER BY start_time DESC, invocation_id COLLATE \"C\" DESC, "
          + "function_name COLLATE \"C\" DESC";

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final StoreMaintenance maintenance;

  /** Uses a pool owned by someone else (e.g. Spring); call {@link JdbcConnection#migrate} first. */
  public JdbcMetricsStore(DataSource dataSource) {
    this(dataSource, StoreMaintenance.defaults());
  }

  public JdbcMetricsStore(DataSource dataSource, StoreMaintenance maintenance) {
    this(dataSource, null, maintenance);
  }

  private JdbcMetricsStore(
      DataSource dataSource, AutoCloseable ownedPool, StoreMaintenance maintenance) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.maintenance = maintenance;
  }

  /**
   * Opens a small Hikari pool and migrates the schema.
   *
   * @param schema the PostgreSQL schema to keep the tables in (created if missing)
   */
  public static JdbcMetricsStore open(
      String jdbcUrl, String username, String password, String schema, int maxPoolSize) {
    return open(jdbcUrl, username, password, schema, maxPoolSize, StoreMaintenance.defaults());
  }

  public static JdbcMetricsStore open(
      String jdbcUrl,
      String username,
      String password,
      String schema,
      int maxPoolSize,
      StoreMaintenance maintenance) {
    HikariDataSource pool =
        JdbcConnection.openMigratedPool(
            jdbcUrl, username, password, schema, maxPoolSize, "metrics-store");
    return new JdbcMetricsStore(pool, pool, maintenance);
  }

  @Override
  public void write(List<InvocationRecord> batch) {
    write(batch, Deadline.NONE);
  }

  /**
   * The transaction bounded by what is left of {@code deadline}: the wait for a connection ({@link
   * JdbcConnection#borrow}) and each statement ({@link JdbcConnection#boundBy}).
   */
  @Override
  public void write(List<InvocationRecord> batch, Deadline deadline) {
    if (batch.isEmpty()) {
      return;
    }
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      connection.setAutoCommit(false);
      try {
        JdbcConnection.boundBy(dataSource, connection, deadline);
        List<InvocationRecord> inserted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i += MAX_ROWS_PER_INSERT) {
          if (i > 0) {
            JdbcConnection.boundNext(
                dataSource, connection, deadline); // statement_timeout is per statement
          }
          inserted.addAll(
              insertRecords(
                  connection, batch.subList(i, Math.min(batch.size(), i + MAX_ROWS_PER_INSERT))));
        }
        JdbcConnection.boundNext(dataSource, connection, deadline);
        insertPartials(connection, MetricsBuckets.partials(inserted));
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new MetricsStoreException("PostgreSQL metrics write failed: " + e.getMessage(), e);
    }
    if (maintenance.due()) {
      try {
        sweep(deadline);
      } catch (RuntimeException e) { // upkeep never fails a write; the next due write retries it
        LOG.warn("metrics retention sweep failed: {}", e.toString());
      }
    }
  }

  /**
   * Deletes records and bucket partials older than the retention, {@value #DELETE_ROUND_ROWS} rows
   * per statement and at most {@value #MAX_DELETE_ROUNDS} statements per table and call, so one
   * sweep never holds long locks; a backlog shrinks over the following sweeps.
   */
  @Override
  public void maintain() {
    sweep(Deadline.NONE);
  }

  /**
   * {@link #maintain()} by {@code deadline}: run from a Lambda's write, each round is bounded by
   * the time left and commits on its own, and none starts once it is gone (a backlog then waits for
   * the next sweep, as it does beyond the rounds of one).
   */
  private void sweep(Deadline deadline) {
    Instant cutoff = maintenance.cutoff();
    deleteExpired("metrics_invocation", "start_time", cutoff, deadline);
    // a bucket goes once all of it is expired (reads clip the rest at the cut-off)
    deleteExpired(
        "metrics_bucket",
        "bucket_start",
        cutoff.minus(MetricsBuckets.BUCKET).plusNanos(1),
        deadline);
  }

  /** Rows deleted. */
  private long deleteExpired(String table, String timeColumn, Instant before, Deadline deadline) {
    String sql =
        "DELETE FROM "
            + table
            + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
            + table
            + " WHERE "
            + timeColumn
            + " < ? LIMIT "
            + DELETE_ROUND_ROWS
            + "))";
    long deleted = 0;
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      boolean bounded = JdbcConnection.boundBy(dataSource, connection, deadline);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setObject(1, timestamp(before));
        for (int round = 0; round < MAX_DELETE_ROUNDS; round++) {
          if (bounded && round > 0) {
            JdbcConnection.boundBy(
                dataSource, connection, deadline); // the next round's transaction
          }
          int rows = statement.executeUpdate();
          if (bounded) {
            connection.commit();
          }
          deleted += rows;
          if (rows < DELETE_ROUND_ROWS) {
            break;
          }
        }
      }
    } catch (SQLException e) {
      throw new MetricsStoreException("PostgreSQL retention sweep failed: " + e.getMessage(), e);
    }
    return deleted;
  }

  private List<InvocationRecord> insertRecords(
      Connection connection, List<InvocationRecord> records) throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO metrics_invocation (" + COLUMNS + ") VALUES ");
    for (int i = 0; i < records.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?)");
    }
    sql.append(
        " ON CONFLICT (function_name, invocation_id, start_time) DO NOTHING"
            + " RETURNING function_name, invocation_id, start_time");
    Set<List<Object>> insertedKeys = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (InvocationRecord r : records) {
        statement.setString(p++, r.function());
        statement.setString(p++, r.invocationId());
        statement.setString(p++, r.projectId());
        statement.setObject(p++, timestamp(r.startTime()));
        statement.setInt(p++, r.schemaVersion());
        statement.setString(p++, r.platform());
        statement.setString(p++, r.trigger());
        statement.setBoolean(p++, r.coldStart());
        statement.setDouble(p++, r.totalDurationMs());
        statement.setString(p++, json(r.componentDurationsMs()));
        statement.setInt(p++, r.statusCode());
        statement.setString(p++, r.errorType());
        statement.setDouble(p++, r.memoryIncreaseMb());
        statement.setDouble(p++, r.cpuTimeMs());
        statement.setString(p++, r.appVersion());
        statement.setString(p++, r.principal());
        statement.setObject(p++, r.initDurationMs(), java.sql.Types.DOUBLE);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          insertedKeys.add(
              List.of(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return records.stream()
        .filter(
            r ->
                insertedKeys.remove(
                    List.of(r.function(), r.invocationId(), timestamp(r.startTime()).toInstant())))
        .toList();
  }

  private static void insertPartials(Connection connection, List<MetricsBuckets.Partial> partials)
      throws SQLException {
    if (partials.isEmpty()) {
      return;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO metrics_bucket (partial_id, "
                + "function_name, project_id, bucket_start, invocations, histograms) VALUES (?,?,?,?,?,?) "
                + "ON CONFLICT (partial_id) DO NOTHING")) {
      for (MetricsBuckets.Partial partial : partials) {
        statement.setString(1, partial.partialId());
        statement.setString(2, partial.key().function());
        statement.setString(3, partial.key().projectId());
        statement.setObject(4, timestamp(partial.key().bucketStart()));
        statement.setLong(5, partial.bucket().invocations());
        statement.setBytes(6, partial.bucket().encode());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  @Override
  public RecordPage query(MetricsQuery query) {
    return query(query, Deadline.NONE);
  }

  /** Bounded by what is left of {@code deadline}: the wait for a connection and the statement. */
  @Override
  public RecordPage query(MetricsQuery query, Deadline deadline) {
    MetricsQueries.validate(query);
    MetricsQueries.Cursor cursor =
        query.pageToken() == null ? null : MetricsQueries.Cursor.decode(query.pageToken());
    Instant from = maintenance.clampFrom(query.from());
    if (!from.isBefore(query.to())) {
      return new RecordPage(List.of(), null);
    }
    Filter filter = Filter.of(query.function(), query.projectId(), "start_time", from, query.to());
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM metrics_invocation WHERE ")
            .append(filter.sql());
    List<Object> parameters = new ArrayList<>(filter.parameters());
    if (cursor != null) {
      sql.append(
          " AND (start_time, invocation_id COLLATE \"C\", function_name COLLATE \"C\") < (?, ?, ?)");
      parameters.add(timestamp(cursor.startTime()));
      parameters.add(cursor.invocationId());
      parameters.add(cursor.function());
    }
    sql.append(ORDER).append(" LIMIT ").append(query.pageSize() + 1);
    List<InvocationRecord> records = new ArrayList<>();
    select(sql.toString(), parameters, rows -> records.add(toRecord(rows)), deadline);
    return MetricsQueries.page(records, query.pageSize());
  }

  @Override
  public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
    return WindowedAggregation.aggregate(this, function, projectId, from, to, maintenance);
  }

  /** Each of its reads (and the compaction a read may run) bounded by what is left of it. */
  @Override
  public MetricsAggregate aggregate(
      String function, String projectId, Instant from, Instant to, Deadline deadline) {
    return WindowedAggregation.aggregate(
        boundedBy(deadline), function, projectId, from, to, maintenance);
  }

  @Override
  public void forEachBucket(
      String function,
      String projectId,
      Instant fromBucket,
      Instant toBucket,
      Consumer<BucketAccumulator> sink,
      Deadline deadline) {
    Filter filter = Filter.of(function, projectId, "bucket_start", fromBucket, toBucket);
    Instant now = maintenance.now();
    Map<MetricsBuckets.BucketKey, List<String>> settled = new HashMap<>();
    select(
        "SELECT histograms, partial_id, function_name, project_id, bucket_start FROM metrics_bucket WHERE "
            + filter.sql(),
        filter.parameters(),
        rows -> {
          sink.accept(BucketAccumulator.decode(rows.getBytes(1)));
          Instant bucketStart = rows.getObject(5, OffsetDateTime.class).toInstant();
          if (MetricsBuckets.settled(bucketStart, now)) {
            settled
                .computeIfAbsent(
                    new MetricsBuckets.BucketKey(rows.getString(3), rows.getString(4), bucketStart),
                    ignored -> new ArrayList<>())
                .add(rows.getString(2));
          }
        },
        deadline);
    List<Map.Entry<MetricsBuckets.BucketKey, List<String>>> groups =
        settled.entrySet().stream()
            .filter(group -> group.getValue().size() > 1)
            .limit(MAX_COMPACTIONS_PER_READ)
            .toList();
    if (!groups.isEmpty()) {
      try {
        compact(groups, deadline);
      } catch (RuntimeException e) { // the read already has its answer; compaction can wait
        LOG.warn("metrics bucket compaction failed: {}", e.toString());
      }
    }
  }

  /** Replaces each group of partials of one settled minute with their merge, in one transaction. */
  private void compact(
      List<Map.Entry<MetricsBuckets.BucketKey, List<String>>> groups, Deadline deadline) {
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      connection.setAutoCommit(false);
      JdbcConnection.boundBy(dataSource, connection, deadline);
      try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM metrics_bucket WHERE partial_id = ANY(?) RETURNING histograms");
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO metrics_bucket (partial_id, function_name, project_id, bucket_start,"
                      + " invocations, histograms) VALUES (?,?,?,?,?,?)")) {
        for (Map.Entry<MetricsBuckets.BucketKey, List<String>> group : groups) {
          JdbcConnection.boundNext(dataSource, connection, deadline);
          delete.setArray(1, connection.createArrayOf("text", group.getValue().toArray()));
          BucketAccumulator merged = new BucketAccumulator();
          int taken = 0;
          try (ResultSet rows = delete.executeQuery()) {
            while (rows.next()) {
              merged.merge(BucketAccumulator.decode(rows.getBytes(1)));
              taken++;
            }
          }
          if (taken == 0) {
            continue; // another instance compacted this minute first
          }
          MetricsBuckets.BucketKey key = group.getKey();
          insert.setString(1, "merged-" + UUID.randomUUID());
          insert.setString(2, key.function());
          insert.setString(3, key.projectId());
          insert.setObject(4, timestamp(key.bucketStart()));
          insert.setLong(5, merged.invocations());
          insert.setBytes(6, merged.encode());
          insert.addBatch();
        }
        JdbcConnection.boundNext(dataSource, connection, deadline);
        insert.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new MetricsStoreException("PostgreSQL bucket compaction failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void forEachRecord(
      String function,
      String projectId,
      Instant from,
      Instant to,
      Consumer<InvocationRecord> sink,
      Deadline deadline) {
    Filter filter = Filter.of(function, projectId, "start_time", maintenance.clampFrom(from), to);
    select(
        "SELECT " + COLUMNS + " FROM metrics_invocation WHERE " + filter.sql(),
        filter.parameters(),
        rows -> sink.accept(toRecord(rows)),
        deadline);
  }

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new MetricsStoreException("closing the metrics pool failed", e);
      }
    }
  }

  private interface RowHandler {
    void handle(ResultSet rows) throws SQLException;
  }

  private void select(String sql, List<Object> parameters, RowHandler handler, Deadline deadline) {
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      connection.setAutoCommit(
          false); // lets the driver stream with a cursor instead of loading every row
      JdbcConnection.boundBy(dataSource, connection, deadline);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(FETCH_SIZE);
        for (int i = 0; i < parameters.size(); i++) {
          statement.setObject(i + 1, parameters.get(i));
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            handler.handle(rows);
          }
        }
      } finally {
        connection.rollback(); // read only: nothing to keep
      }
    } catch (SQLException e) {
      throw new MetricsStoreException("PostgreSQL metrics query failed: " + e.getMessage(), e);
    }
  }

  /** A WHERE clause over the time column and the optional function/project filters (null = any). */
  private record Filter(String sql, List<Object> parameters) {
    static Filter of(
        String function, String projectId, String timeColumn, Instant from, Instant to) {
      StringBuilder sql = new StringBuilder(timeColumn + " >= ? AND " + timeColumn + " < ?");
      List<Object> parameters = new ArrayList<>(List.of(timestamp(from), timestamp(to)));
      if (function != null) {
        sql.append(" AND function_name = ?");
        parameters.add(function);
      }
      if (projectId != null) {
        sql.append(" AND project_id = ?");
        parameters.add(projectId);
      }
      return new Filter(sql.toString(), parameters);
    }
  }

  private static InvocationRecord toRecord(ResultSet rows) throws SQLException {
    try {
      return new InvocationRecord(
          rows.getInt("schema_version"),
          rows.getString("function_name"),
          rows.getString("invocation_id"),
          rows.getString("project_id"),
          rows.getString("platform"),
          rows.getString("trigger_source"),
          rows.getBoolean("cold_start"),
          rows.getObject("start_time", OffsetDateTime.class).toInstant(),
          rows.getDouble("total_duration_ms"),
          JSON.readValue(rows.getString("component_durations_ms"), COMPONENTS),
          rows.getInt("status_code"),
          rows.getString("error_type"),
          rows.getDouble("memory_increase_mb"),
          rows.getDouble("cpu_time_ms"),
          rows.getString("app_version"),
          rows.getString("principal"),
          rows.getObject("init_duration_ms", Double.class));
    } catch (JacksonException e) {
      throw new MetricsStoreException("unreadable component durations in metrics_invocation", e);
    }
  }

  /** At PostgreSQL's precision (microseconds), so a key read back equals the one written. */
  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static String json(Map<String, Double> components) {
    try {
      return JSON.writeValueAsString(components);
    } catch (JacksonException e) {
      throw new MetricsStoreException("component durations not serialisable", e);
    }
  }
}
