package org.dsm.orchestrator.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsBuckets;
import org.dsm.orchestrator.core.metrics.MetricsQueries;
import org.dsm.orchestrator.core.metrics.MetricsStore;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.metrics.WindowedAggregation;
import org.flywaydb.core.Flyway;

/**
 * {@link MetricsStore} on PostgreSQL. Tables (Flyway, {@code db/migration/metrics}, history table
 * {@value #FLYWAY_HISTORY_TABLE}): {@code metrics_invocation} (one row per invocation, keyed by
 * function and invocation id, indexed for newest-first paging by project, function or neither) and
 * {@code metrics_bucket} (append-only bucket partials holding encoded HdrHistograms, see {@link
 * MetricsBuckets}). A write is one transaction: records are inserted with ON CONFLICT DO NOTHING
 * and only the records actually inserted go into the batch's bucket partials, so a retried batch
 * never counts twice.
 */
public final class JdbcMetricsStore implements MetricsStore, WindowedAggregation.Source {
  public static final String FLYWAY_HISTORY_TABLE = "orchestrator_metrics_schema_history";
  public static final String MIGRATIONS = "classpath:db/migration/metrics";
  private static final int MAX_ROWS_PER_INSERT = 500;
  private static final int FETCH_SIZE = 500;
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

  /** Uses a pool owned by someone else (e.g. Spring); call {@link #migrate} first. */
  public JdbcMetricsStore(DataSource dataSource) {
    this(dataSource, null);
  }

