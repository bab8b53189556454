package org.dsm.orchestrator.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL connection both JDBC stores (metrics, idempotency, circuit hints) share: a small
 * Hikari pool on one schema, and the Flyway migration that creates or upgrades their tables. Set up
 * here once, not by each store.
 */
public final class JdbcConnection {
  public static final String FLYWAY_HISTORY_TABLE = "orchestrator_metrics_schema_history";
  public static final String MIGRATIONS = "classpath:db/migration/metrics";

  private JdbcConnection() {}

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
}
