package org.dsm.orchestrator.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the tests use, found once per JVM by a ladder: the configured server
 * (METRICS_JDBC_URL / _USER / _PASSWORD, default 127.0.0.1:5432 database "test" user postgres) when
 * it answers; else a Testcontainers PostgreSQL where a Docker engine exists; else an embedded
 * PostgreSQL (zonky), which cannot run as root because initdb refuses to. When no rung can run, the
 * tests fail with one line saying what is missing — never a skip.
 */
public final class TestPostgres {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static Database database;

  private TestPostgres() {}

  /** A reachable database: where to connect and which rung provided it. */
  public record Database(String url, String user, String password, Rung rung) {}

  public enum Rung {
    CONFIGURED_SERVER,
    TESTCONTAINERS,
    EMBEDDED
  }

  /** What the ladder looks at; the real probes in production use, stand-ins in its own test. */
  record Probes(
      String configuredUrl,
      BooleanSupplier configuredServerAnswers,
      BooleanSupplier dockerAvailable,
      Supplier<String> embeddedBlocker) {}

  /** The database for this JVM's tests, started on first use and stopped at exit. */
  public static synchronized Database get() {
    if (database == null) {
      database = start(System.getenv());
    }
    return database;
  }

  static Database start(Map<String, String> env) {
    String url = Optional.ofNullable(env.get("METRICS_JDBC_URL")).orElse(DEFAULT_URL);
    String user = Optional.ofNullable(env.get("METRICS_JDBC_USER")).orElse("postgres");
    String password = Optional.ofNullable(env.get("METRICS_JDBC_PASSWORD")).orElse("");
    Probes probes =
        new Probes(
            url,
            () -> answers(url, user, password),
            TestPostgres::dockerAvailable,
            TestPostgres::embeddedBlocker);
    return switch (choose(probes)) {
      case CONFIGURED_SERVER -> new Database(url, user, password, Rung.CONFIGURED_SERVER);
      case TESTCONTAINERS -> startContainer();
      case EMBEDDED -> startEmbedded();
    };
  }

  /**
   * The first rung that can run, in ladder order.
   *
   * @throws IllegalStateException with one line naming what each rung lacks
   */
  static Rung choose(Probes probes) {
    if (probes.configuredServerAnswers().getAsBoolean()) {
      return Rung.CONFIGURED_SERVER;
    }
    if (probes.dockerAvailable().getAsBoolean()) {
      return Rung.TESTCONTAINERS;
    }
    String blocker = probes.embeddedBlocker().get();
    if (blocker == null) {
      return Rung.EMBEDDED;
    }
    throw new IllegalStateException(
        "No PostgreSQL for the tests: nothing answers at "
            + probes.configuredUrl()
            + " (set METRICS_JDBC_URL), no Docker engine for Testcontainers, and embedded"
            + " PostgreSQL cannot run here ("
            + blocker
            + ")");
  }

  static boolean answers(String url, String user, String password) {
    DriverManager.setLoginTimeout(3);
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      return connection.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Why the embedded server cannot start here, or null when it can. */
  static String embeddedBlocker() {
    if ("root".equals(System.getProperty("user.name"))) {
      return "running as root, and initdb refuses to; run the tests as an unprivileged user";
    }
    return null;
  }

  private static Database startContainer() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
    return new Database(
        container.getJdbcUrl(),
        container.getUsername(),
        container.getPassword(),
        Rung.TESTCONTAINERS);
  }

  private static Database startEmbedded() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException e) {
                      // the JVM is exiting; the temporary data directory goes with it
                    }
                  },
                  "stop-test-postgres"));
      return new Database(
          postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", Rung.EMBEDDED);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }
}
