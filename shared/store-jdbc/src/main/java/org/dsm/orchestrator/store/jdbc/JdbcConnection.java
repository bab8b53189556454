package org.dsm.orchestrator.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL connection both JDBC stores (metrics, idempotency, circuit hints) share: a small
 * Hikari pool on one schema, and the Flyway migration that creates or upgrades their tables. Set up
 * here once, not by each store.
 *
 * <p>Every pooled connection is bounded ({@link Timeouts}): a statement that waits on a lock or
 * runs too long is cancelled by PostgreSQL and surfaces as the store's ordinary failure, so a
 * locked table costs a request seconds (a 503) instead of hanging it and the shutdown behind it.
 */
public final class JdbcConnection {
  public static final String FLYWAY_HISTORY_TABLE = "orchestrator_metrics_schema_history";
  public static final String MIGRATIONS = "classpath:db/migration/metrics";

  private JdbcConnection() {}

  /**
   * Bounds on every pooled connection; {@link Duration#ZERO} turns one off. {@code statement} and
   * {@code lock} are PostgreSQL's statement_timeout and lock_timeout (the server cancels, the
   * connection stays usable); {@code socket} is pgjdbc's socketTimeout (whole seconds, rounded up),
   * the last resort when the server does not answer at all — keep it above {@code statement}, or a
   * merely slow statement costs the connection.
   */
  public record Timeouts(Duration statement, Duration lock, Duration socket) {
    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(15));

