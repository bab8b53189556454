package org.dsm.orchestrator.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hikari pool whose database credentials come from a secret store and are fetched again when they
 * stop working: a connection attempt refused for authentication (SQLSTATE class 28, e.g. 28P01
 * wrong password, 28000 login not permitted) fetches the current credentials, hands them to Hikari
 * (which uses them for every new connection), retires the pooled connections and retries once. So a
 * rotation — a new password, or the next of two alternating users — does not break the store.
 * {@link #refresh} does the same on demand (after a SnapStart restore).
 */
public final class RotatingCredentialsPool extends HikariDataSource {
  private static final Logger LOG = LoggerFactory.getLogger(RotatingCredentialsPool.class);

  /** A user name (null keeps the configured one) and password. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=<hidden>]";
    }
  }

  private final Supplier<Credentials> source;
  private long generation;

  private RotatingCredentialsPool(HikariConfig config, Supplier<Credentials> source) {
    super(config);
    this.source = source;
  }

  /** Fetches the credentials once and starts the pool with them. */
  public static RotatingCredentialsPool start(HikariConfig config, Supplier<Credentials> source) {
    Objects.requireNonNull(source, "source");
    apply(config, source.get());
    return new RotatingCredentialsPool(config, source);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(super::getConnection);
  }

  /**
   * As {@link #getConnection()}, waiting for a free connection no longer than {@code timeoutMs}
   * (each time, when the credentials are fetched again in between).
   */
  Connection getConnection(long timeoutMs) throws SQLException {
    return connect(() -> JdbcConnection.poolOf(this).getConnection(timeoutMs));
  }

  private interface Connect {
    Connection get() throws SQLException;
  }

  private Connection connect(Connect connect) throws SQLException {
    long seen = generation();
    try {
      return connect.get();
    } catch (SQLException e) {
      if (!isAuthenticationFailure(e)) {
        throw e;
      }
      LOG.warn(
          "pool {}: the database refused the credentials ({}); fetching them again",
          getPoolName(),
          e.getMessage());
      refreshUnlessDoneSince(seen);
      return connect.get();
    }
  }

  /** Fetches the credentials again and retires the connections opened with the old ones. */
  public void refresh() {
    refreshUnlessDoneSince(generation());
  }

  /** Concurrent failures share one fetch: whoever comes second finds it done. */
  private synchronized void refreshUnlessDoneSince(long seen) {
    if (generation != seen) {
      return;
    }
    Credentials fresh = source.get();
    // one atomic swap: a connection opened meanwhile never pairs the new user with the old password
    getHikariConfigMXBean()
        .setCredentials(
            com.zaxxer.hikari.util.Credentials.of(
                fresh.username() != null ? fresh.username() : getUsername(), fresh.password()));
    if (getHikariPoolMXBean() != null) {
      getHikariPoolMXBean().softEvictConnections();
    }
    generation++;
  }

  private synchronized long generation() {
    return generation;
  }

  /** How many times the credentials were fetched again since the start. */
  public synchronized long refreshes() {
    return generation;
  }

  /** Closes the pool, then the credentials source when it holds resources (a client). */
  @Override
  public void close() {
    try {
      super.close();
    } finally {
      if (source instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing the credentials source failed: {}", e.toString());
        }
      }
    }
  }

  private static void apply(HikariConfig config, Credentials credentials) {
    if (credentials.username() != null) {
      config.setUsername(credentials.username());
    }
    config.setPassword(credentials.password());
  }

  /** SQLSTATE class 28 (invalid authorization specification) anywhere in the cause chain. */
  static boolean isAuthenticationFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("28")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
