package org.dsm.orchestrator.functions.config;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import javax.sql.DataSource;
import org.dsm.orchestrator.store.dynamodb.DynamoDbConnection;
import org.dsm.orchestrator.store.jdbc.JdbcConnection;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one connection to the configured store (METRICS_STORE), shared by the metrics and the
 * idempotency store: one DynamoDB client, or one migrated PostgreSQL pool — not one per store, so
 * start-up runs one migration and one client set-up. {@code dynamo} and {@code jdbc} are null
 * unless that store was chosen.
 *
 * <p>Both open lazily and can be {@link #drain drained}: before a SnapStart snapshot every pooled
 * connection and client is closed, and the next call after the restore opens new ones, so no socket
 * is captured in the snapshot (a restored copy would share it with every other copy). On Lambda the
 * pool holds one connection: an instance serves one request at a time.
 */
public record StoreConnection(
    String kind, String table, DynamoDbClient dynamo, DataSource jdbc, Drainable drain)
    implements AutoCloseable {
  public static final String MEMORY = "memory";
  public static final String DYNAMODB = "dynamodb";
  public static final String JDBC = "jdbc";
  static final String JDBC_SCHEMA = "orchestrator_metrics";
  static final int POOL_SIZE = 6;
  static final int LAMBDA_POOL_SIZE = 1;
  private static final Drainable NOTHING =
      new Drainable() {
        @Override
        public void drain() {}

        @Override
        public void close() {}
      };

  /** Closes live connections; the next use reopens them. {@link #close} is for good. */
  public interface Drainable extends AutoCloseable {
    void drain();

    /** After a restore: set up what needs no connection, so the first call does not pay for it. */
    default void prepare() {}

    @Override
    void close();
  }

  static StoreConnection open(Settings s, String platform) {
    String kind =
        s.choice(
            EnvironmentVariables.METRICS_STORE, MEMORY, java.util.Set.of(MEMORY, DYNAMODB, JDBC));
    return switch (kind) {
      case DYNAMODB -> {
        String region = s.text(EnvironmentVariables.AWS_REGION, "us-east-1");
        String endpoint = s.text(EnvironmentVariables.METRICS_DYNAMODB_ENDPOINT, null);
        URI uri = endpoint == null ? null : URI.create(endpoint);
        ReopeningDynamoDbClient client =
            new ReopeningDynamoDbClient(
                () -> DynamoDbConnection.client(region, uri, ApacheHttpClient.builder()));
        yield new StoreConnection(
            kind,
            s.text(EnvironmentVariables.METRICS_TABLE, "dsm-orchestrator-metrics"),
            client.proxy(),
            null,
            client);
      }
      case JDBC -> jdbc(s, kind, platform);
      default -> new StoreConnection(kind, null, null, null, NOTHING);
    };
  }

  /**
   * The PostgreSQL pool, migrated once at start (Flyway needs two connections), then of {@code
   * size} connections. With METRICS_JDBC_PASSWORD_SECRET_ARN the password (and optionally the user)
   * comes from Secrets Manager at start and again whenever the database refuses it (a rotation);
   * otherwise from METRICS_JDBC_PASSWORD (the Kubernetes Secret on Knative).
   */
  private static StoreConnection jdbc(Settings s, String kind, String platform) {
    String url = required(s, EnvironmentVariables.METRICS_JDBC_URL);
    String user = s.text(EnvironmentVariables.METRICS_JDBC_USER, null);
    String password = s.text(EnvironmentVariables.METRICS_JDBC_PASSWORD, null);
    String secretArn = s.text(EnvironmentVariables.METRICS_JDBC_PASSWORD_SECRET_ARN, null);
    int size = platform.equals(Platform.LAMBDA) ? LAMBDA_POOL_SIZE : POOL_SIZE;
    String name = "orchestrator-store";
    JdbcConnection.Timeouts timeouts = jdbcTimeouts(s);
    if (secretArn == null) {
      HikariDataSource migrated =
          JdbcConnection.openMigratedPool(url, user, password, JDBC_SCHEMA, size, name, timeouts);
      ReopeningDataSource pool =
          new ReopeningDataSource(
              firstPool(migrated, size),
              () -> JdbcConnection.openPool(url, user, password, JDBC_SCHEMA, size, name, timeouts),
              null);
      return new StoreConnection(kind, null, null, pool, pool);
    }
    if (password != null) {
      throw new IllegalStateException(
          "set either "
              + EnvironmentVariables.METRICS_JDBC_PASSWORD
              + " or "
              + EnvironmentVariables.METRICS_JDBC_PASSWORD_SECRET_ARN
              + ", not both");
    }
    SecretsManagerCredentials credentials =
        SecretsManagerCredentials.create(
            s.text(EnvironmentVariables.AWS_REGION, "us-east-1"), secretArn);
    // the pools share the credentials and must not close them when drained; the pool after the
    // migration's uses what the migration fetched, later ones (after a restore, a rotation) fetch
    java.util.function.Supplier<org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials>
        shared = new FetchedForNextPool(credentials);
    try {
      HikariDataSource migrated =
          JdbcConnection.openMigratedPool(url, user, shared, JDBC_SCHEMA, size, name, timeouts);
      ReopeningDataSource pool =
          new ReopeningDataSource(
              firstPool(migrated, size),
              () -> JdbcConnection.openPool(url, user, shared, JDBC_SCHEMA, size, name, timeouts),
              credentials);
      return new StoreConnection(kind, null, null, pool, pool);
    } catch (RuntimeException e) {
      credentials.close();
      throw e;
    }
  }

  /**
   * Statement, lock and socket timeouts of every pooled connection (0 = off); the socket timeout,
   * the last resort, must exceed the statement timeout or a slow statement would cost the
   * connection.
   */
  static JdbcConnection.Timeouts jdbcTimeouts(Settings s) {
    var defaults = JdbcConnection.Timeouts.DEFAULTS;
    int statement =
        s.integer(
            EnvironmentVariables.METRICS_JDBC_STATEMENT_TIMEOUT_MS,
            (int) defaults.statement().toMillis(),
            0,
            600_000);
    int lock =
        s.integer(
            EnvironmentVariables.METRICS_JDBC_LOCK_TIMEOUT_MS,
            (int) defaults.lock().toMillis(),
            0,
            600_000);
    int socket =
        s.integer(
            EnvironmentVariables.METRICS_JDBC_SOCKET_TIMEOUT_MS,
            (int) defaults.socket().toMillis(),
            0,
            3_600_000);
    if (socket > 0 && (statement == 0 || socket <= statement)) {
      throw new IllegalStateException(
          EnvironmentVariables.METRICS_JDBC_SOCKET_TIMEOUT_MS
              + " ("
              + socket
              + ") must exceed "
              + EnvironmentVariables.METRICS_JDBC_STATEMENT_TIMEOUT_MS
              + " ("
              + statement
              + "), or be 0");
    }
    return new JdbcConnection.Timeouts(
        java.time.Duration.ofMillis(statement),
        java.time.Duration.ofMillis(lock),
        java.time.Duration.ofMillis(socket));
  }

  /** Hands the first fetch to the next caller too: the pool opened right after the migration. */
  private static final class FetchedForNextPool
      implements java.util.function.Supplier<
          org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials> {
    private final SecretsManagerCredentials source;
    private org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials pending;
    private boolean fetched;

    FetchedForNextPool(SecretsManagerCredentials source) {
      this.source = source;
    }

    @Override
    public synchronized org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials get() {
      if (pending != null) {
        var credentials = pending;
        pending = null;
        return credentials;
      }
      var credentials = source.get();
      if (!fetched) {
        fetched = true;
        pending = credentials;
      }
      return credentials;
    }
  }

  /** The migrated pool when it may stay (it has at least two connections), else null. */
  private static HikariDataSource firstPool(HikariDataSource migrated, int size) {
    if (size >= 2) {
      return migrated;
    }
    migrated.close();
    return null;
  }

  /**
   * Whether the store is a local DynamoDB emulator (tables are created there; on AWS the template
   * owns them).
   */
  static boolean emulated(Settings s) {
    return s.text(EnvironmentVariables.METRICS_DYNAMODB_ENDPOINT, null) != null;
  }

  private static String required(Settings s, String name) {
    String value = s.text(name, null);
    if (value == null) {
      throw new IllegalStateException(
          name + " is required when " + EnvironmentVariables.METRICS_STORE + "=jdbc");
    }
    return value;
  }

  /** The JDBC pool open right now (none after a drain until the next use), or null. */
  public HikariDataSource openJdbcPool() {
    if (jdbc instanceof ReopeningDataSource reopening) {
      return reopening.current();
    }
    return jdbc instanceof HikariDataSource pool ? pool : null;
  }

  @Override
  public void close() {
    drain.close();
  }
}