    public Timeouts {
      for (Duration d : new Duration[] {statement, lock, socket}) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative()) {
          throw new IllegalArgumentException("timeouts must not be negative, got " + d);
        }
      }
    }

    /** Run once on each new connection, after whatever the JDBC URL's own options set. */
    String connectionInitSql() {
      return "SET statement_timeout = "
          + statement.toMillis()
          + "; SET lock_timeout = "
          + lock.toMillis();
    }

    int socketTimeoutSeconds() {
      return (int) Math.min(Integer.MAX_VALUE, (socket.toMillis() + 999) / 1000);
    }
  }

  /**
   * How much later than the statement_timeout a deadline sets the socket gives up: equal, the two
   * raced, and the socket's "I/O error" dropped the connection in place of PostgreSQL's cancel.
   * Within the time an edge keeps for answering ({@code Deadline.RESPONSE_RESERVE_MS}).
   */
  static final int SOCKET_GRACE_MS = 200;

  /**
   * The statement_timeout (ms, 0: none) each pool this class opened sets on its connections: a
   * deadline that is not sooner needs no {@code set_config} round trip before each statement.
   */
  private static final Map<DataSource, Long> OWN_STATEMENT_MS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static <T extends DataSource> T registered(T pool, Timeouts timeouts) {
    OWN_STATEMENT_MS.put(pool, timeouts.statement().toMillis());
    return pool;
  }

  private static final String NOT_SENT =
      "not sent: no time was left before this invocation's deadline";

  /**
   * Bounds what follows on {@code connection} by {@code deadline} (a Lambda's writes before its
   * handler returns, a claim before the request is answered): PostgreSQL cancels a statement once
   * the time left is up (statement_timeout for the transaction this opens), and the socket gives up
   * {@value #SOCKET_GRACE_MS} ms later on a server that answers nothing (pgjdbc's network timeout;
   * Hikari restores it and the auto-commit on return), each only when that is sooner than the
   * connection's own bound ({@link Timeouts}), never later. A statement cancelled so aborts the
   * transaction: nothing of it commits. Take the connection with {@link #borrow} to bound the wait
   * for it too. Throws, sending nothing, when no time is left.
   *
   * @return whether a transaction was opened (false without a deadline: nothing is changed)
   */
  static boolean boundBy(DataSource pool, Connection connection, Deadline deadline)
      throws SQLException {
    if (deadline.remainingMillis() == Deadline.UNBOUNDED) {
      return false;
    }
    long left = deadline.leftMs();
    if (left <= 0) {
      throw new SQLTimeoutException(NOT_SENT);
    }
    connection.setAutoCommit(false);
    bound(pool, connection, left);
    return true;
  }

  /**
   * Bounds the next statement of the transaction {@link #boundBy} opened by the time left now
   * (statement_timeout counts per statement, so a transaction of several re-bounds each one).
   */
  static void boundNext(DataSource pool, Connection connection, Deadline deadline)
      throws SQLException {
    if (deadline.remainingMillis() == Deadline.UNBOUNDED) {
      return;
    }
    long left = deadline.leftMs();
    if (left <= 0) {
      throw new SQLTimeoutException(NOT_SENT);
    }
    bound(pool, connection, left);
  }

  private static void bound(DataSource pool, Connection connection, long left) throws SQLException {
    int ms = (int) Math.min(Integer.MAX_VALUE - SOCKET_GRACE_MS, left);
    // the server's cancel is meant to come first (the transaction surely rolled back, the
    // connection kept); the socket's timeout, a little later, is for a server that answers nothing
    int socketMs = ms + SOCKET_GRACE_MS;
    int socket = connection.getNetworkTimeout(); // 0: none
    if (socket == 0 || socketMs < socket) {
      connection.setNetworkTimeout(Runnable::run, socketMs);
    }
    Long own = OWN_STATEMENT_MS.get(pool);
    if (own != null && own > 0 && own <= ms) {
      // the connection's own statement_timeout ends each statement first: no round trip. (Time
      // left only shrinks, so no earlier statement of this transaction lowered it either)
      return;
    }
    // the lesser of the connection's own statement_timeout (0: none) and the time left
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT set_config('statement_timeout', LEAST(CASE WHEN setting::bigint > 0 THEN"
                + " setting::bigint END, ?)::text, true) FROM pg_settings"
                + " WHERE name = 'statement_timeout'")) {
      statement.setLong(1, ms);
      statement.executeQuery().close();
    }
  }

  /**
   * A connection from {@code dataSource}, waiting for a free one no longer than the time left of
   * {@code deadline} when that is sooner than the pool's own {@code connectionTimeout} (an
   * exhausted pool, a database slow to accept). Throws, waiting for nothing, when no time is left.
   */
  static Connection borrow(DataSource dataSource, Deadline deadline) throws SQLException {
    if (deadline.remainingMillis() == Deadline.UNBOUNDED
        || !(dataSource instanceof HikariDataSource hikari)) {
      return dataSource.getConnection();
    }
    long left = deadline.leftMs();
    if (left <= 0) {
      throw new SQLTimeoutException(NOT_SENT);
    }
    if (left >= hikari.getConnectionTimeout()) {
      return dataSource.getConnection();
    }
    if (hikari instanceof RotatingCredentialsPool rotating) {
      return rotating.getConnection(left);
    }
    return poolOf(hikari).getConnection(left);
  }

  /** The pool behind a started data source (every one this class opens is started). */
  static HikariPool poolOf(HikariDataSource dataSource) throws SQLException {
    if (dataSource.getHikariPoolMXBean() instanceof HikariPool pool) {
      return pool;
    }
    throw new SQLException("the pool " + dataSource.getPoolName() + " is closed or not started");
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
    return openMigratedPool(
        jdbcUrl, username, password, schema, maxPoolSize, poolName, Timeouts.DEFAULTS);
  }

  public static HikariDataSource openMigratedPool(
      String jdbcUrl,
      String username,
      String password,
      String schema,
      int maxPoolSize,
      String poolName,
      Timeouts timeouts) {
    HikariConfig config =
        credentialedPoolConfig(
            jdbcUrl, username, password, schema, maxPoolSize, poolName, timeouts);
    return migrated(registered(new HikariDataSource(config), timeouts), schema);
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
      String poolName,
      Timeouts timeouts) {
    return migrated(
        registered(
            RotatingCredentialsPool.start(
                secretPoolConfig(jdbcUrl, username, schema, maxPoolSize, poolName, timeouts),
                credentials),
            timeouts),
        schema);
  }

  /**
   * {@link #poolConfig} with the credentials, merged with any the URL carries ({@link
   * JdbcUrlCredentials}).
   */
  private static HikariConfig credentialedPoolConfig(
      String jdbcUrl,
      String username,
      String password,
      String schema,
      int maxPoolSize,
      String poolName,
      Timeouts timeouts) {
    JdbcUrlCredentials location = JdbcUrlCredentials.parse(jdbcUrl);
    HikariConfig config = poolConfig(location.url(), schema, maxPoolSize, poolName, timeouts);
    config.setUsername(location.user(username));
    config.setPassword(location.password(password));
    return config;
  }

  private static HikariConfig poolConfig(
      String jdbcUrl, String schema, int maxPoolSize, String poolName, Timeouts timeouts) {
    HikariConfig config = new HikariConfig();
    // SET rather than the pgjdbc "options" property, which options in the URL would replace
    config.setConnectionInitSql(timeouts.connectionInitSql());
    config.addDataSourceProperty("socketTimeout", String.valueOf(timeouts.socketTimeoutSeconds()));
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
      String poolName,
      Timeouts timeouts) {
    HikariConfig config =
        credentialedPoolConfig(
            jdbcUrl, username, password, schema, maxPoolSize, poolName, timeouts);
    config.setMaximumPoolSize(maxPoolSize);
    return registered(new HikariDataSource(config), timeouts);
  }

  /** The same, with credentials from a secret store ({@link RotatingCredentialsPool}). */
  public static RotatingCredentialsPool openPool(
      String jdbcUrl,
      String username,
      java.util.function.Supplier<RotatingCredentialsPool.Credentials> credentials,
      String schema,
      int maxPoolSize,
      String poolName,
      Timeouts timeouts) {
    HikariConfig config =
        secretPoolConfig(jdbcUrl, username, schema, maxPoolSize, poolName, timeouts);
    config.setMaximumPoolSize(maxPoolSize);
    return registered(RotatingCredentialsPool.start(config, credentials), timeouts);
  }

  /**
   * A pool whose password comes from a secret: the URL's user, if any, is the configured one (the
   * secret's wins when it names one), and a password in the URL is refused ({@link
   * JdbcUrlCredentials}).
   */
  static HikariConfig secretPoolConfig(
      String jdbcUrl,
      String username,
      String schema,
      int maxPoolSize,
      String poolName,
      Timeouts timeouts) {
    JdbcUrlCredentials location = JdbcUrlCredentials.parse(jdbcUrl);
    location.refusePasswordBesideSecret();
    HikariConfig config = poolConfig(location.url(), schema, maxPoolSize, poolName, timeouts);
    config.setUsername(location.user(username));
    return config;
  }

  /**
   * Creates or upgrades the tables; safe to run from many instances at once (Flyway takes a lock).
   * The migration runs without the request timeouts (an ALTER TABLE may rightly wait for running
   * requests, an index build may take long); the pool's connections it used are then replaced, so
   * none keeps the lifted bounds.
   */
  public static void migrate(DataSource dataSource, String schema) {
    Flyway.configure()
        .dataSource(new Unbounded(dataSource))
        .schemas(schema)
        .table(FLYWAY_HISTORY_TABLE)
        .locations(MIGRATIONS)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }

  /** Hands out the pool's connections with statement, lock and socket timeouts lifted. */
  private record Unbounded(DataSource pool) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return unbounded(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return unbounded(pool.getConnection(username, password));
    }

    private static Connection unbounded(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET statement_timeout = 0; SET lock_timeout = 0");
        connection.setNetworkTimeout(Runnable::run, 0); // Hikari restores it on return
        return connection;
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return pool.isWrapperFor(type);
    }
  }
}
