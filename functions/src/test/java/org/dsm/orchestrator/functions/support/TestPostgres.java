package org.dsm.orchestrator.functions.support;

import java.util.Optional;

/**
 * The PostgreSQL the tests run against: METRICS_JDBC_URL / _USER / _PASSWORD when set (CI, another
 * machine), else the local server scripts/test.sh starts (trust authentication, database test).
 */
public final class TestPostgres {
  public static final String URL = env("METRICS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = env("METRICS_JDBC_USER", "postgres");
  public static final String PASSWORD = env("METRICS_JDBC_PASSWORD", "");

  private TestPostgres() {}

  private static String env(String name, String fallback) {
    return Optional.ofNullable(System.getenv(name)).orElse(fallback);
  }
}
