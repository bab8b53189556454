package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A credentials rotation against the machine's PostgreSQL, the "alternating users" way (the server
 * here trusts local connections, so a wrong password would not be refused; a login that is switched
 * off is, with SQLSTATE 28000): the pool starts as user A; the secret moves to user B and A may no
 * longer log in; the next new connection is refused, the pool fetches the secret again and carries
 * on as B.
 */
class RotatingCredentialsPoolTest {
  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String userA = "rot_a_" + suffix;
  private final String userB = "rot_b_" + suffix;
  private final AtomicReference<Credentials> secret = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();

  @BeforeEach
  void createUsers() throws SQLException {
    admin("CREATE ROLE " + userA + " LOGIN PASSWORD 'a-1'");
    admin("CREATE ROLE " + userB + " LOGIN PASSWORD 'b-1'");
    secret.set(new Credentials(userA, "a-1"));
  }

  @AfterEach
  void dropUsers() throws SQLException {
    admin("DROP ROLE IF EXISTS " + userA);
    admin("DROP ROLE IF EXISTS " + userB);
  }

  @Test
  void aRefusedLoginFetchesTheSecretAgainAndTheStoreCarriesOn() throws Exception {
    try (RotatingCredentialsPool pool = RotatingCredentialsPool.start(config(), this::fetch)) {
      assertThat(currentUser(pool)).isEqualTo(userA);
      assertThat(fetches).hasValue(1);

      // the rotation: the secret names B, and A's login is switched off
      secret.set(new Credentials(userB, "b-1"));
      admin("ALTER ROLE " + userA + " NOLOGIN");
      // pooled connections stay logged in; the pool renews them over time (max lifetime)
      pool.getHikariPoolMXBean().softEvictConnections();

      assertThat(currentUser(pool)).isEqualTo(userB);
      assertThat(fetches).hasValue(2);
      assertThat(pool.refreshes()).isEqualTo(1);
      assertThat(currentUser(pool)).isEqualTo(userB);
      assertThat(fetches).as("no fetch while the credentials work").hasValue(2);
    }
  }

  @Test
  void refreshOnDemandPicksUpTheNewSecretForNewConnections() throws Exception {
    try (RotatingCredentialsPool pool = RotatingCredentialsPool.start(config(), this::fetch)) {
      secret.set(new Credentials(userB, "b-1"));

      pool.refresh();

      assertThat(fetches).hasValue(2);
      assertThat(currentUser(pool)).isEqualTo(userB);
    }
  }

  @Test
  void otherFailuresAreNotTakenForARotation() throws Exception {
    try (RotatingCredentialsPool pool = RotatingCredentialsPool.start(config(), this::fetch)) {
      admin("ALTER ROLE " + userA + " CONNECTION LIMIT 0");
      pool.getHikariPoolMXBean().softEvictConnections();

      // "too many connections for role" is 53300, not an authentication failure
      assertThatThrownBy(() -> currentUser(pool)).isInstanceOf(SQLException.class);
      assertThat(pool.refreshes()).isZero();
      assertThat(fetches).hasValue(1);
    }
  }

  /**
   * A URL that names a user (here the administrator the tests connect as) must not shadow the user
   * the secret names, nor the one it rotates to: pgjdbc would let the URL's win.
   */
  @Test
  void aUserInTheUrlGivesWayToTheSecretsUser() throws Exception {
    String base = JdbcMetricsStoreTest.URL;
    String url =
        base
            + (base.contains("?") ? "&" : "?")
            + "user="
            + java.net.URLEncoder.encode(
                JdbcMetricsStoreTest.USER, java.nio.charset.StandardCharsets.UTF_8);
    try (RotatingCredentialsPool pool =
        JdbcConnection.openPool(
            url,
            null,
            this::fetch,
            "public",
            2,
            "rotation-url-test",
            JdbcConnection.Timeouts.DEFAULTS)) {
      assertThat(currentUser(pool)).isEqualTo(userA);

      secret.set(new Credentials(userB, "b-1"));
      admin("ALTER ROLE " + userA + " NOLOGIN");
      pool.getHikariPoolMXBean().softEvictConnections();

      assertThat(currentUser(pool)).isEqualTo(userB);
    }
  }

  @Test
  void aPasswordInTheUrlBesideASecretIsRefusedAtStart() {
    assertThatThrownBy(
            () ->
                JdbcConnection.openPool(
                    JdbcMetricsStoreTest.URL + "?password=x",
                    null,
                    this::fetch,
                    "public",
                    2,
                    "rotation-url-test",
                    JdbcConnection.Timeouts.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("remove password= from the URL");
    assertThat(fetches).hasValue(0);
  }

  private Credentials fetch() {
    fetches.incrementAndGet();
    return secret.get();
  }

  private HikariConfig config() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(JdbcUrlCredentials.parse(JdbcMetricsStoreTest.URL).url());
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(1_000);
    config.setPoolName("rotation-test");
    return config;
  }

  private static String currentUser(RotatingCredentialsPool pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      return row.getString(1);
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                JdbcMetricsStoreTest.URL,
                JdbcMetricsStoreTest.USER,
                JdbcMetricsStoreTest.PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
