package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlCredentialsTest {
  @Test
  void credentialsLeaveTheUrlAndTheOtherParametersStayInOrder() {
    var parsed =
        JdbcUrlCredentials.parse(
            "jdbc:postgresql://db:5432/metrics?sslmode=require&user=app&password=p%40ss%26w&ApplicationName=x");

    assertThat(parsed.url())
        .isEqualTo("jdbc:postgresql://db:5432/metrics?sslmode=require&ApplicationName=x");
    assertThat(parsed.user()).isEqualTo("app");
    assertThat(parsed.password()).isEqualTo("p@ss&w");
  }

  @Test
  void aUrlWithoutCredentialsIsKeptAsItIs() {
    assertThat(JdbcUrlCredentials.parse("jdbc:postgresql://db/metrics"))
        .isEqualTo(new JdbcUrlCredentials("jdbc:postgresql://db/metrics", null, null));
    assertThat(JdbcUrlCredentials.parse("jdbc:postgresql://db/metrics?user=app").url())
        .isEqualTo("jdbc:postgresql://db/metrics");
  }

  @Test
  void aUserGivenApartWinsOnlyWhenTheUrlAgreesOrNamesNone() {
    var parsed = JdbcUrlCredentials.parse("jdbc:postgresql://db/metrics?user=app");

    assertThat(parsed.user(null)).isEqualTo("app");
    assertThat(parsed.user("app")).isEqualTo("app");
    assertThat(JdbcUrlCredentials.parse("jdbc:postgresql://db/m").user("ops")).isEqualTo("ops");
    assertThatThrownBy(() -> parsed.user("ops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("METRICS_JDBC_USER");
  }
}
