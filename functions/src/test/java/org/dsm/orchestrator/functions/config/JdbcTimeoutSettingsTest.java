package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dsm.orchestrator.store.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The PostgreSQL timeouts come from the environment, with defaults and a start-up check. */
class JdbcTimeoutSettingsTest {
  @Test
  void unsetMeansTheDefaults() {
    assertThat(StoreConnection.jdbcTimeouts(new Settings(new MockEnvironment())))
        .isEqualTo(JdbcConnection.Timeouts.DEFAULTS);
  }

  @Test
  void theVariablesSetEachBound() {
    var timeouts =
        StoreConnection.jdbcTimeouts(
            new Settings(
                new MockEnvironment()
                    .withProperty(EnvironmentVariables.METRICS_JDBC_STATEMENT_TIMEOUT_MS, "8000")
                    .withProperty(EnvironmentVariables.METRICS_JDBC_LOCK_TIMEOUT_MS, "0")
                    .withProperty(EnvironmentVariables.METRICS_JDBC_SOCKET_TIMEOUT_MS, "20000")));

    assertThat(timeouts)
        .isEqualTo(
            new JdbcConnection.Timeouts(
                Duration.ofSeconds(8), Duration.ZERO, Duration.ofSeconds(20)));
  }

  @Test
  void aSocketTimeoutThatWouldCutAStatementShortFailsTheStart() {
    var settings =
        new Settings(
            new MockEnvironment()
                .withProperty(EnvironmentVariables.METRICS_JDBC_STATEMENT_TIMEOUT_MS, "5000")
                .withProperty(EnvironmentVariables.METRICS_JDBC_SOCKET_TIMEOUT_MS, "5000"));

    assertThatThrownBy(() -> StoreConnection.jdbcTimeouts(settings))
        .hasMessage(
            "METRICS_JDBC_SOCKET_TIMEOUT_MS (5000) must exceed METRICS_JDBC_STATEMENT_TIMEOUT_MS"
                + " (5000), or be 0");
  }
}