  private JdbcMetricsStore(DataSource dataSource, AutoCloseable ownedPool) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
  }

  /**
   * Opens a small Hikari pool and migrates the schema.
   *
   * @param schema the PostgreSQL schema to keep the tables in (created if missing)
   */
  public static JdbcMetricsStore open(
      String jdbcUrl, String username, String password, String schema, int maxPoolSize) {
    HikariDataSource pool =
        openMigratedPool(jdbcUrl, username, password, schema, maxPoolSize, "metrics-store");
    return new JdbcMetricsStore(pool, pool);
  }

  /**
   * A small Hikari pool on a migrated schema; shared by the JDBC stores, closed again if migration
   * fails.
   */
  public static HikariDataSource openMigratedPool(
      String jdbcUrl,
      String username,
      String password,
      String schema,
      int maxPoolSize,
      String poolName) {
    HikariConfig config = poolConfig(jdbcUrl, schema, maxPoolSize, poolName);
    config.setUsername(username);
    config.setPassword(password);
    return migrated(new HikariDataSource(config), schema);
  }

  /**
   * The same, with credentials from a secret store, fetched again whenever the database refuses
   * them ({@link RotatingCredentialsPool}); {@code username} is used unless the secret names one.
   */
  public static RotatingCredentialsPool openMigratedPool(
      String jdbcUrl,
      String username,
      java.util.function.Supplier<RotatingCredentialsPool.Credentials> credentials,
      String schema,
      int maxPoolSize,
      String poolName) {
    HikariConfig config = poolConfig(jdbcUrl, schema, maxPoolSize, poolName);
    config.setUsername(username);
    return migrated(RotatingCredentialsPool.start(config, credentials), schema);
  }

  private static HikariConfig poolConfig(
      String jdbcUrl, String schema, int maxPoolSize, String poolName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setSchema(schema);
    config.setMaximumPoolSize(
        Math.max(2, maxPoolSize)); // Flyway holds a lock connection while migrating
    config.setPoolName(poolName);
    config.setConnectionTimeout(5_000);
    return config;
  }

  private static <P extends HikariDataSource> P migrated(P pool, String schema) {
    try {
      migrate(pool, schema);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * A small Hikari pool on an already migrated schema (see {@link #migrate}); {@code maxPoolSize}
   * may be 1, e.g. on Lambda, where an instance serves one request at a time.
   */
  public static HikariDataSource openPool(
      String jdbcUrl,
      String username,
      String password,
      String schema,
      int maxPoolSize,
      String poolName) {
    HikariConfig config = poolConfig(jdbcUrl, schema, maxPoolSize, poolName);
    config.setMaximumPoolSize(maxPoolSize);
    config.setUsername(username);
    config.setPassword(password);
    return new HikariDataSource(config);
  }

  /** The same, with credentials from a secret store ({@link RotatingCredentialsPool}). */
  public static RotatingCredentialsPool openPool(
      String jdbcUrl,
      String username,
      java.util.function.Supplier<RotatingCredentialsPool.Credentials> credentials,
      String schema,
      int maxPoolSize,
      String poolName) {
    HikariConfig config = poolConfig(jdbcUrl, schema, maxPoolSize, poolName);
    config.setMaximumPoolSize(maxPoolSize);
    config.setUsername(username);
    return RotatingCredentialsPool.start(config, credentials);
  }

  /**
   * Creates or upgrades the tables; safe to run from many instances at once (Flyway takes a lock).
   */
  public static void migrate(DataSource dataSource, String schema) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .table(FLYWAY_HISTORY_TABLE)
        .locations(MIGRATIONS)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  @Override
  public void write(List<InvocationRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<InvocationRecord> inserted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i += MAX_ROWS_PER_INSERT) {
          inserted.addAll(
              insertRecords(
                  connection, batch.subList(i, Math.min(batch.size(), i + MAX_ROWS_PER_INSERT))));
        }
        insertPartials(connection, MetricsBuckets.partials(inserted));
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new MetricsStoreException("PostgreSQL metrics write failed: " + e.getMessage(), e);
    }
  }

  private List<InvocationRecord> insertRecords(
      Connection connection, List<InvocationRecord> records) throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO metrics_invocation (" + COLUMNS + ") VALUES ");
    for (int i = 0; i < records.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?)");
    }
    sql.append(
        " ON CONFLICT (function_name, invocation_id) DO NOTHING RETURNING function_name, invocation_id");
    Set<List<String>> insertedKeys = new HashSet<>();
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
          insertedKeys.add(List.of(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return records.stream()
        .filter(r -> insertedKeys.remove(List.of(r.function(), r.invocationId())))
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
    MetricsQueries.validate(query);
    MetricsQueries.Cursor cursor =
        query.pageToken() == null ? null : MetricsQueries.Cursor.decode(query.pageToken());
    Filter filter =
        Filter.of(query.function(), query.projectId(), "start_time", query.from(), query.to());
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
    select(sql.toString(), parameters, rows -> records.add(toRecord(rows)));
    return MetricsQueries.page(records, query.pageSize());
  }

  @Override
  public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
    return WindowedAggregation.aggregate(this, function, projectId, from, to);
  }

  @Override
  public void forEachBucket(
      String function,
      String projectId,
      Instant fromBucket,
      Instant toBucket,
      Consumer<BucketAccumulator> sink) {
    Filter filter = Filter.of(function, projectId, "bucket_start", fromBucket, toBucket);
    select(
        "SELECT histograms FROM metrics_bucket WHERE " + filter.sql(),
        filter.parameters(),
        rows -> sink.accept(BucketAccumulator.decode(rows.getBytes(1))));
  }

  @Override
  public void forEachRecord(
      String function,
      String projectId,
      Instant from,
      Instant to,
      Consumer<InvocationRecord> sink) {
    Filter filter = Filter.of(function, projectId, "start_time", from, to);
    select(
        "SELECT " + COLUMNS + " FROM metrics_invocation WHERE " + filter.sql(),
        filter.parameters(),
        rows -> sink.accept(toRecord(rows)));
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

  private void select(String sql, List<Object> parameters, RowHandler handler) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(
          false); // lets the driver stream with a cursor instead of loading every row
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
    } catch (IOException e) {
      throw new MetricsStoreException("unreadable component durations in metrics_invocation", e);
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String json(Map<String, Double> components) {
    try {
      return JSON.writeValueAsString(components);
    } catch (IOException e) {
      throw new MetricsStoreException("component durations not serialisable", e);
    }
  }
}
