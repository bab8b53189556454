package org.dsm.orchestrator.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CircuitHints} in the metrics database: table {@code circuit_hint}, one row per service. A
 * mark only ever moves later (GREATEST), so instances racing to mark never shorten each other's. A
 * read that fails answers "no mark": the hint is advisory. Each call ends within {@link
 * CircuitHints#CALL_BOUND}.
 */
public final class JdbcCircuitHints implements CircuitHints {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcCircuitHints.class);
  private final DataSource dataSource;

  public JdbcCircuitHints(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** {@link CircuitHints#CALL_BOUND} from now: the wait for a connection and the statement. */
  private static Deadline bound() {
    long end = System.nanoTime() + CALL_BOUND.toNanos();
    return new Deadline(() -> (end - System.nanoTime()) / 1_000_000);
  }

  @Override
  public Instant openUntil(String service, Instant now) {
    Deadline bound = bound();
    try (Connection connection = JdbcConnection.borrow(dataSource, bound)) {
      JdbcConnection.boundBy(dataSource, connection, bound);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT open_until FROM circuit_hint WHERE service = ? AND open_until > ?")) {
        statement.setString(1, service);
        statement.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        try (ResultSet rows = statement.executeQuery()) {
          Instant until = rows.next() ? rows.getObject(1, OffsetDateTime.class).toInstant() : null;
          connection.commit();
          return until;
        }
      }
    } catch (SQLException e) {
      LOG.debug("circuit hint of {} unreadable: {}", service, e.toString());
      return null;
    }
  }

  @Override
  public void markOpen(String service, Instant until) {
    Deadline bound = bound();
    try (Connection connection = JdbcConnection.borrow(dataSource, bound)) {
      JdbcConnection.boundBy(dataSource, connection, bound);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO circuit_hint (service, open_until) VALUES (?, ?) ON CONFLICT (service)"
                  + " DO UPDATE SET open_until = GREATEST(circuit_hint.open_until,"
                  + " EXCLUDED.open_until)")) {
        statement.setString(1, service);
        statement.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        statement.executeUpdate();
        connection.commit();
      }
    } catch (SQLException e) {
      LOG.warn("circuit hint of {} not stored: {}", service, e.toString());
    }
  }
}
