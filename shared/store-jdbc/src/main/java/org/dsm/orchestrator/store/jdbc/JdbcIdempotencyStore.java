package org.dsm.orchestrator.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.core.text.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link IdempotencyStore} on PostgreSQL, table {@code idempotency_entry} (migrations V2 and V4 in
 * {@link JdbcMetricsStore#MIGRATIONS}, so {@link JdbcMetricsStore#migrate} creates it), keyed by
 * (principal, idem_key); principal is '' without an authenticated caller. A btree entry holds at
 * most ~2704 bytes, so a principal over {@value #PRINCIPAL_KEPT_BYTES} bytes (an ARN with session
 * tags, a JWT subject) is keyed by its SHA-256 instead ({@link #principalKey}); every other
 * principal is keyed as itself, so builds from before that change, which may still serve during a
 * rollout or after a rollback, read and write the same rows. A claim is one statement: INSERT … ON
 * CONFLICT (principal, idem_key) DO UPDATE … WHERE the old row expired, so exactly one of any
 * number of concurrent claimers, on any instance, gets the row. Expired rows are purged in small
 * batches every {@value #PURGE_EVERY} claims, which keeps the table bounded by the traffic of one
 * retention window.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  static final int PURGE_EVERY = 1024;
  static final int PRINCIPAL_KEPT_BYTES = 2048;
  static final String HASHED = "sha256:";
  private static final int PURGE_BATCH = 1000;
  private static final int CLAIM_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcIdempotencyStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
  private static final String CLAIM =
      "INSERT INTO idempotency_entry AS e (principal, idem_key, fingerprint, owner_token, "
          + "expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (principal, idem_key) DO UPDATE SET "
          + "fingerprint = EXCLUDED.fingerprint, "
          + "owner_token = EXCLUDED.owner_token, expires_at = EXCLUDED.expires_at, status = NULL, headers = NULL, "
          + "body = NULL WHERE e.expires_at <= ? RETURNING e.owner_token";
  private static final String READ =
      "SELECT fingerprint, expires_at, status, headers, body FROM idempotency_entry "
          + "WHERE principal = ? AND idem_key = ?";

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final AtomicLong claims = new AtomicLong();

  /**
   * Uses a pool owned by someone else (e.g. the one the metrics store uses); run the migrations
   * first.
   */
  public JdbcIdempotencyStore(DataSource dataSource) {
    this(dataSource, null);
  }

  private JdbcIdempotencyStore(DataSource dataSource, AutoCloseable ownedPool) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
  }

  /**
   * Opens a small Hikari pool of its own and migrates the schema (shared with the metrics store's).
   */
  public static JdbcIdempotencyStore open(
      String jdbcUrl, String username, String password, String schema, int maxPoolSize) {
    HikariDataSource pool =
        JdbcConnection.openMigratedPool(
            jdbcUrl, username, password, schema, maxPoolSize, "idempotency-store");
    return new JdbcIdempotencyStore(pool, pool);
  }

  @Override
  public Claim claim(
      IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil) {
    return claim(key, fingerprint, owner, now, leaseUntil, Deadline.NONE);
  }

  /**
   * Bounded by what is left of {@code deadline}: taking the connection ({@link
   * JdbcConnection#borrow}) and each statement ({@link JdbcConnection#boundBy}), all in one
   * transaction committed before the claim is answered. A claim cancelled at the deadline (a row
   * locked by another session, a hung server) rolls back whole, so it cannot be stored after the
   * caller was told it failed; only a commit whose answer is lost leaves that unknown, and the
   * guard then releases it.
   */
  @Override
  public Claim claim(
      IdempotencyKey key,
      String fingerprint,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline) {
    if (claims.incrementAndGet() % PURGE_EVERY == 0) {
      try {
        purgeExpired(now, deadline);
      } catch (IdempotencyStoreException e) {
        // housekeeping: expired rows wait for the next purge, and they already count as absent; the
        // claim itself may well succeed
        LOG.warn("idempotency purge failed, the claim goes on: {}", e.getMessage());
      }
    }
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      boolean bounded = JdbcConnection.boundBy(dataSource, connection, deadline);
      Claim claim = claim(connection, key, fingerprint, owner, now, leaseUntil, deadline);
      if (bounded) {
        connection.commit(); // else rolled back when the pool takes the connection back
      }
      return claim;
    } catch (SQLException e) {
      throw new IdempotencyStoreException(
          "PostgreSQL idempotency claim failed: " + e.getMessage(), e);
    }
  }

  private Claim claim(
      Connection connection,
      IdempotencyKey key,
      String fingerprint,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline)
      throws SQLException {
    // a live row can vanish between the failed insert and the read (released, purged): then try
    // again
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        JdbcConnection.boundNext(dataSource, connection, deadline);
      }
      if (tryInsert(connection, key, fingerprint, owner, now, leaseUntil)) {
        return Claim.claimed(fingerprint);
      }
      JdbcConnection.boundNext(dataSource, connection, deadline);
      Claim live = readLive(connection, key, now);
      if (live != null) {
        return live;
      }
    }
    throw new IdempotencyStoreException(
        "the idempotency entry kept changing under the claim", null);
  }

  private static boolean tryInsert(
      Connection connection,
      IdempotencyKey key,
      String fingerprint,
      String owner,
      Instant now,
      Instant leaseUntil)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
      statement.setString(1, principalKey(key));
      statement.setString(2, key.value());
      statement.setString(3, fingerprint);
      statement.setString(4, owner);
      statement.setObject(5, timestamp(leaseUntil));
      statement.setObject(6, timestamp(now));
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static Claim readLive(Connection connection, IdempotencyKey key, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ)) {
      statement.setString(1, principalKey(key));
      statement.setString(2, key.value());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()
            || !row.getObject("expires_at", OffsetDateTime.class).toInstant().isAfter(now)) {
          return null;
        }
        String fingerprint = row.getString("fingerprint");
        int status = row.getInt("status");
        if (row.wasNull()) {
          return Claim.inProgress(fingerprint);
        }
        return Claim.completed(
            fingerprint,
            new StoredResponse(status, headers(row.getString("headers")), row.getString("body")));
      }
    }
  }

  @Override
  public void complete(
      IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
    complete(key, owner, response, expiresAt, Deadline.NONE);
  }

  /** Bounded by what is left of {@code deadline} ({@link JdbcConnection#boundBy}). */
  @Override
  public void complete(
      IdempotencyKey key,
      String owner,
      StoredResponse response,
      Instant expiresAt,
      Deadline deadline) {
    update(
        deadline,
        "UPDATE idempotency_entry SET status = ?, headers = ?::jsonb, body = ?, expires_at = ? "
            + "WHERE principal = ? AND idem_key = ? AND owner_token = ?",
        statement -> {
          statement.setInt(1, response.status());
          statement.setString(2, json(response.headers()));
          statement.setString(3, response.body());
          statement.setObject(4, timestamp(expiresAt));
          statement.setString(5, principalKey(key));
          statement.setString(6, key.value());
          statement.setString(7, owner);
        });
  }

  @Override
  public void release(IdempotencyKey key, String owner) {
    release(key, owner, Deadline.NONE);
  }

  @Override
  public void release(IdempotencyKey key, String owner, Deadline deadline) {
    update(
        deadline,
        "DELETE FROM idempotency_entry WHERE principal = ? AND idem_key = ? AND owner_token = ?",
        statement -> {
          statement.setString(1, principalKey(key));
          statement.setString(2, key.value());
          statement.setString(3, owner);
        });
  }

  /**
   * Deletes up to {@value #PURGE_BATCH} expired rows; returns how many. The rows are locked as they
   * are picked, skipping those another transaction holds: a row being taken over by a claim (ON
   * CONFLICT DO UPDATE) is live once that commits, and a DELETE that waited for it would delete the
   * new claim all the same (its IN list was read before), letting a third request claim the key.
   */
  public int purgeExpired(Instant now) {
    return purgeExpired(now, Deadline.NONE);
  }

  private int purgeExpired(Instant now, Deadline deadline) {
    return update(
        deadline,
        "DELETE FROM idempotency_entry WHERE (principal, idem_key) IN (SELECT principal, idem_key "
            + "FROM idempotency_entry WHERE expires_at <= ? LIMIT "
            + PURGE_BATCH
            + " FOR UPDATE SKIP LOCKED)",
        statement -> statement.setObject(1, timestamp(now)));
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private int update(Deadline deadline, String sql, Binder binder) {
    try (Connection connection = JdbcConnection.borrow(dataSource, deadline)) {
      boolean bounded = JdbcConnection.boundBy(dataSource, connection, deadline);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(statement);
        int rows = statement.executeUpdate();
        if (bounded) {
          connection.commit(); // else rolled back when the pool takes the connection back
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IdempotencyStoreException(
          "PostgreSQL idempotency write failed: " + e.getMessage(), e);
    }
  }

  /**
   * The principal column's value: the principal itself, or {@value #HASHED} and the hex SHA-256 of
   * its UTF-8 bytes when it is longer than {@value #PRINCIPAL_KEPT_BYTES} bytes (with the 128
   * characters of the key, the entry stays under the btree's limit), itself starts with the prefix
   * (so no caller can name another's hashed principal), or cannot be stored as text as it is: a NUL
   * (PostgreSQL's text refuses it: every claim was a store failure) or an unpaired surrogate
   * (pgjdbc sends it as {@code ?}: two principals shared their entries). Hashed over {@link
   * IdempotencyKey#principalBytes}, the UTF-8 for every well-formed principal.
   */
  static String principalKey(IdempotencyKey key) {
    String principal = key.principal();
    if (key.principalIsWellFormed() && principal.indexOf('\0') < 0) {
      byte[] utf8 = principal.getBytes(StandardCharsets.UTF_8);
      if (utf8.length <= PRINCIPAL_KEPT_BYTES && !principal.startsWith(HASHED)) {
        return principal;
      }
    }
    return HASHED + Sha256.hex(key.principalBytes());
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String json(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JacksonException e) {
      throw new IdempotencyStoreException("response headers not serialisable", e);
    }
  }

  private static Map<String, String> headers(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, HEADERS);
    } catch (JacksonException e) {
      throw new IdempotencyStoreException("stored response headers unreadable", e);
    }
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new IdempotencyStoreException(
            "closing the PostgreSQL pool failed: " + e.getMessage(), e);
      }
    }
  }
}
