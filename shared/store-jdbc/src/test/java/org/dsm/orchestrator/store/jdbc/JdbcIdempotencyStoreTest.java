package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.fixtures.IdempotencyStoreContract;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idempotency contract against a real PostgreSQL (as {@link JdbcMetricsStoreTest}: {@link
 * TestPostgres}). Each run uses a schema of its own, dropped afterwards. Each test's store is a
 * second pool on the schema, so "two instances" really are two.
 */
class JdbcIdempotencyStoreTest extends IdempotencyStoreContract {
  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("idem_test");

  @BeforeAll
  static void migrateOnce() {
    JdbcIdempotencyStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2)
        .close();
  }

  private static JdbcIdempotencyStore open() {
    return JdbcIdempotencyStore.open(
        JdbcMetricsStoreTest.URL,
        JdbcMetricsStoreTest.USER,
        JdbcMetricsStoreTest.PASSWORD,
        schema.name(),
        8);
  }

  @Override
  protected IdempotencyStore createStore() {
    return open();
  }

  @Override
  protected Optional<IdempotencyStore> createSecondInstance() {
    return Optional.of(open());
  }

  @Test
  void theMigrationsAddTheTableNextToTheMetricsTablesAndScopeItToTheCaller() throws SQLException {
    java.util.List<String> versions = new java.util.ArrayList<>();
    try (Connection connection = ScratchSchema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM "
                    + schema.name()
                    + "."
                    + JdbcConnection.FLYWAY_HISTORY_TABLE
                    + " WHERE success AND type = 'SQL' ORDER BY installed_rank")) {
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
    }
    // V2 creates the table, V4 keys it by (principal, idem_key); other migrations may lie between
    assertThat(versions).containsSubsequence("1", "2", "4");
    try (Connection connection = ScratchSchema.connect();
        ResultSet key =
            connection.getMetaData().getPrimaryKeys(null, schema.name(), "idempotency_entry")) {
      java.util.List<String> columns = new java.util.ArrayList<>();
      while (key.next()) {
        columns.add(key.getString("COLUMN_NAME"));
      }
      assertThat(columns).containsExactlyInAnyOrder("principal", "idem_key");
    }
  }

  /**
   * A btree index entry holds at most 2704 bytes: keyed by the principal itself, a claim with a 10
   * KB principal that does not compress (random characters) failed with "index row requires 10296
   * bytes, maximum size is 8191" (from about 2.7 KB: "index row size … exceeds btree version 4
   * maximum 2704"). Keyed by its hash (the longest principal kept as itself is 2 KB), it is
   * claimed, completed and replayed.
   */
  @Test
  void aTenKilobytePrincipalIsClaimedCompletedAndReplayed() {
    java.util.Random random = new java.util.Random(42);
    StringBuilder principal = new StringBuilder("arn:aws:sts::111122223333:assumed-role/");
    while (principal.length() < 10 * 1024) {
      principal.append((char) ('!' + random.nextInt(94)));
    }
    IdempotencyKey big = new IdempotencyKey(principal.toString(), key.value());
    StoredResponse answer = new StoredResponse(200, "{\"for\":\"the long principal\"}");

    assertThat(store.claim(big, "fp", "owner-1", now, now.plusSeconds(60)))
        .isEqualTo(Claim.claimed("fp"));
    store.complete(big, "owner-1", answer, now.plusSeconds(3600));

    assertThat(store.claim(big, "fp", "owner-2", now, now.plusSeconds(60)))
        .isEqualTo(Claim.completed("fp", answer));
    // another principal with the same key, and the same principal one character shorter, are apart
    assertThat(
            store.claim(
                new IdempotencyKey(principal.substring(1), key.value()),
                "fp",
                "o",
                now,
                now.plusSeconds(60)))
        .isEqualTo(Claim.claimed("fp"));
    // the longest principal kept as itself, with the longest key, still fits the btree entry
    IdempotencyKey longestKept =
        new IdempotencyKey(
            principal.substring(0, JdbcIdempotencyStore.PRINCIPAL_KEPT_BYTES),
            principal.substring(5000, 5000 + 128));
    assertThat(JdbcIdempotencyStore.principalKey(longestKept)).isEqualTo(longestKept.principal());
    assertThat(store.claim(longestKept, "fp", "o", now, now.plusSeconds(60)))
        .isEqualTo(Claim.claimed("fp"));
  }

  /**
   * A rollout runs the previous build beside this one (a Lambda canary, old Knative revisions until
   * the new ones are ready), and a rollback runs it alone: both must read and write the same rows.
   * Here rows written with the previous build's own statement are found by this store, and what
   * this store claims is found by the previous build's query, for an ordinary principal (not ASCII:
   * UTF-8 on both sides).
   */
  @Test
  void thePreviousBuildAndThisOneShareTheirRows() throws SQLException {
    String principal = "arn:aws:iam::111122223333:user/Zoë";
    try (Connection connection = ScratchSchema.connect();
        var insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + schema.name()
                    + ".idempotency_entry (principal, idem_key, fingerprint, owner_token,"
                    + " expires_at, status, headers, body) VALUES (?, ?, 'fp', 'old-owner', ?,"
                    + " 201, '{}'::jsonb, '{\"run\":1}')")) {
      insert.setString(1, principal);
      insert.setString(2, "old-" + key.value());
      insert.setObject(3, OffsetDateTime.ofInstant(now.plusSeconds(3600), ZoneOffset.UTC));
      insert.executeUpdate();
    }
    assertThat(
            store.claim(
                new IdempotencyKey(principal, "old-" + key.value()),
                "fp",
                "new-owner",
                now,
                now.plusSeconds(60)))
        .isEqualTo(Claim.completed("fp", new StoredResponse(201, "{\"run\":1}")));

    store.claim(
        new IdempotencyKey(principal, "new-" + key.value()),
        "fp",
        "new-owner",
        now,
        now.plusSeconds(60));
    try (Connection connection = ScratchSchema.connect();
        var read =
            connection.prepareStatement(
                "SELECT owner_token FROM "
                    + schema.name()
                    + ".idempotency_entry WHERE principal = ? AND idem_key = ?")) {
      read.setString(1, principal);
      read.setString(2, "new-" + key.value());
      try (ResultSet rows = read.executeQuery()) {
        assertThat(rows.next()).as("the previous build's read finds the claim").isTrue();
        assertThat(rows.getString(1)).isEqualTo("new-owner");
      }
    }
  }

  /**
   * A long principal is stored as its hash under a prefix; a caller whose principal is that very
   * text is hashed too, so it cannot meet the long principal's entry.
   */
  @Test
  void aPrincipalSpelledLikeAHashIsHashedInItsTurn() {
    String longPrincipal = "arn:aws:sts::111122223333:assumed-role/" + "x".repeat(3000);
    IdempotencyKey owner = new IdempotencyKey(longPrincipal, key.value());
    String stored = JdbcIdempotencyStore.principalKey(owner);
    assertThat(stored).startsWith(JdbcIdempotencyStore.HASHED).hasSize(7 + 64);
    StoredResponse answer = new StoredResponse(200, "{\"secret\":true}");
    store.claim(owner, "fp", "o", now, now.plusSeconds(60));
    store.complete(owner, "o", answer, now.plusSeconds(3600));

    IdempotencyKey impostor = new IdempotencyKey(stored, key.value());
    assertThat(JdbcIdempotencyStore.principalKey(impostor)).isNotEqualTo(stored);
    assertThat(store.claim(impostor, "fp", "o2", now, now.plusSeconds(60)))
        .isEqualTo(Claim.claimed("fp"));
    assertThat(store.claim(owner, "fp", "o3", now, now.plusSeconds(60)))
        .isEqualTo(Claim.completed("fp", answer));
  }

  @Test
  void aScopedKeyIsStoredWithItsPrincipalAndAnUnscopedOneWithAnEmptyOne() throws SQLException {
    store.claim(new IdempotencyKey("alice", key.value()), "fp", "o", now, now.plusSeconds(60));
    store.claim(key, "fp", "o", now, now.plusSeconds(60));
    try (Connection connection = ScratchSchema.connect();
        var statement =
            connection.prepareStatement(
                "SELECT principal FROM "
                    + schema.name()
                    + ".idempotency_entry WHERE idem_key = ? ORDER BY principal")) {
      statement.setString(1, key.value());
      try (ResultSet rows = statement.executeQuery()) {
        java.util.List<String> principals = new java.util.ArrayList<>();
        while (rows.next()) {
          principals.add(rows.getString(1));
        }
        assertThat(principals).containsExactly("", "alice");
      }
    }
  }

  @Test
  void purgingDeletesExpiredRowsOnly() throws SQLException {
    IdempotencyKey expired = IdempotencyKey.unscoped(key.value() + "-expired");
    store.claim(expired, "fp", "o", now, now.plus(Duration.ofMinutes(1)));
    store.claim(key, "fp", "o", now, now.plus(Duration.ofHours(1)));

    int purged = ((JdbcIdempotencyStore) store).purgeExpired(now.plus(Duration.ofMinutes(2)));

    assertThat(purged).isGreaterThanOrEqualTo(1); // other tests' expired rows may go too
    assertThat(countRows(expired)).isZero();
    assertThat(countRows(key)).isEqualTo(1);
    assertThat(store.claim(key, "fp", "o2", now, now.plus(Duration.ofHours(1))))
        .isEqualTo(Claim.inProgress("fp"));
  }

  /**
   * The purge of expired rows runs on every {@value JdbcIdempotencyStore#PURGE_EVERY}th claim; it
   * is housekeeping, and its failure must not refuse the claim. Here the store's role may not
   * DELETE (a revoked privilege on the real server): the purge fails with "permission denied", and
   * the claim that ran it is still won.
   */
  @Test
  void aPurgeThatFailsDoesNotFailTheClaimThatRanIt() throws SQLException {
    String role = "idem_nodelete_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String password = UUID.randomUUID().toString();
    try (Connection connection = ScratchSchema.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      statement.execute("GRANT USAGE ON SCHEMA " + schema.name() + " TO " + role);
      statement.execute(
          "GRANT SELECT, INSERT, UPDATE ON " + schema.table("idempotency_entry") + " TO " + role);
    }
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(JdbcMetricsStoreTest.URL);
    config.setUsername(role);
    config.setPassword(password);
    config.setSchema(schema.name());
    config.setMaximumPoolSize(1);
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
      JdbcIdempotencyStore noDelete = new JdbcIdempotencyStore(pool);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> noDelete.purgeExpired(now))
          .hasMessageContaining("permission denied"); // the fault is real

      Claim last = null;
      for (int i = 1; i <= JdbcIdempotencyStore.PURGE_EVERY; i++) { // the last one purges
        last =
            noDelete.claim(
                IdempotencyKey.unscoped(key.value() + "-" + i),
                "fp",
                "o",
                now,
                now.plusSeconds(600));
      }

      assertThat(last).isEqualTo(Claim.claimed("fp"));
      assertThat(
              countRows(
                  IdempotencyKey.unscoped(key.value() + "-" + JdbcIdempotencyStore.PURGE_EVERY)))
          .isEqualTo(1);
    } finally {
      try (Connection connection = ScratchSchema.connect();
          Statement statement = connection.createStatement()) {
        // its 1024 rows would crowd other tests' expired rows out of a 1000-row purge
        statement.execute(
            "DELETE FROM "
                + schema.name()
                + ".idempotency_entry WHERE idem_key LIKE '"
                + key.value()
                + "-%'");
        statement.execute("DROP OWNED BY " + role);
        statement.execute("DROP ROLE " + role);
      }
    }
  }

  /**
   * A purge that meets an expired row while another instance is taking it over (a claim's ON
   * CONFLICT DO UPDATE holds the row) must leave the new, live claim alone: deleting it would let a
   * third request claim the key and run the action a second time.
   */
  @Test
  void aPurgeNeverDeletesAnExpiredRowThatIsBeingTakenOverMeanwhile() throws Exception {
    store.claim(key, "fp-old", "owner-old", now, now.plusSeconds(1));
    Instant later = now.plusSeconds(10);
    ExecutorService purger = Executors.newSingleThreadExecutor();
    try (Connection takeover = ScratchSchema.connect()) {
      takeover.setAutoCommit(false);
      try (var statement =
          takeover.prepareStatement(
              "UPDATE "
                  + schema.name()
                  + ".idempotency_entry SET fingerprint = 'fp-new', owner_token = 'owner-new',"
                  + " expires_at = ? WHERE principal = '' AND idem_key = ? AND expires_at <= ?")) {
        statement.setObject(1, OffsetDateTime.ofInstant(later.plusSeconds(300), ZoneOffset.UTC));
        statement.setString(2, key.value());
        statement.setObject(3, OffsetDateTime.ofInstant(later, ZoneOffset.UTC));
        assertThat(statement.executeUpdate()).isEqualTo(1); // taken over, not yet committed
      }
      Future<Integer> purge =
          purger.submit(() -> ((JdbcIdempotencyStore) store).purgeExpired(later));
      // let the purge reach the row: it either waits on the takeover's lock or has passed it
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!purge.isDone() && !purgeWaitsOnALock() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      takeover.commit();
      purge.get(30, TimeUnit.SECONDS);
    } finally {
      purger.shutdownNow();
    }

    assertThat(countRows(key)).isEqualTo(1);
    assertThat(store.claim(key, "fp-new", "owner-3", later, later.plusSeconds(60)))
        .isEqualTo(Claim.inProgress("fp-new"));
  }

  private static boolean purgeWaitsOnALock() throws SQLException {
    try (Connection connection = ScratchSchema.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND"
                    + " wait_event_type = 'Lock' AND query LIKE 'DELETE FROM idempotency_entry%'")) {
      rows.next();
      return rows.getInt(1) > 0;
    }
  }

  private static int countRows(IdempotencyKey key) throws SQLException {
    try (Connection connection = ScratchSchema.connect();
        var statement =
            connection.prepareStatement(
                "SELECT count(*) FROM "
                    + schema.name()
                    + ".idempotency_entry WHERE principal = ? AND idem_key = ?")) {
      statement.setString(1, key.principal());
      statement.setString(2, key.value());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
