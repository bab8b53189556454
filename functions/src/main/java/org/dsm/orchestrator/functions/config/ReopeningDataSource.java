package org.dsm.orchestrator.functions.config;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A Hikari pool that can be drained (closed, every connection with it) and opens a new pool on the
 * next {@link #getConnection}: SnapStart takes its snapshot with no database connection in it.
 */
final class ReopeningDataSource implements DataSource, StoreConnection.Drainable {
  private final Supplier<HikariDataSource> opener;
  private final AutoCloseable alsoOnClose;
  private HikariDataSource pool;
  private boolean closed;

  /**
   * @param first an open pool to start with, or null to open one on first use
   * @param alsoOnClose closed with this data source for good (not on a drain), or null
   */
  ReopeningDataSource(
      HikariDataSource first, Supplier<HikariDataSource> opener, AutoCloseable alsoOnClose) {
    this.pool = first;
    this.opener = opener;
    this.alsoOnClose = alsoOnClose;
  }

  private synchronized HikariDataSource pool() throws SQLException {
    if (closed) {
      throw new SQLException("the store connection is closed");
    }
    if (pool == null) {
      pool = opener.get();
    }
    return pool;
  }

  /** The pool open now, or null after a drain until the next use. */
  synchronized HikariDataSource current() {
    return pool;
  }

  @Override
  public synchronized void drain() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  @Override
  public synchronized void close() {
    drain();
    closed = true;
    if (alsoOnClose != null) {
      try {
        alsoOnClose.close();
      } catch (Exception e) {
        // closing for good: nothing left to do with a failure
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return pool().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return pool().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool().isWrapperFor(type);
  }
}
